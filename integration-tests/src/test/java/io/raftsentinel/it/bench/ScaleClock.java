package io.raftsentinel.it.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Polls the replicas of the frozen masters with writes until every one accepts a SET, i.e. has been
 * promoted to master, and reports when the first and the last did (ms after the freeze).
 */
final class ScaleClock {
  /**
   * @param firstMs first replica writable, -1 if none
   * @param lastMs last replica writable, -1 if not all within the deadline
   * @param writable how many replicas were writable at the end
   */
  record Result(long firstMs, long lastMs, int writable) {
    boolean complete(int expected) {
      return lastMs > 0 && writable == expected;
    }
  }

  private static final long POLL_MS = 10;
  private static final int TIMEOUT_MS = 200;

  private ScaleClock() {}

  static Result measure(long frozenAtNanos, List<Integer> replicaPorts, long deadlineMs) throws InterruptedException {
    Map<Integer, Long> writableAt = new HashMap<>();
    long first = -1;
    while (writableAt.size() < replicaPorts.size() && elapsedMs(frozenAtNanos) < deadlineMs) {
      for (int port : replicaPorts) {
        if (!writableAt.containsKey(port) && writes(port)) {
          long t = elapsedMs(frozenAtNanos);
          writableAt.put(port, t);
          first = first < 0 ? t : first;
        }
      }
      Thread.sleep(POLL_MS);
    }
    long last = writableAt.size() == replicaPorts.size()
        ? writableAt.values().stream().mapToLong(Long::longValue).max().orElse(-1) : -1;
    return new Result(first, last, writableAt.size());
  }

  private static boolean writes(int port) {
    try (Jedis j = new Jedis("127.0.0.1", port, TIMEOUT_MS)) {
      return "OK".equals(j.set("scale-bench", Long.toString(System.nanoTime())));
    } catch (RuntimeException e) {
      // READONLY (still a replica) or not answering yet: polled again on the next round.
      return false;
    }
  }

  private static long elapsedMs(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
