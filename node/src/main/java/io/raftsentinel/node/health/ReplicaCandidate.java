package io.raftsentinel.node.health;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.raftstate.core.InstanceAddress;

/**
 * What replica selection needs to know about one replica, as this node sees it now.
 *
 * @param runId "" when unknown (sorts last)
 * @param lastOkPingAgoMs ms since the last valid PING reply, -1 never
 * @param infoAgeMs ms since the last INFO reply, -1 never
 * @param masterLinkDownMs ms its link to the master has been down, 0 when up
 */
public record ReplicaCandidate(InstanceAddress address, String runId, int priority, long offset, boolean sdown,
    boolean connected, long lastOkPingAgoMs, long infoAgeMs, long masterLinkDownMs) {

  public ReplicaCandidate {
    runId = runId == null ? "" : runId;
  }

  /** The candidate view of a monitor observation. */
  public static ReplicaCandidate of(InstanceAddress address, InstanceObservation o) {
    return new ReplicaCandidate(address, o.runId(), o.priority(), o.replOffset(), o.subjectivelyDown(),
        o.connected(), o.lastOkPingReplyAgoMs(), o.infoRefreshAgoMs(), o.masterLinkDownMs());
  }
}
