package io.raftsentinel.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.cli.Main;
import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A real node process ({@code raft-sentinel run}) monitoring a password-protected Redis: its whole log,
 * in text and in JSON, never shows {@code requirepass} or {@code auth-pass}, nor do the replies an
 * operator sees (SENTINEL MASTER/MASTERS/CONFIG GET, INFO, the CLI); Raft chatter stays quiet; the JSON
 * log is one object per line; the raft dir is created 0700.
 */
class NodeProcessLogTest {
  private static final String NODE_PASS = "node-s3cret-pw";
  private static final String REDIS_PASS = "redis-s3cret-pw";
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Possessive, so long messages (the effective config, stack traces) do not recurse deeply. */
  private static final String JSON_STRING = "\"(?:[^\"\\\\]++|\\\\.)*+\"";
  private static final Pattern JSON_LINE = Pattern.compile(
      "\\{\"time\":\"[0-9T:.Z-]+\",\"level\":\"(TRACE|DEBUG|INFO|WARN|ERROR)\",\"logger\":\"[^\"]+\","
          + "\"thread\":" + JSON_STRING + ",\"message\":" + JSON_STRING + "(,\"exception\":" + JSON_STRING + ")?\\}");

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void logsAndRepliesNeverShowSecrets(String format) throws Exception {
    try (RedisProcess redis = RedisProcess.builder().password(REDIS_PASS).start()) {
      int resp = FreePorts.allocate();
      int grpc = FreePorts.allocate();
      Path raftDir = dir.resolve("data").resolve("n1");
      Path config = dir.resolve("node.conf");
      Files.writeString(config, String.join("\n",
          "raft-id n1",
          "raft-address 127.0.0.1:" + FreePorts.allocate(),
          "raft-dir " + raftDir,
          "port " + resp,
          "grpc-port " + grpc,
          "metrics-port 0",
          "requirepass " + NODE_PASS,
          "sentinel monitor m 127.0.0.1 " + redis.port() + " 1",
          "sentinel down-after-milliseconds m 2000",
          "sentinel auth-pass m " + REDIS_PASS,
          "log-format " + format, ""));
      Path log = dir.resolve("node.log");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.io.raftsentinel=debug",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      pb.environment().remove("RAFT_SENTINEL_LOG_FORMAT");
      Process node = pb.start();
      List<String> shown = new ArrayList<>();
      try {
        Poll.until(WAIT, () -> masterKnown(resp), "the node to monitor m");
        // CLIENT SETNAME rides on HELLO ... AUTH: the named connection proves auth-pass was used.
        Poll.until(WAIT, () -> redis.cli("CLIENT", "LIST").contains("name=raft-sentinel-"),
            "the node to authenticate to the password-protected master");
        try (Jedis j = new Jedis("127.0.0.1", resp)) {
          j.auth(NODE_PASS);
          // The +set event for this change carries the option but never the value (which contains the
          // first secret, so the checks below cover both).
          shown.add(text(j.sendCommand(Protocol.Command.SENTINEL, "SET", "m", "auth-pass", REDIS_PASS + "-2")));
          for (String[] cmd : List.of(new String[] {"MASTER", "m"}, new String[] {"MASTERS"},
              new String[] {"REPLICAS", "m"}, new String[] {"CONFIG", "GET", "*"}, new String[] {"INFO-CACHE", "m"})) {
            shown.add(text(j.sendCommand(Protocol.Command.SENTINEL, cmd)));
          }
          shown.add(j.info());
        }
        shown.add(cli("master", "m", "--json", "--server", "127.0.0.1:" + grpc, "--password", NODE_PASS));
        shown.add(cli("masters", "--server", "127.0.0.1:" + grpc, "--password", NODE_PASS));
        Poll.until(WAIT, () -> read(log).contains("+set"), "the +set event in the log");
      } finally {
        node.destroy();
        if (!node.waitFor(20, TimeUnit.SECONDS)) {
          node.destroyForcibly().waitFor();
        }
      }
      String output = read(log);
      for (String s : shown) {
        assertFalse(s.contains(REDIS_PASS) || s.contains(NODE_PASS), "a secret in a reply:\n" + s);
      }
      assertFalse(output.contains(REDIS_PASS), "auth-pass in the log:\n" + output);
      assertFalse(output.contains(NODE_PASS), "requirepass in the log:\n" + output);
      assertTrue(output.contains("auth-pass ******"), output);
      assertTrue(output.contains("requirepass ******"), output);
      assertTrue(output.contains("Node n1 started"), output);

      List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
      if (format.equals("json")) {
        for (String line : lines) {
          assertTrue(JSON_LINE.matcher(line).matches(), "not one JSON object: " + line);
        }
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"level\":\"INFO\",\"logger\":\"org.apache.ratis")),
            "Ratis INFO chatter:\n" + output);
      } else {
        assertTrue(lines.stream().noneMatch(l -> JSON_LINE.matcher(l).matches()), output);
        assertTrue(lines.stream().noneMatch(l -> l.contains(" INFO org.apache.ratis")), "Ratis chatter:\n" + output);
      }
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(raftDir)));
    }
  }

  private static boolean masterKnown(int port) {
    try (Jedis j = new Jedis("127.0.0.1", port)) {
      j.auth(NODE_PASS);
      return text(j.sendCommand(Protocol.Command.SENTINEL, "MASTER", "m")).startsWith("name m ");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(out));
    int code = cl.execute(args);
    assertEquals(0, code, out.toString());
    return out.toString();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** A RESP reply flattened to space-separated text. */
  private static String text(Object reply) {
    if (reply instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> list) {
      StringBuilder s = new StringBuilder();
      for (Object o : list) {
        s.append(text(o)).append(' ');
      }
      return s.toString();
    }
    return String.valueOf(reply);
  }
}
