package io.raftsentinel.node.resp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sentinel's timing parameters as {@code SENTINEL DEBUG} shows and sets them. raft-sentinel keeps
 * the values for compatibility only: its monitor and failover timings come from the node config,
 * so setting them here has no effect (yet).
 */
final class DebugParams {
  private final Map<String, Long> values = new LinkedHashMap<>();

  DebugParams() {
    values.put("info-period", 10_000L);
    values.put("ping-period", 1_000L);
    values.put("ask-period", 1_000L);
    values.put("publish-period", 2_000L);
    values.put("default-down-after", 30_000L);
    values.put("default-failover-timeout", 180_000L);
    values.put("tilt-trigger", 2_000L);
    values.put("tilt-period", 30_000L);
    values.put("slave-reconf-timeout", 10_000L);
    values.put("min-link-reconnect-period", 15_000L);
    values.put("election-timeout", 10_000L);
    values.put("script-max-runtime", 60_000L);
    values.put("script-retry-delay", 30_000L);
  }

  synchronized boolean known(String name) {
    return values.containsKey(name.toLowerCase(Locale.ROOT));
  }

  synchronized void set(String name, long value) {
    values.put(name.toLowerCase(Locale.ROOT), value);
  }

  /** Upper-case names in Sentinel's order, values as bulk strings. */
  synchronized Reply reply() {
    MapBuilder b = new MapBuilder();
    values.forEach((k, v) -> b.put(k.toUpperCase(Locale.ROOT), v));
    return b.build();
  }
}
