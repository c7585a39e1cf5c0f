package io.raftsentinel.raftstate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void matchesLikeRedis() {
    assertTrue(Glob.matches("*", ""));
    assertTrue(Glob.matches("my*", "mymaster"));
    assertTrue(Glob.matches("m?master", "mymaster"));
    assertTrue(Glob.matches("[a-z]ymaster", "mymaster"));
    assertTrue(Glob.matches("[z-a]ymaster", "mymaster"));
    assertFalse(Glob.matches("[^m]ymaster", "mymaster"));
    assertTrue(Glob.matches("cache\\*", "cache*"));
    assertFalse(Glob.matches("cache\\*", "cache1"));
    assertTrue(Glob.matches("a[b", "a[b"));
    assertTrue(Glob.matches("x\\", "x\\"));
    assertFalse(Glob.matches("my", "mymaster"));
    assertFalse(Glob.matches("?", ""));
  }

  @Test
  void agreesWithTheNaiveMatcher() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    String patternChars = "ab*?[]^-\\";
    for (int i = 0; i < 200_000; i++) {
      String pattern = randomString(random, patternChars, 8);
      String text = randomString(random, "ab[]^-\\*", 8);
      assertEquals(NaiveGlob.matches(pattern, text), Glob.matches(pattern, text),
          () -> "pattern '" + pattern + "' text '" + text + "' (seed " + seed + ", rerun with -Dseed=" + seed + ")");
    }
  }

  @Test
  void aPathologicalPatternRunsInLinearTime() {
    String pattern = "*a".repeat(100) + "*b";
    String name = "a".repeat(Validation.MAX_NAME_LENGTH);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(Glob.matches(pattern, name)));
  }

  private static String randomString(Random random, String alphabet, int maxLength) {
    StringBuilder b = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
