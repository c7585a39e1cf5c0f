package io.raftsentinel.it.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

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
    // One kept connection per replica, reopened after an error (a promotion's CLIENT KILL drops it):
    // a new connection per poll cost a TCP connect each and loaded the host that is being measured.
    Map<Integer, Jedis> connections = new HashMap<>();
    long first = -1;
    try {
      while (writableAt.size() < replicaPorts.size() && elapsedMs(frozenAtNanos) < deadlineMs) {
        for (int port : replicaPorts) {
          if (!writableAt.containsKey(port) && writes(connections, port)) {
            long t = elapsedMs(frozenAtNanos);
            writableAt.put(port, t);
            first = first < 0 ? t : first;
          }
        }
        Thread.sleep(POLL_MS);
      }
    } finally {
      connections.values().forEach(Jedis::close);
    }
    long last = writableAt.size() == replicaPorts.size()
        ? writableAt.values().stream().mapToLong(Long::longValue).max().orElse(-1) : -1;
    return new Result(first, last, writableAt.size());
  }

  private static boolean writes(Map<Integer, Jedis> connections, int port) {
    try {
      Jedis j = connections.computeIfAbsent(port, p -> new Jedis("127.0.0.1", p, TIMEOUT_MS));
      return "OK".equals(j.set("scale-bench", Long.toString(System.nanoTime())));
    } catch (JedisDataException e) {
      return false; // READONLY: still a replica; the connection is fine
    } catch (RuntimeException e) {
      // Not answering yet, or the connection was closed: polled again on a new one next round.
      Jedis broken = connections.remove(port);
      if (broken != null) {
        broken.close();
      }
      return false;
    }
  }

  private static long elapsedMs(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
