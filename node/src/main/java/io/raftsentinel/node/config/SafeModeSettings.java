package io.raftsentinel.node.config;

import java.time.Duration;

/**
 * When the leader suspects its own network rather than Redis: more than {@code threshold} of the
 * monitored masters reported down (by any node) at once, with at least {@code minMasters} monitored. Automatic
 * failovers are then held for {@code window}; if the masters are still down after it, they go on.
 * A threshold of 1 turns safe mode off.
 */
public record SafeModeSettings(double threshold, int minMasters, Duration window) {
  public static final SafeModeSettings DEFAULTS = new SafeModeSettings(0.5, 4, Duration.ofSeconds(10));

  /** Whether {@code down} of {@code total} masters down at once calls for safe mode. */
  public boolean triggeredBy(int down, int total) {
    return total >= minMasters && total > 0 && down > threshold * total;
  }
}
