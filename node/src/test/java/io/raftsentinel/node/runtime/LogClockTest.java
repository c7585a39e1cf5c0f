package io.raftsentinel.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogClockTest {
  private static final long MS = 1_000_000;
  private final AtomicLong nanos = new AtomicLong(-7 * MS); // any origin: only differences count
  private final AtomicLong wallMs = new AtomicLong(1_000_000);

  private LogClock start() {
    return new LogClock(new FakeWall(wallMs), nanos::get);
  }

  @Test
  void startsAtTheWallClockAndAdvancesWithTheTicker() {
    LogClock c = start();
    assertEquals(1_000_000, c.millis());
    nanos.addAndGet(1_500 * MS);
    assertEquals(1_001_500, c.millis());
  }

  @Test
  void wallClockStepsAfterTheStartChangeNothing() {
    LogClock c = start();
    wallMs.addAndGet(3_600_000);
    nanos.addAndGet(10 * MS);
    assertEquals(1_000_010, c.millis());
    wallMs.addAndGet(-7_200_000);
    nanos.addAndGet(10 * MS);
    assertEquals(1_000_020, c.millis());
  }

  @Test
  void followsALaterLogTimeAndIgnoresAnEarlierOne() {
    LogClock c = start();
    c.observe(5_000_000);
    assertEquals(5_000_000, c.millis());
    nanos.addAndGet(100 * MS);
    assertEquals(5_000_100, c.millis());
    c.observe(4_000_000);
    assertEquals(5_000_100, c.millis(), "an older log time never moves the reading back");
  }

  @Test
  void aNodeStartedWithASlowClockReadsFromTheLog() {
    wallMs.set(10);
    LogClock c = start();
    c.observe(2_000_000);
    nanos.addAndGet(1 * MS);
    assertEquals(2_000_001, c.millis());
  }

  /** A wall clock the test sets by hand. */
  private record FakeWall(AtomicLong ms) implements InstantSource {
    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(ms.get());
    }
  }
}
