package io.raftsentinel.raftstate.core;

/**
 * Safe mode as committed by the leader: most monitored masters were reported down at once, so
 * automatic failovers are held for a confirmation window.
 *
 * @param sinceMs log time safe mode began, 0 when off
 * @param down masters objectively down when it began
 * @param total masters monitored when it began
 * @param holdUntilMs log time until which automatic failovers do not start
 */
public record SafeMode(long sinceMs, int down, int total, long holdUntilMs) {
  public static final SafeMode OFF = new SafeMode(0, 0, 0, 0);

  public boolean active() {
    return sinceMs > 0;
  }

  /** Whether an automatic failover starting at log time {@code timeMs} is held. */
  public boolean holds(long timeMs) {
    return active() && timeMs < holdUntilMs;
  }
}
