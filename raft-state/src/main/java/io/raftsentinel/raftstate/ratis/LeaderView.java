package io.raftsentinel.raftstate.ratis;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the Raft leader hears from its followers: for each follower id, the milliseconds since the
 * leader last received a reply from it (Ratis's leader-side {@code FollowerInfo.getLastRpcResponseTime},
 * which a frozen follower stops refreshing while its port still accepts connections).
 *
 * @param leaderId the leader that reported it
 * @param leaderForMs how long it has been leader; Ratis starts a new leader's record of each follower
 *     at "one max election timeout before the election", so a follower that has not replied since
 *     looks as if it had
 * @param sinceLastReplyMs follower id to ms since its last reply; the leader itself is not listed
 */
public record LeaderView(String leaderId, long leaderForMs, Map<String, Long> sinceLastReplyMs) {
  public LeaderView {
    sinceLastReplyMs = Collections.unmodifiableMap(new TreeMap<>(sinceLastReplyMs));
  }
}
