package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
  private static final InstanceAddress A = new InstanceAddress("127.0.0.1", 6379);
  private static final Duration DAM = Duration.ofMillis(1000);

  private static final Duration GRACE = FailureDetector.FIRST_CONTACT_GRACE;
  private final FakeTicker clock = new FakeTicker();
  private final FailureDetector detector = new FailureDetector(clock);

  @Test
  void neverAnsweringInstanceIsDownExactlyDownAfterPlusTheFirstContactGraceAfterBeingTracked() {
    detector.track(A, DAM);
    clock.advanceNanos(GRACE.toNanos() + DAM.toNanos() - 1);
    assertFalse(detector.isDown(A), "one tick before down-after");
    clock.advanceNanos(1);
    assertTrue(detector.isDown(A), "at down-after");
  }

  @Test
  void downExactlyDownAfterAfterTheOldestUnansweredPing() {
    detector.track(A, DAM);
    detector.pingSent(A);
    detector.validReply(A);
    clock.advance(Duration.ofMillis(500));
    detector.pingSent(A);
    clock.advance(Duration.ofMillis(300));
    detector.pingSent(A); // a later PING does not restart the clock
    clock.advanceNanos(Duration.ofMillis(700).toNanos() - 1);
    assertFalse(detector.isDown(A));
    assertEquals(1, detector.status(A).nanosUntilDown());
    clock.advanceNanos(1);
    assertTrue(detector.isDown(A));
    assertEquals(0, detector.status(A).nanosUntilDown());
  }

  @Test
  void validReplyClearsAndInvalidReplyDoesNot() {
    detector.track(A, DAM);
    clock.advance(GRACE.plus(DAM));
    assertTrue(detector.isDown(A));
    detector.otherReply(A); // e.g. -NOAUTH: a reply, but no proof of health
    assertTrue(detector.isDown(A));
    assertEquals(0, detector.status(A).lastReplyAgeNanos());
    assertEquals(-1, detector.status(A).lastValidReplyAgeNanos());
    detector.validReply(A);
    assertFalse(detector.isDown(A));
    assertEquals(-1, detector.status(A).pendingPingAgeNanos());
    assertEquals(Long.MAX_VALUE, detector.status(A).nanosUntilDown());
    clock.advance(DAM.multipliedBy(5));
    assertFalse(detector.isDown(A), "no PING outstanding: nothing to be late for");
    assertEquals(DAM.multipliedBy(5).toNanos(), detector.status(A).lastValidReplyAgeNanos());
  }

  @Test
  void downAfterCanChangeWhileTracked() {
    detector.track(A, DAM);
    clock.advance(GRACE.plus(Duration.ofMillis(600)));
    assertFalse(detector.isDown(A));
    detector.track(A, Duration.ofMillis(500));
    assertTrue(detector.isDown(A), "re-tracking keeps the outstanding PING and applies the new down-after");
  }

  @Test
  void untrackedInstanceIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> detector.pingSent(A));
    assertTrue(e.getMessage().contains("127.0.0.1:6379"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> detector.track(A, Duration.ZERO));
    detector.track(A, DAM);
    detector.untrack(A);
    assertFalse(detector.isTracked(A));
  }
}
