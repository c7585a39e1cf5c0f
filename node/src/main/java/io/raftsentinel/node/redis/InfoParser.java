package io.raftsentinel.node.redis;

import io.raftsentinel.node.redis.InfoReplication.ConnectedReplica;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses {@code INFO} text into {@link InfoReplication}. Pure and lenient like Sentinel's own parser:
 * unknown lines are ignored, an unparsable number takes the field's neutral value, and a malformed
 * {@code slaveN} line is skipped; it never throws on any text.
 */
public final class InfoParser {
  private InfoParser() {}

  public static InfoReplication parse(String info) {
    Map<String, String> fields = new HashMap<>();
    TreeMap<Integer, ConnectedReplica> replicas = new TreeMap<>();
    for (String raw : (info == null ? "" : info).split("\r?\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      Integer slaveIndex = slaveIndex(key);
      if (slaveIndex != null) {
        ConnectedReplica r = replica(value);
        if (r != null) {
          replicas.put(slaveIndex, r);
        }
      } else {
        fields.putIfAbsent(key, value);
      }
    }
    String priority = fields.getOrDefault("slave_priority", fields.get("replica_priority"));
    return new InfoReplication(
        fields.getOrDefault("run_id", ""),
        fields.getOrDefault("role", ""),
        fields.getOrDefault("master_host", ""),
        (int) number(fields.get("master_port"), 0),
        fields.getOrDefault("master_link_status", ""),
        number(fields.get("master_link_down_since_seconds"), -1),
        number(fields.get("slave_repl_offset"), 0),
        number(fields.get("master_repl_offset"), 0),
        (int) number(priority, InfoReplication.DEFAULT_PRIORITY),
        !"0".equals(fields.get("replica_announced")),
        new ArrayList<>(replicas.values()));
  }

  /** N for a key {@code slaveN}, null for any other key (e.g. {@code slave_priority}). */
  private static Integer slaveIndex(String key) {
    if (!key.startsWith("slave") || key.length() == 5) {
      return null;
    }
    for (int i = 5; i < key.length(); i++) {
      if (!Character.isDigit(key.charAt(i))) {
        return null;
      }
    }
    try {
      return Integer.parseInt(key.substring(5));
    } catch (NumberFormatException e) {
      return null; // absurdly long digit run: not a replica line Redis would write
    }
  }

  /** {@code ip=…,port=…,state=…,offset=…,lag=…}; null when ip or port is missing or invalid. */
  private static ConnectedReplica replica(String value) {
    Map<String, String> kv = new HashMap<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        kv.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    String ip = kv.get("ip");
    long port = number(kv.get("port"), -1);
    if (ip == null || ip.isEmpty() || port < 1 || port > 65535) {
      return null;
    }
    return new ConnectedReplica(new InstanceAddress(ip, (int) port), kv.getOrDefault("state", ""),
        number(kv.get("offset"), 0), number(kv.get("lag"), 0));
  }

  private static long number(String text, long fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return fallback; // Redis never writes this; a garbled field keeps its neutral value
    }
  }
}
