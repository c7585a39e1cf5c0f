package io.raftsentinel.raftstate.core;

/**
 * One finished failover attempt of a master, kept for operators (the last {@link #LIMIT} per master).
 *
 * @param candidate the replica chosen, or null when none qualified
 * @param promotedAtMs log time of the committed promotion, 0 if it never got that far
 * @param outcome {@link #ENDED} or {@link #ABORTED}
 * @param reason for an end, "" or "timeout"; for an abort, its name (no-good-slave, slave-timeout,
 *     not-elected, switchover-timeout, promotion-lag, vetoed) and any detail
 * @param coordinated a planned, zero-loss switchover rather than a forced failover
 * @param candidateLag bytes the candidate was behind the master when chosen, -1 when unknown
 */
public record FailoverHistoryEntry(
    long epoch,
    String leaderNode,
    boolean manual,
    InstanceAddress oldMaster,
    InstanceAddress candidate,
    int candidatePriority,
    long candidateOffset,
    String candidateRunId,
    long startedAtMs,
    long promotedAtMs,
    long endedAtMs,
    String outcome,
    String reason,
    boolean coordinated,
    long candidateLag) {

  public static final int LIMIT = 20;
  public static final String ENDED = "ended";
  public static final String ABORTED = "aborted";

  static FailoverHistoryEntry of(FailoverRecord f, long endedAtMs, String outcome, String reason) {
    return new FailoverHistoryEntry(f.epoch(), f.leaderNode(), f.manual(), f.oldMaster(), f.candidate(),
        f.candidatePriority(), f.candidateOffset(), f.candidateRunId(), f.startedAtMs(), f.promotedAtMs(), endedAtMs,
        outcome, reason, f.coordinated(), f.candidateLag());
  }
}
