package io.raftsentinel.it.bench;

import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Measures, from the moment the master is frozen, (a) the first write accepted by a replica polled
 * directly (the actual promotion) and (b) the first write that succeeds for a client that asks the
 * sentinels where the master is, in list order, and writes there (what an application sees).
 */
final class FailoverClock {
  /** Times in ms after the freeze; -1 when not reached before the deadline. */
  record Result(long promotedMs, long clientVisibleMs) {}

  private static final long POLL_MS = 5;

  static Result measure(long frozenAtNanos, HostAndPort oldMaster, List<HostAndPort> replicas, List<Integer> sentinels,
      long deadlineMs) throws InterruptedException {
    long promoted = -1;
    long visible = -1;
    while ((promoted < 0 || visible < 0) && elapsedMs(frozenAtNanos) < deadlineMs) {
      if (promoted < 0) {
        for (HostAndPort r : replicas) {
          if (writes(r)) {
            promoted = elapsedMs(frozenAtNanos);
            break;
          }
        }
      }
      if (visible < 0) {
        HostAndPort advertised = ask(sentinels);
        if (advertised != null && !advertised.equals(oldMaster) && writes(advertised)) {
          visible = elapsedMs(frozenAtNanos);
        }
      }
      Thread.sleep(POLL_MS);
    }
    return new Result(promoted, visible);
  }

  /** The client guideline: the first sentinel that answers is asked. */
  private static HostAndPort ask(List<Integer> sentinels) {
    for (int port : sentinels) {
      try (Jedis s = new Jedis("127.0.0.1", port, 200)) {
        List<String> addr = s.sentinelGetMasterAddrByName("mymaster");
        if (addr != null && addr.size() == 2) {
          return new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1)));
        }
      } catch (RuntimeException e) {
        // Not answering: try the next sentinel, as clients do.
      }
    }
    return null;
  }

  private static boolean writes(HostAndPort a) {
    try (Jedis j = new Jedis(a.getHost(), a.getPort(), 100)) {
      return "OK".equals(j.set("failover-bench", Long.toString(System.nanoTime())));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static long elapsedMs(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
