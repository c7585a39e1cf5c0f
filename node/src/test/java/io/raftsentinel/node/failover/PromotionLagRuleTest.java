package io.raftsentinel.node.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterSettings;
import io.raftsentinel.raftstate.core.PromotionLagPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionLagRuleTest {
  private static final Candidate BEST = candidate(6380, 5_000);
  private static final Candidate SECOND = candidate(6381, 200);

  private static Candidate candidate(int port, long lag) {
    return new Candidate(new InstanceAddress("127.0.0.1", port), "r" + port, 100, 1_000_000 - lag, lag);
  }

  private static MasterSettings settings(PromotionLagPolicy policy, long maxLag) {
    return MasterSettings.DEFAULTS.withFailoverTimeoutMs(10_000).withPromotionLagPolicy(policy)
        .withMaxPromotionLag(maxLag);
  }

  @Test
  void allowPromotesTheBestWhateverItsLag() {
    var v = PromotionLagRule.decide(settings(PromotionLagPolicy.ALLOW, 0), List.of(BEST, SECOND), 0);
    assertEquals(new PromotionLagRule.Promote(BEST), v);
  }

  @Test
  void aBoundedPolicyPromotesTheBestReplicaWithinTheBound() {
    var v = PromotionLagRule.decide(settings(PromotionLagPolicy.REFUSE, 1_000), List.of(BEST, SECOND), 0);
    assertEquals(new PromotionLagRule.Promote(SECOND), v);
  }

  @Test
  void refuseAbortsWhenEveryReplicaLags() {
    var v = PromotionLagRule.decide(settings(PromotionLagPolicy.REFUSE, 100), List.of(BEST, SECOND), 0);
    assertEquals(new PromotionLagRule.Refuse(
        "best replica 127.0.0.1:6380 is 5000 bytes behind the master (max-promotion-lag 100)"), v);
  }

  @Test
  void waitWaitsUntilTheFailoverTimeoutThenRefuses() {
    MasterSettings s = settings(PromotionLagPolicy.WAIT, 100);
    assertInstanceOf(PromotionLagRule.Wait.class, PromotionLagRule.decide(s, List.of(BEST), 9_999));
    var v = PromotionLagRule.decide(s, List.of(BEST), 10_000);
    assertEquals(new PromotionLagRule.Refuse("best replica 127.0.0.1:6380 is 5000 bytes behind the master "
        + "(max-promotion-lag 100); waited 10000 ms, the failover-timeout"), v);
  }

  @Test
  void anUnknownLagNeverCountsAsWithinTheBound() {
    Candidate unknown = new Candidate(new InstanceAddress("127.0.0.1", 6382), "x", 100, 0);
    assertInstanceOf(PromotionLagRule.Refuse.class,
        PromotionLagRule.decide(settings(PromotionLagPolicy.REFUSE, 1 << 30), List.of(unknown), 0));
  }

  @Test
  void noReplicaIsNoGoodSlaveWhateverThePolicy() {
    for (PromotionLagPolicy p : PromotionLagPolicy.values()) {
      assertEquals(new PromotionLagRule.NoneQualifies(), PromotionLagRule.decide(settings(p, 0), List.of(), 0));
    }
  }
}
