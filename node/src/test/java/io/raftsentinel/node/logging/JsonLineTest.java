package io.raftsentinel.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.config.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class JsonLineTest {
  private static final Instant T = Instant.parse("2025-01-02T03:04:05.678Z");

  @Test
  void oneObjectPerLineWithTheDocumentedKeysInOrder() {
    assertEquals("{\"time\":\"2025-01-02T03:04:05.678Z\",\"level\":\"INFO\",\"logger\":\"a.B\",\"thread\":\"main\","
        + "\"message\":\"hello\"}", JsonLine.render(T, "INFO", "a.B", "main", "hello", null));
  }

  @Test
  void escapesQuotesControlCharactersAndLineBreaks() {
    String line = JsonLine.render(T, "WARN", "x", "t\"1", "a\"b\\c\nd\te\u0001", null);
    assertEquals("{\"time\":\"2025-01-02T03:04:05.678Z\",\"level\":\"WARN\",\"logger\":\"x\",\"thread\":\"t\\\"1\","
        + "\"message\":\"a\\\"b\\\\c\\nd\\te\\u0001\"}", line);
  }

  @Test
  void exceptionsBecomeOneEscapedStackTrace() {
    String line = JsonLine.render(T, "ERROR", "x", "t", "failed", new IllegalStateException("boom"));
    assertTrue(line.contains(",\"exception\":\"java.lang.IllegalStateException: boom\\n\\tat "), line);
    assertFalse(line.contains("\n"), "a single line");
    assertTrue(line.endsWith("\"}"));
  }

  @Test
  void loggerFormatsArgumentsAndHonoursLevels() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    JsonLogger log = new JsonLogger("io.raftsentinel.x", Level.INFO, Clock.fixed(T, ZoneOffset.UTC), out);
    log.debug("hidden {}", 1);
    log.info("master {} is {}", "m", "down");
    log.warn("with error", new RuntimeException("e"));
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length, buf.toString(StandardCharsets.UTF_8));
    assertTrue(lines[0].contains("\"level\":\"INFO\"") && lines[0].contains("\"message\":\"master m is down\""));
    assertTrue(lines[1].contains("\"level\":\"WARN\"") && lines[1].contains("\"exception\":\"java.lang.Runtime"));
  }

  @Test
  void levelsFollowSlf4jSimpleKeysMostSpecificPrefixWins() {
    Properties p = new Properties();
    p.setProperty(LogLevels.DEFAULT_KEY, "warn");
    p.setProperty(LogLevels.LOGGER_PREFIX + "org.apache.ratis", "error");
    p.setProperty(LogLevels.LOGGER_PREFIX + "org.apache.ratis.server.impl", "debug");
    p.setProperty(LogLevels.LOGGER_PREFIX + "noisy", "off");
    LogLevels levels = new LogLevels(p);
    assertEquals(Level.WARN, levels.threshold("io.raftsentinel.node.X"));
    assertEquals(Level.ERROR, levels.threshold("org.apache.ratis.grpc.GrpcFactory"));
    assertEquals(Level.DEBUG, levels.threshold("org.apache.ratis.server.impl.RaftServerImpl"));
    assertNull(levels.threshold("noisy.Thing"));
    assertEquals(Level.INFO, new LogLevels(new Properties()).threshold("any"));
  }

  @Test
  void theEnvironmentVariableBeatsTheConfigFile() {
    assertEquals(LogFormat.JSON, LogSetup.choose("json", Optional.of(LogFormat.TEXT)));
    assertEquals(LogFormat.TEXT, LogSetup.choose("TEXT", Optional.of(LogFormat.JSON)));
    assertEquals(LogFormat.JSON, LogSetup.choose(null, Optional.of(LogFormat.JSON)));
    assertEquals(LogFormat.JSON, LogSetup.choose("bogus", Optional.of(LogFormat.JSON)));
    assertEquals(LogFormat.TEXT, LogSetup.choose(null, Optional.empty()));
  }
}
