package io.raftsentinel.it.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Polls RESP endpoints periodically, one thread per endpoint with its own connection (a stopped
 * endpoint delays only its own samples), reconnecting after any failure. A sample is stamped with
 * the time the request was sent. Thread-safe.
 *
 * @param <S> the sample type
 */
public final class Sampler<S> implements AutoCloseable {
  /** Turns one exchange into a sample: (connection or null when it failed, send time) → sample or null. */
  public interface Probe<S> extends BiFunction<Jedis, Long, S> {}

  private final List<S> samples = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final long periodNanos;
  private final int timeoutMs;
  private final Function<String, Probe<S>> probe;
  private volatile boolean closed;

  /**
   * @param targets name → port
   * @param probe for a target name, its probe: called with a live connection, or with null when the
   *     endpoint did not answer (so a probe can record "unreachable")
   */
  public Sampler(Map<String, Integer> targets, long periodMs, int timeoutMs, Function<String, Probe<S>> probe) {
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
    this.timeoutMs = timeoutMs;
    this.probe = probe;
    targets.forEach(this::add);
  }

  /** Starts sampling one more endpoint (a node joining the group). */
  public synchronized void add(String name, int port) {
    Thread t = new Thread(() -> run(port, probe.apply(name)), "sampler-" + name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  public List<S> samples() {
    return List.copyOf(samples);
  }

  private void run(int port, Probe<S> probe) {
    Jedis j = null;
    while (!closed) {
      long sent = Millis.now();
      S sample;
      try {
        if (j == null) {
          j = RespProbe.connect(port, timeoutMs);
        }
        sample = probe.apply(j, sent);
      } catch (JedisException e) {
        // Unreachable, stopped, restarting, or not ready: that is itself a sample.
        sample = probe.apply(null, sent);
        if (j != null) {
          j.close();
          j = null;
        }
      }
      if (sample != null && !closed) {
        samples.add(sample);
      }
      LockSupport.parkNanos(periodNanos);
    }
    if (j != null) {
      j.close();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
