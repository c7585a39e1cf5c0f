package io.raftsentinel.it.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a redis-cli transcript of {@code SENTINEL MASTER/MASTERS/REPLICAS/SENTINELS} into instance
 * entries (field → value, in reply order). Every entry starts with the field {@code name}, which is how
 * flattened arrays of entries are cut apart.
 */
final class InstanceEntries {
  private InstanceEntries() {}

  /** From {@code --raw} RESP2 output: alternating field and value lines. */
  static List<Map<String, String>> fromRaw2(String transcript) {
    List<String> lines = RedisCli.lines(transcript);
    if (lines.size() % 2 != 0) {
      throw new AssertionError("odd number of lines in a field/value transcript:\n" + transcript);
    }
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += 2) {
      pairs.add(new String[] {lines.get(i), lines.get(i + 1)});
    }
    return split(pairs, transcript);
  }

  /** From {@code --raw -3} output: one {@code field value} line per map entry. */
  static List<Map<String, String>> fromRaw3(String transcript) {
    List<String[]> pairs = new ArrayList<>();
    for (String line : RedisCli.lines(transcript)) {
      int space = line.indexOf(' ');
      pairs.add(space < 0 ? new String[] {line, ""}
          : new String[] {line.substring(0, space), line.substring(space + 1)});
    }
    return split(pairs, transcript);
  }

  private static List<Map<String, String>> split(List<String[]> pairs, String transcript) {
    List<Map<String, String>> entries = new ArrayList<>();
    Map<String, String> current = null;
    for (String[] p : pairs) {
      if (p[0].equals("name")) {
        current = new LinkedHashMap<>();
        entries.add(current);
      }
      if (current == null || current.put(p[0], p[1]) != null) {
        throw new AssertionError("not a list of instance entries (field '" + p[0] + "'):\n" + transcript);
      }
    }
    return entries;
  }

  static List<String> names(Map<String, String> entry) {
    return List.copyOf(entry.keySet());
  }
}
