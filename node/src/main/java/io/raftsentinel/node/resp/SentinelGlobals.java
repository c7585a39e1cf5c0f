package io.raftsentinel.node.resp;

import io.raftsentinel.raftstate.core.Glob;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The global parameters of {@code SENTINEL CONFIG GET/SET}, in Sentinel's order. They are this
 * node's own, in memory: not replicated and not persisted (the node config file is authoritative
 * at start-up).
 */
final class SentinelGlobals {
  private final Map<String, String> values = new LinkedHashMap<>();

  SentinelGlobals(RespConfig config) {
    values.put("resolve-hostnames", "no");
    values.put("announce-hostnames", "no");
    values.put("announce-ip", config.announceIp());
    values.put("announce-port", Integer.toString(config.announcePort()));
    values.put("sentinel-user", "");
    values.put("sentinel-pass", "");
  }

  synchronized String get(String name) {
    return values.get(name);
  }

  /** Every parameter whose name glob-matches the pattern (case-insensitively). */
  synchronized Reply matching(String pattern) {
    MapBuilder b = new MapBuilder();
    String p = pattern.toLowerCase(Locale.ROOT);
    values.forEach((k, v) -> {
      if (Glob.matches(p, k)) {
        b.put(k, v);
      }
    });
    return b.build();
  }

  /** Null when set, else the error reply. */
  synchronized Reply set(String rawName, String value) {
    String name = rawName.toLowerCase(Locale.ROOT);
    if (!values.containsKey(name)) {
      return Reply.error("ERR Invalid argument '" + rawName + "' to SENTINEL CONFIG SET");
    }
    String invalid = "ERR Invalid value '" + value + "' to SENTINEL CONFIG SET '" + name + "'";
    switch (name) {
      case "resolve-hostnames", "announce-hostnames" -> {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("yes") && !v.equals("no")) {
          return Reply.error(invalid);
        }
        values.put(name, v);
      }
      case "announce-port" -> {
        Long port = Numbers.parseLong(value);
        if (port == null || port < 0 || port > 65535) {
          return Reply.error(invalid);
        }
        values.put(name, Long.toString(port));
      }
      default -> values.put(name, value);
    }
    return null;
  }

  synchronized boolean resolveHostnames() {
    return values.get("resolve-hostnames").equals("yes");
  }
}
