package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.InstanceAddress;

/**
 * The replica chosen for promotion and the facts it was chosen on (recorded in the log).
 *
 * @param lag bytes behind the most advanced offset known for the master group, -1 when unknown
 */
public record Candidate(InstanceAddress address, String runId, int priority, long offset, long lag) {

  /** A candidate whose lag was not measured. */
  public Candidate(InstanceAddress address, String runId, int priority, long offset) {
    this(address, runId, priority, offset, -1);
  }
}
