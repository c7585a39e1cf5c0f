package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumCheckTest {
  private static final Set<String> THREE = Set.of("n1", "n2", "n3");

  private static String text(Reply r) {
    return r instanceof Reply.Simple s ? "+" + s.text() : "-" + ((Reply.Error) r).text();
  }

  @Test
  void everyMemberHeardFromRecentlyIsUsable() {
    QuorumCheck c = QuorumCheck.of(THREE, Map.of("n1", 0L, "n2", 40L, "n3", 900L), 1000, 2, true);
    assertEquals(3, c.usable());
    assertEquals("+OK 3 usable Sentinels. Quorum and failover authorization can be reached", text(c.reply()));
  }

  @Test
  void aMemberSilentForLongerThanDownAfterIsNotUsable() {
    QuorumCheck c = QuorumCheck.of(THREE, Map.of("n1", 0L, "n2", 40L, "n3", 1001L), 1000, 2, true);
    assertEquals("+OK 2 usable Sentinels. Quorum and failover authorization can be reached", text(c.reply()));
  }

  @Test
  void belowTheQuorumAndTheMajorityBothProblemsAreNamed() {
    QuorumCheck c = QuorumCheck.of(THREE, Map.of("n1", 0L), 1000, 2, true);
    assertEquals("-NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for"
        + " this master. Not enough available Sentinels to reach the majority and authorize a failover",
        text(c.reply()));
  }

  @Test
  void aQuorumAboveTheUsableCountFailsEvenWithAMajority() {
    QuorumCheck c = QuorumCheck.of(THREE, Map.of("n1", 0L, "n2", 5L), 1000, 3, true);
    assertEquals("-NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the specified quorum for"
        + " this master", text(c.reply()));
  }

  @Test
  void withoutAKnownLeaderNoFailoverCanBeAuthorized() {
    QuorumCheck c = QuorumCheck.of(THREE, Map.of("n1", 0L, "n2", 5L, "n3", 5L), 1000, 2, false);
    assertEquals("-NOQUORUM 3 usable Sentinels. Not enough available Sentinels to reach the majority and authorize"
        + " a failover", text(c.reply()));
  }

  @Test
  void contactWithSomethingOutsideTheMembersDoesNotCount() {
    QuorumCheck c = QuorumCheck.of(THREE, Map.of("n1", 0L, "n9", 1L), 1000, 1, true);
    assertEquals(1, c.usable());
  }
}
