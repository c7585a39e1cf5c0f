package io.raftsentinel.node.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code SENTINEL CKQUORUM}'s verdict, as Redis Sentinel words it. A member is usable when the group
 * heard from it within the master's down-after period (Sentinel: a sentinel not subjectively down);
 * failover authorization needs a majority of the voting members and a known leader.
 */
record QuorumCheck(int usable, int members, int quorum, boolean leaderKnown) {

  static QuorumCheck of(Set<String> members, Map<String, Long> contactMs, long maxAgeMs, int quorum,
      boolean leaderKnown) {
    int usable = 0;
    for (String id : members) {
      Long ms = contactMs.get(id);
      if (ms != null && ms >= 0 && ms <= maxAgeMs) {
        usable++;
      }
    }
    return new QuorumCheck(usable, members.size(), quorum, leaderKnown);
  }

  Reply reply() {
    List<String> problems = new ArrayList<>();
    if (usable < quorum) {
      problems.add("Not enough available Sentinels to reach the specified quorum for this master");
    }
    if (usable < members / 2 + 1 || !leaderKnown) {
      problems.add("Not enough available Sentinels to reach the majority and authorize a failover");
    }
    if (problems.isEmpty()) {
      return new Reply.Simple("OK " + usable + " usable Sentinels. Quorum and failover authorization can be reached");
    }
    return Reply.error("NOQUORUM " + usable + " usable Sentinels. " + String.join(". ", problems));
  }
}
