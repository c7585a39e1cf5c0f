package io.raftsentinel.node.query;

import java.util.List;

/**
 * This node's view of the Raft group.
 *
 * @param role {@code leader}, {@code follower}, {@code candidate} or {@code listener}
 * @param leaderId the leader's raft id, or "" when none is known
 */
public record RaftStatus(String nodeId, String role, String leaderId, long term, long commitIndex,
    long appliedIndex, List<Peer> peers) {

  /** A member of the configuration as this node sees it; lastContactMs is -1 when unknown. */
  public record Peer(String id, String address, String role, long lastContactMs, boolean inConfiguration) {}

  public boolean leaderKnown() {
    return !leaderId.isEmpty();
  }
}
