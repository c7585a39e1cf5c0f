package io.raftsentinel.raftstate.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveMajorityTest {
  private static final long LIMIT = 1_800;

  private static LiveMajority.Verdict judge(List<String> members, Map<String, Long> since, Set<String> closed,
      Set<String> vouched) {
    return LiveMajority.judge(members, new LeaderView("n1", 60_000, since), closed, vouched, LIMIT);
  }

  @Test
  void aFrozenFollowerDoesNotCountThoughItsPortIsOpen() {
    // n2 SIGSTOPped: its port accepts connections, but the leader has had no reply for 2.4 s.
    LiveMajority.Verdict v = judge(List.of("n1", "n2"), Map.of("n2", 2_400L, "n3", 40L), Set.of(), Set.of());
    assertFalse(v.hasMajority());
    assertEquals(List.of("n1"), v.live());
    assertEquals("n2 (no reply to leader n1 for 2400 ms)", v.describeUnreachable());
  }

  @Test
  void aNewLeaderCountsOnlyFollowersThatRepliedSinceItsElection() {
    // Elected 400 ms ago: Ratis dates its record of every follower one max election timeout (600 ms)
    // before the election, so a frozen follower shows 1000 ms, within the limit but older than the leader.
    LeaderView view = new LeaderView("n1", 400, Map.of("n2", 1_000L, "n3", 20L));
    LiveMajority.Verdict v = LiveMajority.judge(List.of("n1", "n2"), view, Set.of(), Set.of(), LIMIT);
    assertFalse(v.hasMajority());
    assertEquals("n2 (no reply to leader n1 since its election 400 ms ago)", v.describeUnreachable());
    assertTrue(LiveMajority.judge(List.of("n1", "n3"), view, Set.of(), Set.of(), LIMIT).hasMajority());
  }

  @Test
  void followersHeardWithinTheLimitCount() {
    LiveMajority.Verdict v = judge(List.of("n3", "n1", "n2"), Map.of("n2", LIMIT, "n3", 2_400L), Set.of(), Set.of());
    assertTrue(v.hasMajority());
    assertEquals(List.of("n1", "n2", "n3"), v.members());
    assertEquals(List.of("n1", "n2"), v.live());
    assertEquals(Set.of("n3"), v.unreachable().keySet());
  }

  @Test
  void theLeaderCountsWithoutBeingInItsOwnFollowerList() {
    assertTrue(judge(List.of("n1"), Map.of(), Set.of(), Set.of()).hasMajority());
  }

  @Test
  void aMemberTheLeaderDoesNotFollowIsUnreachable() {
    LiveMajority.Verdict v = judge(List.of("n1", "n2", "n5"), Map.of("n2", 10L), Set.of(), Set.of());
    assertEquals("n5 (leader n1 has no contact with it)", v.describeUnreachable());
    assertTrue(v.hasMajority());
  }

  @Test
  void aClosedPortOverridesARecentReply() {
    // Killed a moment ago: the leader's last reply is still fresh, the refused connect is not.
    LiveMajority.Verdict v = judge(List.of("n1", "n2"), Map.of("n2", 50L), Set.of("n2"), Set.of());
    assertFalse(v.hasMajority());
    assertEquals("n2 (its Raft port refuses connections)", v.describeUnreachable());
  }

  @Test
  void aVouchedNewPeerCountsBeforeTheLeaderFollowsIt() {
    LiveMajority.Verdict v = judge(List.of("n1", "n2", "n3", "n4"), Map.of("n2", 10L, "n3", 9_000L), Set.of(),
        Set.of("n4"));
    assertEquals(List.of("n1", "n2", "n4"), v.live());
    assertTrue(v.hasMajority());
  }

  @Test
  void exactlyHalfIsNoMajority() {
    assertFalse(judge(List.of("n1", "n2", "n3", "n4"), Map.of("n2", 10L, "n3", 9_000L, "n4", 9_000L), Set.of(),
        Set.of()).hasMajority());
    assertTrue(judge(List.of("n1", "n2", "n3", "n4", "n5"), Map.of("n2", 10L, "n3", 10L, "n4", 9_000L,
        "n5", 9_000L), Set.of(), Set.of()).hasMajority());
  }

  /** Against a naive count over every combination of 1-5 members with fresh, stale or unknown contact. */
  @Test
  void agreesWithANaiveCount() {
    String[] ids = {"n1", "n2", "n3", "n4", "n5"};
    for (int size = 1; size <= 5; size++) {
      int combos = (int) Math.pow(3, size - 1);
      for (int c = 0; c < combos; c++) {
        java.util.Map<String, Long> since = new java.util.HashMap<>();
        int fresh = 1; // the leader n1
        int code = c;
        for (int i = 1; i < size; i++) {
          int kind = code % 3;
          code /= 3;
          if (kind == 0) {
            since.put(ids[i], 100L);
            fresh++;
          } else if (kind == 1) {
            since.put(ids[i], LIMIT + 1);
          }
        }
        List<String> members = List.of(ids).subList(0, size);
        boolean naive = 2 * fresh > size;
        assertEquals(naive, judge(members, since, Set.of(), Set.of()).hasMajority(), members + " " + since);
      }
    }
  }
}
