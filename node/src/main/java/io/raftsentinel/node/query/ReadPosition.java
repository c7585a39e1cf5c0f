package io.raftsentinel.node.query;

/**
 * Where a LOCAL answer stands: the log index this node has applied and whether it currently knows
 * a leader. What every gRPC read reply carries; cheap to take (no peer list, no Ratis protobuf).
 */
public record ReadPosition(long appliedIndex, boolean leaderKnown) {}
