package io.raftsentinel.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Checks that something stays true for a while (the opposite of polling until it becomes true). */
public final class Invariants {
  private static final long CHECK_EVERY_MS = 50;

  private Invariants() {}

  /** Runs {@code invariant} (which asserts) every 50 ms for {@code period}; its first failure fails the test. */
  public static void holdsFor(Duration period, Runnable invariant) {
    long until = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < until) {
      invariant.run();
      try {
        TimeUnit.MILLISECONDS.sleep(CHECK_EVERY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    invariant.run();
  }
}
