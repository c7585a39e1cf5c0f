package io.raftsentinel.node.health;

/**
 * How late the monitor's own scheduler runs, from a fixed-rate heartbeat: each beat is expected one
 * period after the previous expected time, and the difference to when it actually ran is the lag.
 * A node whose own timers run late (a cold JVM starting hundreds of connections, a starved host)
 * sees every instance late too; like Sentinel's TILT mode, its new SDOWN verdicts are held while a
 * recent lag is large next to down-after. Pure and clock-driven; not thread-safe (the owner
 * serialises calls).
 */
public final class SchedulerLag {
  /** How long a large lag keeps verdicts held after it was last seen. */
  public static final long HOLD_NANOS = 3_000_000_000L;

  private final long periodNanos;
  private long expected = Long.MIN_VALUE;
  private long worstRecentLag;
  private long worstSeenAt;

  public SchedulerLag(long periodNanos) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period must be positive, got " + periodNanos);
    }
    this.periodNanos = periodNanos;
  }

  /** A heartbeat ran at {@code now}; returns how late it was. */
  public long beat(long now) {
    if (expected == Long.MIN_VALUE) {
      expected = now;
    }
    long lag = Math.max(0, now - expected);
    expected += periodNanos;
    if (lag > periodNanos * 50) {
      expected = now + periodNanos; // a suspended process: start the timeline again
    }
    if (lag >= worstRecentLag || now - worstSeenAt > HOLD_NANOS) {
      worstRecentLag = lag;
      worstSeenAt = now;
    }
    return lag;
  }

  /** The largest lag seen within the hold window before {@code now} (0 if none). */
  public long recentLag(long now) {
    return now - worstSeenAt > HOLD_NANOS ? 0 : worstRecentLag;
  }

  /** Whether verdicts on an instance with this down-after are held: a recent lag of a quarter of it. */
  public boolean holds(long now, long downAfterNanos) {
    return recentLag(now) * 4 > downAfterNanos;
  }
}
