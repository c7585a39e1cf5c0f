package io.raftsentinel.raftstate.ratis;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;

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

  /** The view in a leader's role info ({@code role} must carry leader info). */
  static LeaderView of(String leaderId, RoleInfoProto role) {
    Map<String, Long> since = new HashMap<>();
    for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
      since.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
    }
    return new LeaderView(leaderId, role.getRoleElapsedTimeMs(), since);
  }

  /**
   * Ms since each follower last replied, counting only replies since this leader's election (see
   * {@code leaderForMs}); a follower that has not replied since is left out.
   */
  public Map<String, Long> repliedSinceElection() {
    Map<String, Long> out = new TreeMap<>();
    sinceLastReplyMs.forEach((id, ms) -> {
      if (ms >= 0 && ms < leaderForMs) {
        out.put(id, ms);
      }
    });
    return out;
  }
}
