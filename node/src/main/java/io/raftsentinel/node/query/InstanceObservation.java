package io.raftsentinel.node.query;

/**
 * What this node's monitor last saw of one Redis instance (never replicated: local facts).
 *
 * @param runId from INFO, "" if not yet known
 * @param role {@code master} or {@code slave}, "" if not yet known
 * @param lastPingSentAgoMs ms since the oldest unanswered PING, 0 if none outstanding
 * @param lastOkPingReplyAgoMs ms since the last valid PING reply (-1 never)
 * @param lastPingReplyAgoMs ms since the last PING reply of any kind (-1 never)
 * @param infoRefreshAgoMs ms since the last INFO reply (-1 never)
 * @param roleReportedAgoMs ms since the reported role last changed
 * @param masterHost for a replica, the master it replicates from ("?" unknown)
 * @param masterLinkDownMs for a replica, ms its link to the master has been down (0 if up)
 * @param subjectivelyDown this node's own SDOWN verdict
 * @param connected whether the monitor has a live connection to the instance
 */
public record InstanceObservation(
    String runId,
    String role,
    long lastPingSentAgoMs,
    long lastOkPingReplyAgoMs,
    long lastPingReplyAgoMs,
    long infoRefreshAgoMs,
    long roleReportedAgoMs,
    String masterHost,
    int masterPort,
    boolean masterLinkUp,
    long masterLinkDownMs,
    int priority,
    long replOffset,
    boolean subjectivelyDown,
    boolean connected,
    String lastInfo) {}
