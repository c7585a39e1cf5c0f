package io.raftsentinel.it.scale;

import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every event every node publishes, with when this JVM saw it (ms after a zero point, the freeze), so a
 * mass failover can be read as a timeline: detection, ODOWN commit, start, promotion, writable.
 */
final class FailoverTimeline implements AutoCloseable {
  /** One published event as one node saw it. */
  record Seen(String node, long atMs, SentinelEvent event) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private final Map<String, Long> writableMs = new ConcurrentHashMap<>();
  private volatile long zeroNanos = System.nanoTime();

  FailoverTimeline(List<SentinelNode> nodes) {
    for (SentinelNode n : nodes) {
      String id = n.raft().self().id();
      subscriptions.add(n.topology().subscribe(e -> seen.add(new Seen(id, sinceZeroMs(), e))));
    }
  }

  void zeroAt(long nanos) {
    zeroNanos = nanos;
  }

  long sinceZeroMs() {
    return (System.nanoTime() - zeroNanos) / 1_000_000;
  }

  void writable(String master, long atMs) {
    writableMs.put(master, atMs);
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** First time any node saw an event of {@code type} for {@code master} after the zero point, -1 if none. */
  long first(String master, String type) {
    return seen.stream().filter(s -> s.atMs() >= 0 && s.event().type().equals(type)
        && master.equals(s.event().master())).mapToLong(Seen::atMs).min().orElse(-1);
  }

  /** One line per master: ms after the zero point of its first +sdown, +odown, +try-failover, +switch-master, writable. */
  String table(List<String> masters) {
    StringBuilder b = new StringBuilder("master  +sdown  +odown  +try-failover  +switch-master  writable\n");
    for (String m : masters) {
      b.append(String.format(Locale.ROOT, "%-6s %7d %7d %13d %15d %9d%n", m, first(m, "+sdown"), first(m, "+odown"),
          first(m, "+try-failover"), first(m, "+switch-master"), writableMs.getOrDefault(m, -1L)));
    }
    return b.toString();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable s : subscriptions) {
      s.close();
    }
  }
}
