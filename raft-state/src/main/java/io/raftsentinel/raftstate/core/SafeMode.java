package io.raftsentinel.raftstate.core;

/**
 * Safe mode as committed by the leader: most monitored masters were objectively down at once, so
 * automatic failovers are held for a confirmation window.
 *
 * @param sinceMs log time safe mode began, 0 when off
 * @param down masters objectively down when it began
 * @param total masters monitored when it began
 */
public record SafeMode(long sinceMs, int down, int total) {
  public static final SafeMode OFF = new SafeMode(0, 0, 0);

  public boolean active() {
    return sinceMs > 0;
  }
}
