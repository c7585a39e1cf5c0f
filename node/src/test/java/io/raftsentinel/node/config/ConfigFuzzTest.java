package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random lines (from directive names, numbers, addresses, quotes, escapes, odd characters, and
 * mutations of a valid file) must produce either a valid config or a {@link ConfigException} whose
 * every error names the file, never any other exception. Seeded: a failure prints the seed, and
 * {@code -Dconfig.fuzz.seed=N} replays it (or explores a new series).
 */
class ConfigFuzzTest {
  private static final int CASES = 3000;

  private static final List<String> WORDS = List.of(
      "raft-id", "raft-address", "raft-peer", "raft-dir", "raft-election-timeout-min-ms",
      "raft-election-timeout-max-ms", "grpc-port", "metrics-port", "port", "bind", "requirepass", "sentinel",
      "monitor", "down-after-milliseconds", "failover-timeout", "parallel-syncs", "auth-pass", "auth-user",
      "ping-period-ms", "announce-ip", "announce-port", "known-replica", "myid", "daemonize", "SENTINEL", "Port",
      "m", "mymaster", "n1", "n2", "127.0.0.1", "::1", "[::1]:9871", "127.0.0.1:9872", "host:", ":1", "[", "]",
      "0", "1", "-1", "65535", "65536", "2147483647", "2147483648", "99999999999999999999", "1e3", "0x10", "/tmp/x",
      "\"", "'", "\\", "\\x", "\\x4", "\\xff", "\\xc3\\xa9", "\\n", "\\'", "#", "# c", "\"\"", "''", "\u0000",
      "\u00e9", "\ud83d\ude00", "\ud83d", "\ude00", "\uFEFF", "\u0661", "\u007f", "*", "-::1", "a b", "\t", "\r",
      "\u000b");

  private static final String VALID = ConfigParserTest.INTERFACES_EXAMPLE;

  @Test
  void onlyConfigExceptionIsEverThrown() {
    long base = Long.getLong("config.fuzz.seed", 20240601L);
    int valid = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      String text = randomConfig(new Random(seed));
      try {
        valid += check(text) ? 1 : 0;
      } catch (RuntimeException | AssertionError e) {
        fail("seed " + seed + " (replay with -Dconfig.fuzz.seed=" + seed + "), input:\n" + text, e);
      }
    }
    // The generator must reach the success path too, or the round-trip checks below prove nothing.
    assertTrue(valid >= CASES / 50, "only " + valid + " random configs were valid");
  }

  @Test
  void overridesOnlyThrowConfigException() throws Exception {
    NodeConfig base = ConfigParser.parse("node.conf", VALID).config();
    long seed0 = Long.getLong("config.fuzz.seed", 20240601L);
    for (int i = 0; i < CASES; i++) {
      Random r = new Random(seed0 + i);
      Map<String, String> flags = new LinkedHashMap<>();
      for (int k = r.nextInt(4); k > 0; k--) {
        String key = r.nextBoolean() ? pick(r, ConfigOverrides.OPTIONS) : pick(r, WORDS);
        flags.put(key, r.nextInt(10) == 0 ? null : randomLine(r));
      }
      try {
        ConfigOverrides.apply(base, flags);
      } catch (ConfigException e) {
        assertFalse(e.errors().isEmpty());
      } catch (RuntimeException e) {
        fail("seed " + (seed0 + i) + ", flags " + flags, e);
      }
    }
  }

  /** True when the text was valid; then its description must parse back to the same description. */
  private static boolean check(String text) {
    ParsedConfig parsed;
    try {
      parsed = ConfigParser.parse("fuzz.conf", text);
    } catch (ConfigException e) {
      assertFalse(e.errors().isEmpty());
      for (String error : e.errors()) {
        assertTrue(error.startsWith("fuzz.conf:"), error);
      }
      return false;
    }
    NodeConfig c = parsed.config();
    assertEquals(List.of(), c.violations());
    String described = c.describe();
    try {
      assertEquals(described, ConfigParser.parse("again.conf", described).config().describe());
    } catch (ConfigException e) {
      fail("describe() output does not parse: " + e.getMessage() + "\n" + described, e);
    }
    return true;
  }

  private static String randomConfig(Random r) {
    if (r.nextInt(3) == 0) {
      return mutate(r, VALID);
    }
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      b.append(ConfigParserTest.MINIMAL);
    }
    for (int n = r.nextInt(12); n > 0; n--) {
      b.append(randomLine(r)).append(r.nextInt(8) == 0 ? "\r\n" : "\n");
    }
    return b.toString();
  }

  private static String randomLine(Random r) {
    StringBuilder b = new StringBuilder();
    for (int n = 1 + r.nextInt(6); n > 0; n--) {
      if (r.nextInt(5) == 0) {
        b.append((char) r.nextInt(0x80));
      } else {
        b.append(pick(r, WORDS));
      }
      if (r.nextInt(4) != 0) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  /** A few character-level edits of a valid file: the errors of near-misses are the ones users see. */
  private static String mutate(Random r, String text) {
    StringBuilder b = new StringBuilder(text);
    for (int n = 1 + r.nextInt(4); n > 0; n--) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, pick(r, WORDS));
        default -> b.setCharAt(at, (char) r.nextInt(0x80));
      }
    }
    return b.toString();
  }

  private static <T> T pick(Random r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }
}
