package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SchedulerLagTest {
  private static final long MS = 1_000_000L;
  private static final long DOWN_AFTER = 1_000 * MS;

  @Test
  void onTimeBeatsHoldNothing() {
    SchedulerLag lag = new SchedulerLag(100 * MS);
    for (long t = 0; t <= 2_000 * MS; t += 100 * MS) {
      assertEquals(0, lag.beat(t), "exactly on time");
    }
    assertFalse(lag.holds(2_000 * MS, DOWN_AFTER));
  }

  @Test
  void aLateBeatHoldsVerdictsForTheHoldWindowThenReleasesThem() {
    SchedulerLag lag = new SchedulerLag(100 * MS);
    lag.beat(0);
    lag.beat(100 * MS);
    assertEquals(400 * MS, lag.beat(600 * MS), "expected at 200 ms, ran at 600 ms");
    assertTrue(lag.holds(600 * MS, DOWN_AFTER), "400 ms late > a quarter of 1 s");
    assertFalse(lag.holds(600 * MS, 30_000 * MS), "irrelevant next to a 30 s down-after");
    // Fixed rate: the missed beats run back to back and catch up with the timeline.
    for (long t = 600 * MS; t < 1_000 * MS; t += 10 * MS) {
      lag.beat(t);
    }
    long now = 600 * MS + SchedulerLag.HOLD_NANOS;
    assertTrue(lag.holds(now, DOWN_AFTER), "still within the hold window");
    long later = now + 10 * MS;
    assertFalse(lag.holds(later, DOWN_AFTER), "released once the window passed with no late beat");
  }

  @Test
  void aSuspendedProcessRestartsTheTimelineInsteadOfLaggingForever() {
    SchedulerLag lag = new SchedulerLag(100 * MS);
    lag.beat(0);
    assertEquals(60_000 * MS - 100 * MS, lag.beat(60_000 * MS));
    assertEquals(0, lag.beat(60_100 * MS), "the next beat is on the new timeline");
  }
}
