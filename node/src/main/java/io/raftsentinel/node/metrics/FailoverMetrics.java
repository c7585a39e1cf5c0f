package io.raftsentinel.node.metrics;

import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Failover counters and durations per master, fed by the committed event stream. Every node applies
 * the same log, so every node counts the same failovers. Durations run from {@code +try-failover} to
 * {@code +failover-end} (or {@code +failover-end-for-timeout}) in log time. Counting starts when the
 * process starts: a restarted node counts again what it re-applies from its log.
 */
public final class FailoverMetrics implements Consumer<SentinelEvent> {
  private final Map<String, PerMaster> masters = new ConcurrentHashMap<>();

  @Override
  public void accept(SentinelEvent e) {
    if (e.index() <= 0 || e.master().isEmpty()) {
      return; // local (not committed) or group-wide events
    }
    String type = e.type();
    if (type.equals("+try-failover")) {
      PerMaster m = of(e.master());
      m.started.incrementAndGet();
      m.startedAtMs = e.timeMs();
    } else if (type.equals("+failover-end") || type.equals("+failover-end-for-timeout")) {
      PerMaster m = of(e.master());
      m.succeeded.incrementAndGet();
      long started = m.startedAtMs;
      if (started > 0) {
        m.duration.observe(Math.max(0, e.timeMs() - started) / 1000.0);
        m.startedAtMs = 0;
      }
    } else if (type.startsWith("-failover-abort-")) {
      PerMaster m = of(e.master());
      m.aborted.incrementAndGet();
      m.startedAtMs = 0;
    }
  }

  /** Makes a master's series exist (at zero) before its first failover. */
  public void touch(String master) {
    of(master);
  }

  public Map<String, Counts> snapshot() {
    Map<String, Counts> out = new java.util.TreeMap<>();
    masters.forEach((name, m) -> out.put(name,
        new Counts(m.started.get(), m.succeeded.get(), m.aborted.get(), m.duration.snapshot())));
    return out;
  }

  private PerMaster of(String master) {
    return masters.computeIfAbsent(master, k -> new PerMaster());
  }

  /** One master's failover figures at one moment. */
  public record Counts(long started, long succeeded, long aborted, Histogram.Snapshot duration) {}

  private static final class PerMaster {
    final AtomicLong started = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong aborted = new AtomicLong();
    final Histogram duration = new Histogram(Histogram.FAILOVER_SECONDS);
    /** Log time of the running attempt's +try-failover; 0 when none. Written by the apply thread only. */
    volatile long startedAtMs;
  }
}
