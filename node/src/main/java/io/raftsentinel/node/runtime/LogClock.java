package io.raftsentinel.node.runtime;

import io.raftsentinel.node.health.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's reading of log time: what it stamps on the commands it proposes and what it compares
 * with times recorded in the log (cooldowns, failover and safe-mode windows, down-since reports).
 *
 * <p>It starts at the wall clock of the moment the node starts, then advances with the monotonic
 * {@link Ticker} only, and is raised to every log time this node applies that is later than its
 * reading. So a wall-clock step while the node runs (NTP, an operator, a resumed VM) changes nothing
 * replicated: forward it cannot skip a cooldown or time a failover out, backward it cannot hold log
 * time still. Because every node follows the applied log time, one node's fast clock does not leave
 * the others behind it (their readings catch up instead of stalling until their wall clocks do).
 * The wall clock still matters once, at start: a node started with a clock far ahead moves log time
 * forward once (see RELIABILITY.md, clock jumps). Thread-safe.
 */
final class LogClock extends Clock {
  private static final long NANOS_PER_MS = 1_000_000;

  private final Ticker ticker;
  /** Reading = origin + ticker in ms; only ever raised. */
  private final AtomicLong originMs;

  LogClock(InstantSource wallAtStart, Ticker ticker) {
    this.ticker = ticker;
    this.originMs = new AtomicLong(wallAtStart.millis() - tickerMs());
  }

  /** An applied command (or a reloaded snapshot) carries log time {@code logTimeMs}: never read below it. */
  void observe(long logTimeMs) {
    long candidate = logTimeMs - tickerMs();
    originMs.accumulateAndGet(candidate, Math::max);
  }

  @Override
  public long millis() {
    return originMs.get() + tickerMs();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("log time is read in UTC only");
  }

  private long tickerMs() {
    return Math.floorDiv(ticker.nanoTime(), NANOS_PER_MS);
  }
}
