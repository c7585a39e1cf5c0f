package io.raftsentinel.raftstate.core;

import java.util.SortedSet;

/**
 * A failover in progress. {@code term} is the highest Raft term of a leader that committed a step
 * of it: a step proposed by a leader of an older term is rejected as stale. A {@code coordinated}
 * one is a planned switchover of a healthy master (always {@code manual} too): the old master's
 * writes are paused at most {@code switchoverTimeoutMs} while the candidate catches up; it is 0 for
 * other failovers.
 * {@code candidateLag} is how many bytes the candidate was behind the master's last known offset
 * when chosen (-1 unknown).
 */
public record FailoverRecord(
    long epoch,
    long term,
    String leaderNode,
    InstanceAddress candidate,
    InstanceAddress oldMaster,
    boolean manual,
    FailoverStep step,
    long startedAtMs,
    long promotedAtMs,
    SortedSet<InstanceAddress> reconfigured,
    int candidatePriority,
    long candidateOffset,
    String candidateRunId,
    long switchoverTimeoutMs,
    boolean coordinated,
    long candidateLag) {

  /** The write-pause budget of a switchover when the operator gives none. */
  public static final long DEFAULT_SWITCHOVER_TIMEOUT_MS = 5_000;

  public FailoverRecord {
    reconfigured = Maps.freeze(reconfigured);
  }

  FailoverRecord promoted(long atMs, long newTerm) {
    return new FailoverRecord(epoch, Math.max(term, newTerm), leaderNode, candidate, oldMaster, manual,
        FailoverStep.PROMOTED, startedAtMs, atMs, reconfigured, candidatePriority, candidateOffset,
        candidateRunId, switchoverTimeoutMs, coordinated, candidateLag);
  }

  FailoverRecord withReconfigured(InstanceAddress replica, long newTerm) {
    return new FailoverRecord(epoch, Math.max(term, newTerm), leaderNode, candidate, oldMaster, manual, step,
        startedAtMs, promotedAtMs, Maps.with(reconfigured, replica), candidatePriority, candidateOffset,
        candidateRunId, switchoverTimeoutMs, coordinated, candidateLag);
  }
}
