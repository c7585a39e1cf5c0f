package io.raftsentinel.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * A Sentinel-aware writer in miniature: one thread doing {@code SET k<i> i} for i = 0, 1, 2, ... on
 * whatever the current master is, asking a sentinel ({@code SENTINEL get-master-addr-by-name}) for it
 * at start and after any error (READONLY, connection reset or refused, time-out), then retrying the
 * same key. It records every acknowledged key and the time of every acknowledgement, so that a test
 * can read them all back afterwards and report the longest pause between two acknowledged writes.
 * Works against raft-sentinel nodes and real redis-sentinel alike (both speak RESP).
 */
public final class SentinelWriter implements AutoCloseable {
  private static final int SOCKET_TIMEOUT_MS = 10_000;
  private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final String master;
  private final List<Integer> sentinelPorts;
  private final String prefix;
  private final Thread thread;
  private volatile boolean stopped;

  // Guarded by this.
  private final List<Integer> acked = new ArrayList<>();
  private final List<Long> ackNanos = new ArrayList<>();
  private int errors;
  private final List<String> errorSamples = new ArrayList<>();
  private Throwable crash;

  private SentinelWriter(String master, List<Integer> sentinelPorts, String prefix) {
    this.master = master;
    this.sentinelPorts = List.copyOf(sentinelPorts);
    this.prefix = prefix;
    this.thread = new Thread(this::run, "sentinel-writer");
    this.thread.setDaemon(true);
  }

  /** Starts writing {@code <prefix><i>} keys to the master named {@code master}. */
  public static SentinelWriter start(String master, List<Integer> sentinelPorts, String prefix) {
    SentinelWriter w = new SentinelWriter(master, sentinelPorts, prefix);
    w.thread.start();
    return w;
  }

  private void run() {
    Jedis conn = null;
    int i = 0;
    try {
      while (!stopped) {
        try {
          if (conn == null) {
            conn = connect();
          }
          conn.set(prefix + i, Integer.toString(i));
          long now = System.nanoTime();
          synchronized (this) {
            acked.add(i);
            ackNanos.add(now);
          }
          i++;
        } catch (RuntimeException e) {
          synchronized (this) {
            errors++;
            if (errorSamples.size() < 5) {
              errorSamples.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
          }
          if (conn != null) {
            closeQuietly(conn);
            conn = null;
          }
          LockSupport.parkNanos(ERROR_PAUSE_NANOS);
        }
      }
    } catch (Error e) {
      synchronized (this) {
        crash = e;
      }
    } finally {
      if (conn != null) {
        closeQuietly(conn);
      }
    }
  }

  /** The master a sentinel names now, connected. */
  private Jedis connect() {
    RuntimeException last = null;
    for (int port : sentinelPorts) {
      try (Jedis s = new Jedis("127.0.0.1", port, 2_000)) {
        List<String> addr = s.sentinelGetMasterAddrByName(master);
        Jedis j = new Jedis(addr.get(0), Integer.parseInt(addr.get(1)), SOCKET_TIMEOUT_MS);
        j.ping();
        return j;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last == null ? new IllegalStateException("no sentinel ports") : last;
  }

  private static void closeQuietly(Jedis j) {
    try {
      j.close();
    } catch (RuntimeException e) {
      // the connection is already broken
    }
  }

  public synchronized int ackedCount() {
    return acked.size();
  }

  public synchronized int errors() {
    return errors;
  }

  public synchronized List<String> errorSamples() {
    return List.copyOf(errorSamples);
  }

  /** Longest time between two consecutive acknowledgements, in ms, among acks in [fromNanos, toNanos]. */
  public synchronized long longestGapMs(long fromNanos, long toNanos) {
    long longest = 0;
    for (int k = 1; k < ackNanos.size(); k++) {
      long a = ackNanos.get(k - 1);
      long b = ackNanos.get(k);
      if (b - fromNanos >= 0 && a - toNanos <= 0) {
        longest = Math.max(longest, b - a);
      }
    }
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  public synchronized long longestGapMs() {
    return longestGapMs(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
  }

  /** Stops and joins the thread; rethrows anything that crashed it. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(TimeUnit.SECONDS.toMillis(30));
    synchronized (this) {
      if (crash != null) {
        throw new AssertionError("writer crashed", crash);
      }
    }
  }

  /**
   * Reads every acknowledged key back from the instance on {@code port}; returns those missing or with
   * a wrong value (at most the first 20 of them, and their count in {@code lost[0]}).
   */
  public List<String> missingOn(int port, int[] lost) {
    List<Integer> keys;
    synchronized (this) {
      keys = List.copyOf(acked);
    }
    List<String> missing = new ArrayList<>();
    int count = 0;
    try (Jedis j = new Jedis("127.0.0.1", port, SOCKET_TIMEOUT_MS)) {
      for (int from = 0; from < keys.size(); from += 1000) {
        List<Integer> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
        Pipeline p = j.pipelined();
        List<Response<String>> values = new ArrayList<>();
        for (int k : batch) {
          values.add(p.get(prefix + k));
        }
        p.sync();
        for (int n = 0; n < batch.size(); n++) {
          if (!Integer.toString(batch.get(n)).equals(values.get(n).get())) {
            count++;
            if (missing.size() < 20) {
              missing.add(prefix + batch.get(n) + "=" + values.get(n).get());
            }
          }
        }
      }
    }
    lost[0] = count;
    return missing;
  }

  /** For reports: acks, errors, a few error texts. */
  public synchronized Map<String, Object> summary() {
    return Map.of("acked", acked.size(), "errors", errors, "errorSamples", List.copyOf(errorSamples));
  }
}
