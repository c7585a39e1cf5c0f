package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.InstanceAddress;

/** The replica chosen for promotion and the facts it was chosen on (recorded in the log). */
public record Candidate(InstanceAddress address, String runId, int priority, long offset) {}
