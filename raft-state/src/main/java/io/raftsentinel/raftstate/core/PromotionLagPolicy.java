package io.raftsentinel.raftstate.core;

import java.util.Locale;

/** What the leader does when the best replica is further behind the master than max-promotion-lag. */
public enum PromotionLagPolicy {
  /** Promote it anyway, as Redis Sentinel does. */
  ALLOW,
  /** Abort the attempt with {@code -failover-abort-promotion-lag}. */
  REFUSE,
  /** Wait up to failover-timeout for a replica within the bound, then abort. */
  WAIT;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "allow", "refuse" or "wait" (any case); null for anything else. */
  public static PromotionLagPolicy parse(String text) {
    for (PromotionLagPolicy p : values()) {
      if (p.configName().equalsIgnoreCase(text)) {
        return p;
      }
    }
    return null;
  }
}
