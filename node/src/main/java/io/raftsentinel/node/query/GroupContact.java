package io.raftsentinel.node.query;

import java.util.Map;
import java.util.TreeMap;

/**
 * How long ago each member of the group was last heard from, in ms (absent: never). Only a leader
 * hears from every member; a follower hears from its leader alone, so its view is completed with
 * the leader's. Pure functions over {@link RaftStatus} values.
 */
public final class GroupContact {
  private GroupContact() {}

  /** What this node knows by itself: it is 0 ms away, and each peer as its Raft status says. */
  public static Map<String, Long> local(RaftStatus status) {
    Map<String, Long> out = new TreeMap<>();
    for (RaftStatus.Peer p : status.peers()) {
      if (p.lastContactMs() >= 0) {
        out.put(p.id(), p.lastContactMs());
      }
    }
    out.put(status.nodeId(), 0L);
    return out;
  }

  /**
   * A follower's view: itself and its leader from its own status, every other member as the leader
   * last heard from it ({@code leaderFollowers}, the leader's answer, replies since its election only).
   */
  public static Map<String, Long> withLeaderView(RaftStatus status, Map<String, Long> leaderFollowers) {
    Map<String, Long> out = local(status);
    leaderFollowers.forEach((id, ms) -> {
      if (ms >= 0 && !id.equals(status.nodeId()) && !id.equals(status.leaderId())) {
        out.put(id, ms);
      }
    });
    return out;
  }
}
