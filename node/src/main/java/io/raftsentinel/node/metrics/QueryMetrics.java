package io.raftsentinel.node.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads of the topology per client interface ({@code resp}, {@code grpc}) and consistency
 * ({@code local}, {@code linearizable}), with the latency of linearizable reads (a Raft ReadIndex
 * round; local reads are a volatile read and not worth timing). Fed by {@link CountingQueryService}.
 */
public final class QueryMetrics {
  /** Linearizable read latency: a healthy loopback group answers in about a millisecond. */
  static final double[] READ_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final Map<Key, LongAdder> reads = new ConcurrentHashMap<>();
  private final Map<Key, LongAdder> failures = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

  void read(String iface, String consistency) {
    readCounter(iface, consistency).increment();
  }

  /** The counter {@link #read} increments, for callers on a hot path to resolve once. */
  LongAdder readCounter(String iface, String consistency) {
    return reads.computeIfAbsent(new Key(iface, consistency), k -> new LongAdder());
  }

  void failed(String iface, String consistency) {
    failures.computeIfAbsent(new Key(iface, consistency), k -> new LongAdder()).increment();
  }

  void linearizableLatency(String iface, long nanos) {
    latency.computeIfAbsent(iface, k -> new Histogram(READ_SECONDS)).observe(nanos / 1e9);
  }

  void render(PrometheusText t) {
    t.family("raft_sentinel_state_reads_total", "counter", "Topology reads by client interface and consistency");
    new TreeMap<>(reads).forEach((k, v) -> t.sample("raft_sentinel_state_reads_total", v.sum(),
        "interface", k.iface(), "consistency", k.consistency()));
    t.family("raft_sentinel_state_read_failures_total", "counter", "Topology reads that failed (e.g. no quorum)");
    new TreeMap<>(failures).forEach((k, v) -> t.sample("raft_sentinel_state_read_failures_total", v.sum(),
        "interface", k.iface(), "consistency", k.consistency()));
    t.family("raft_sentinel_linearizable_read_duration_seconds", "histogram",
        "Time to complete a linearizable (ReadIndex) read");
    new TreeMap<>(latency).forEach((iface, h) ->
        t.histogram("raft_sentinel_linearizable_read_duration_seconds", h.snapshot(), "interface", iface));
  }

  private record Key(String iface, String consistency) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = iface.compareTo(o.iface);
      return c != 0 ? c : consistency.compareTo(o.consistency);
    }
  }
}
