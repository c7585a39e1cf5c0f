package io.raftsentinel.it.clients;

import io.raftsentinel.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client application in miniature: one thread writing {@code SET k<i> i} for i = 0, 1, 2, ... through
 * a client library, counting failures and retrying the same key, and measuring the longest stretch
 * without a successful write. Bounded in time and in writes; {@link #close()} stops and joins it.
 */
final class WriteLoop implements AutoCloseable {
  /** One write of key {@code k<i>} with value {@code i}; throws on any failure. */
  @FunctionalInterface
  interface Write {
    void set(int i) throws Exception;
  }

  /** The current run of successful writes (keys firstKey..lastKey) without an error in between. */
  record Streak(int length, int firstKey, int lastKey) {}

  /** What the loop saw, for assertions and the report. */
  record Stats(int writes, int errors, long longestGapMs, List<String> errorSamples) {}

  private static final int MAX_ERROR_SAMPLES = 5;
  /** Keeps a failing client from spinning when it fails instantly (e.g. READONLY, refused). */
  private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Write write;
  private final Thread thread;
  private final long deadlineNanos;
  private final int maxWrites;
  private volatile boolean stopped;

  // Guarded by this.
  private int nextKey;
  private int errors;
  private long lastSuccessNanos;
  private long longestGapNanos;
  private int streakLength;
  private final List<String> errorSamples = new ArrayList<>();
  private Throwable crash;

  private WriteLoop(String name, Write write, Duration maxDuration, int maxWrites) {
    this.write = write;
    this.maxWrites = maxWrites;
    this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  static WriteLoop start(String name, Write write, Duration maxDuration, int maxWrites) {
    WriteLoop loop = new WriteLoop(name, write, maxDuration, maxWrites);
    synchronized (loop) {
      loop.lastSuccessNanos = System.nanoTime();
    }
    loop.thread.start();
    return loop;
  }

  private void run() {
    try {
      while (!stopped && System.nanoTime() - deadlineNanos < 0 && key() < maxWrites) {
        int i = key();
        try {
          write.set(i);
          succeeded();
        } catch (Exception e) {
          failed(e);
          LockSupport.parkNanos(ERROR_PAUSE_NANOS);
        }
      }
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        crash = e;
      }
    }
  }

  private synchronized int key() {
    return nextKey;
  }

  private synchronized void succeeded() {
    long now = System.nanoTime();
    longestGapNanos = Math.max(longestGapNanos, now - lastSuccessNanos);
    lastSuccessNanos = now;
    streakLength++;
    nextKey++;
  }

  private synchronized void failed(Exception e) {
    errors++;
    streakLength = 0;
    if (errorSamples.size() < MAX_ERROR_SAMPLES) {
      errorSamples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  synchronized Streak streak() {
    return new Streak(streakLength, nextKey - streakLength, nextKey - 1);
  }

  /** The key the next write will use: a mark for {@link #awaitStreakFrom}. */
  synchronized int mark() {
    return nextKey;
  }

  synchronized Stats stats() {
    long openGap = stopped ? 0 : System.nanoTime() - lastSuccessNanos;
    return new Stats(nextKey, errors, TimeUnit.NANOSECONDS.toMillis(Math.max(longestGapNanos, openGap)),
        List.copyOf(errorSamples));
  }

  /**
   * Waits for {@code count} consecutive successful writes of keys at or after {@code mark} (from
   * {@link #mark()}), with no failure in between; returns the streak.
   */
  Streak awaitStreakFrom(int mark, int count, Duration timeout) {
    Poll.until(timeout, () -> {
      rethrowCrash();
      Streak s = streak();
      return s.length() > 0 && s.lastKey() - Math.max(s.firstKey(), mark) + 1 >= count;
    }, count + " consecutive successful writes from key " + mark + " on (last streak " + streak() + ", " + stats()
        + ")");
    return streak();
  }

  private synchronized void rethrowCrash() {
    if (crash != null) {
      throw new AssertionError("the write loop died", crash);
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + thread.getName(), e);
    }
    if (thread.isAlive()) {
      throw new IllegalStateException(thread.getName() + " did not stop within 30 s");
    }
  }
}
