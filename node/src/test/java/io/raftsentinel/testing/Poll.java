package io.raftsentinel.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Polls a condition every ~20 ms until it holds or a deadline passes: the only way tests wait. */
public final class Poll {
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private Poll() {}

  /**
   * Returns once {@code condition} yields true; throws {@link AssertionError} naming {@code what} when
   * {@code deadline} passes first. An exception thrown by the condition counts as "not yet" and is
   * attached to the final error as its cause.
   */
  public static void until(Duration deadline, Supplier<Boolean> condition, String what) {
    long end = System.nanoTime() + deadline.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() - end >= 0) {
        throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for: " + what, last);
      }
      LockSupport.parkNanos(INTERVAL_NANOS);
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting for: " + what);
      }
    }
  }
}
