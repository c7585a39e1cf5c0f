package io.raftsentinel.node.health;

import java.time.Duration;

/** A hand-driven monotonic clock for tests. */
final class FakeTicker implements Ticker {
  private long now = 1_000_000_000L;

  @Override
  public long nanoTime() {
    return now;
  }

  void advance(Duration d) {
    now += d.toNanos();
  }

  void advanceNanos(long nanos) {
    now += nanos;
  }
}
