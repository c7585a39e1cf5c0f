package io.raftsentinel.raftstate.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderViewTest {
  @Test
  void onlyRepliesSinceTheElectionCount() {
    // Ratis dates a new leader's record of each follower one max election timeout before the
    // election: n3, silent since, shows 700 ms for a leader of 600 ms.
    LeaderView v = new LeaderView("n1", 600, Map.of("n2", 40L, "n3", 700L));
    assertEquals(Map.of("n2", 40L), v.repliedSinceElection());
  }

  @Test
  void anEstablishedLeaderReportsEveryFollowerItHeardFrom() {
    LeaderView v = new LeaderView("n1", 60_000, Map.of("n2", 40L, "n3", 2_500L));
    assertEquals(Map.of("n2", 40L, "n3", 2_500L), v.repliedSinceElection());
  }
}
