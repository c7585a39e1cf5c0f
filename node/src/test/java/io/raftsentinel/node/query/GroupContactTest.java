package io.raftsentinel.node.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupContactTest {
  private static RaftStatus follower() {
    // n2 follows n1; a follower knows nothing of n3 (-1).
    return new RaftStatus("n2", "follower", "n1", 3, 10, 10, List.of(
        new RaftStatus.Peer("n1", "a:1", "leader", 120, true),
        new RaftStatus.Peer("n2", "a:2", "follower", 0, true),
        new RaftStatus.Peer("n3", "a:3", "follower", -1, true)));
  }

  @Test
  void aFollowerAloneKnowsItselfAndItsLeader() {
    assertEquals(Map.of("n1", 120L, "n2", 0L), GroupContact.local(follower()));
  }

  @Test
  void theLeaderTellsAFollowerAboutTheOtherFollowers() {
    // The leader's figures for this follower and for itself do not replace the follower's own.
    Map<String, Long> view = GroupContact.withLeaderView(follower(), Map.of("n2", 50L, "n3", 70L, "n1", 999L));
    assertEquals(Map.of("n1", 120L, "n2", 0L, "n3", 70L), view);
  }

  @Test
  void aFollowerTheLeaderNeverHeardFromStaysUnknown() {
    Map<String, Long> view = GroupContact.withLeaderView(follower(), Map.of("n2", 50L, "n3", -1L));
    assertEquals(Map.of("n1", 120L, "n2", 0L), view);
  }
}
