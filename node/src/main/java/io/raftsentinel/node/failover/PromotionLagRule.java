package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.MasterSettings;
import io.raftsentinel.raftstate.core.PromotionLagPolicy;
import java.util.List;

/**
 * Lag-aware promotion, pure: given the qualifying replicas (best first, by Sentinel's rules) and the
 * master's policy, promote the best one within max-promotion-lag, wait, or refuse.
 */
public final class PromotionLagRule {
  private PromotionLagRule() {}

  /** What the leader does for an automatic failover. */
  public sealed interface Verdict {}

  /** Promote this replica. */
  public record Promote(Candidate candidate) implements Verdict {}

  /** Not yet: check again shortly (policy wait, failover-timeout not yet spent). */
  public record Wait(String why) implements Verdict {}

  /** Abort the attempt with promotion-lag and this detail. */
  public record Refuse(String why) implements Verdict {}

  /** No replica qualifies at all: Sentinel's no-good-slave. */
  public record NoneQualifies() implements Verdict {}

  /**
   * @param waitedMs how long this leader has been waiting for a replica within the bound
   */
  public static Verdict decide(MasterSettings settings, List<Candidate> ranked, long waitedMs) {
    if (ranked.isEmpty()) {
      return new NoneQualifies();
    }
    if (settings.promotionLagPolicy() == PromotionLagPolicy.ALLOW) {
      return new Promote(ranked.get(0));
    }
    for (Candidate c : ranked) {
      if (c.lag() >= 0 && c.lag() <= settings.maxPromotionLag()) {
        return new Promote(c);
      }
    }
    Candidate best = ranked.get(0);
    String why = "best replica " + best.address().name() + " is "
        + (best.lag() < 0 ? "an unknown number of" : Long.toString(best.lag())) + " bytes behind the master "
        + "(max-promotion-lag " + settings.maxPromotionLag() + ")";
    if (settings.promotionLagPolicy() == PromotionLagPolicy.WAIT) {
      if (waitedMs < settings.failoverTimeoutMs()) {
        return new Wait(why);
      }
      return new Refuse(why + "; waited " + waitedMs + " ms, the failover-timeout");
    }
    return new Refuse(why);
  }
}
