package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TiltGuardTest {
  private static final long MS = 1_000_000L;
  private static final long PERIOD = 100 * MS;
  private static final long TRIGGER = 2_000 * MS;
  private static final long DOWN_AFTER = 1_000 * MS;

  /** A guard whose heartbeat was scheduled at 0 and beat on time every period up to {@code until}. */
  private static TiltGuard onTimeUntil(long until) {
    TiltGuard g = new TiltGuard(PERIOD, TRIGGER, 0);
    for (long t = PERIOD; t <= until; t += PERIOD) {
      assertEquals(0, g.beat(t), "on time at " + t / MS + " ms");
    }
    return g;
  }

  /** Beats on time every period after {@code from} (when the last beat ran) up to {@code until}. */
  private static void beatOnTime(TiltGuard g, long from, long until) {
    for (long t = from + PERIOD; t <= until; t += PERIOD) {
      assertEquals(0, g.beat(t), "on time at " + t / MS + " ms");
    }
  }

  @Test
  void onTimeBeatsHoldNothing() {
    TiltGuard g = onTimeUntil(5_000 * MS);
    assertFalse(g.stalled(5_000 * MS));
    assertFalse(g.holds(5_000 * MS, DOWN_AFTER));
    assertFalse(g.holds(5_000 * MS, 30_000 * MS), "no late beat ever: nothing held, whatever down-after");
  }

  @Test
  void lagIsMeasuredFromWhenThePreviousBeatRan() {
    TiltGuard g = onTimeUntil(1_000 * MS);
    assertEquals(50 * MS, g.beat(1_150 * MS), "due at 1,100 ms");
    assertEquals(0, g.beat(1_250 * MS), "fixed delay: due one period after the late beat ran, not catching up");
  }

  @Test
  void lagsUpToTheTriggerHoldNothing() {
    TiltGuard g = onTimeUntil(1_000 * MS);
    assertEquals(TRIGGER, g.beat(1_000 * MS + PERIOD + TRIGGER), "exactly the trigger is not above it");
    assertFalse(g.holds(1_000 * MS + PERIOD + TRIGGER, DOWN_AFTER));
    assertFalse(g.holds(1_000 * MS + PERIOD + TRIGGER, 100 * MS), "even a down-after shorter than the lag");
  }

  @Test
  void aStallInProgressHoldsBeforeTheHeartbeatRuns() {
    TiltGuard g = onTimeUntil(1_000 * MS);
    // The next beat is due at 1,100 ms; a verdict evaluated in the catch-up after a stall may run first.
    assertFalse(g.stalled(3_100 * MS), "overdue by exactly the trigger");
    assertFalse(g.holds(3_100 * MS, DOWN_AFTER));
    assertTrue(g.stalled(3_101 * MS));
    assertTrue(g.holds(3_101 * MS, DOWN_AFTER));
    assertTrue(g.holds(3_101 * MS, MS), "whatever down-after");
    assertEquals(2_001 * MS, g.lagAt(3_101 * MS));
  }

  @Test
  void aLateBeatHoldsForDownAfterFromWhenItRanThenReleases() {
    TiltGuard g = onTimeUntil(1_000 * MS);
    long end = 3_600 * MS;
    assertEquals(2_500 * MS, g.beat(end), "due at 1,100 ms, ran at 3,600 ms");
    assertTrue(g.holds(end + 20_000 * MS, DOWN_AFTER), "until a beat shows the scheduler on time again");
    for (long t = end + PERIOD; t < end + 5_000 * MS; t += PERIOD) {
      assertEquals(0, g.beat(t));
      assertEquals(t - end < DOWN_AFTER, g.holds(t, DOWN_AFTER), "1 s down-after at +" + (t - end) / MS + " ms");
      assertEquals(t - end < 3 * DOWN_AFTER, g.holds(t, 3 * DOWN_AFTER), "3 s down-after at +" + (t - end) / MS);
    }
  }

  @Test
  void aSmallerLateBeatWithinTheHoldExtendsIt() {
    // The first attempt kept the largest recent lag and when it was seen: a smaller late beat after it
    // did not move the window, so the hold ended a window after the large one, too early.
    long downAfter = 5_000 * MS;
    TiltGuard g = onTimeUntil(1_000 * MS);
    long first = 4_100 * MS;
    assertEquals(3_000 * MS, g.beat(first));
    beatOnTime(g, first, first + 300 * MS);
    long second = first + 300 * MS + PERIOD + 2_200 * MS;
    assertEquals(2_200 * MS, g.beat(second), "smaller than the first, still above the trigger");
    assertTrue(second - first < downAfter, "within the first one's hold");
    beatOnTime(g, second, first + downAfter + PERIOD);
    assertTrue(g.holds(first + downAfter, downAfter), "still held: down-after runs from the later, smaller beat");
    beatOnTime(g, first + downAfter + PERIOD, second + downAfter);
    assertTrue(g.holds(second + downAfter - 1, downAfter));
    assertFalse(g.holds(second + downAfter, downAfter), "released down-after after the last late beat");
  }

  @Test
  void aBeatLateButBelowTheTriggerDoesNotExtendTheHold() {
    TiltGuard g = onTimeUntil(1_000 * MS);
    long late = 3_600 * MS;
    g.beat(late);
    assertEquals(1_900 * MS, g.beat(late + 2_000 * MS));
    assertFalse(g.holds(late + 2_000 * MS, DOWN_AFTER), "1.9 s late is below the trigger");
  }

  @Test
  void aSustainedBacklogHoldsUntilItIsWorkedOff() {
    TiltGuard g = onTimeUntil(1_000 * MS);
    // Every beat 2.5 s late for 10 s: a backlog, not one stall.
    long t = 1_000 * MS;
    for (int i = 0; i < 4; i++) {
      t += PERIOD + 2_500 * MS;
      assertEquals(2_500 * MS, g.beat(t));
      assertTrue(g.holds(t + DOWN_AFTER - 1, DOWN_AFTER));
      assertTrue(g.holds(t + 1_500 * MS, DOWN_AFTER), "no beat since the late one: presumed still late");
      assertTrue(g.holds(t + 2_000 * MS, DOWN_AFTER), "no beat since the late one: presumed still late");
      assertTrue(g.stalled(t + 2_101 * MS), "the next beat overdue by more than the trigger");
    }
    assertEquals(0, g.beat(t + PERIOD));
    assertFalse(g.holds(t + DOWN_AFTER, DOWN_AFTER), "on time since the last late beat, for down-after");
  }

  @Test
  void rejectsNonPositiveSettings() {
    assertThrows(IllegalArgumentException.class, () -> new TiltGuard(0, TRIGGER, 0));
    assertThrows(IllegalArgumentException.class, () -> new TiltGuard(PERIOD, 0, 0));
  }
}
