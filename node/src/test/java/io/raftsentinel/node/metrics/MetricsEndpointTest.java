package io.raftsentinel.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.config.ConfigParser;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes a real one-node group watching real redis-server processes, before and after a failover. */
class MetricsEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(cleanup);
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  private SentinelNode node(RedisProcess master) throws Exception {
    Path conf = dir.resolve("n1.conf");
    Files.writeString(conf, String.join("\n",
        "raft-id n1",
        "raft-address 127.0.0.1:" + FreePorts.allocate(),
        "raft-dir " + dir.resolve("n1"),
        "port " + FreePorts.allocate(),
        "grpc-port " + FreePorts.allocate(),
        "metrics-port " + FreePorts.allocate(),
        "bind 127.0.0.1",
        "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 5000", ""));
    return track(SentinelNode.start(ConfigParser.load(conf)));
  }

  static String get(int port, String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(5_000);
    try {
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return status + " " + c.getContentType() + "\n" + body;
    } finally {
      c.disconnect();
    }
  }

  private static String scrape(int port) {
    try {
      return get(port, "/metrics");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The value of the one sample whose name and labels are exactly {@code series}, or NaN. */
  static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static void respCommand(int port, String inline) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (s.getInputStream().read() < 0) {
        throw new IOException("no reply to " + inline);
      }
    }
  }

  @Test
  void gaugesAndFailoverCountersFromARealNode() throws Exception {
    RedisProcess master = track(RedisProcess.start());
    RedisProcess replica = track(RedisProcess.startReplicaOf(master.address()));
    SentinelNode n = node(master);
    int port = n.metricsPort();
    assertTrue(port > 0);

    Poll.until(WAIT, () -> {
      String s = scrape(port);
      return value(s, "raft_sentinel_master_up{master=\"mymaster\"}") == 1
          && value(s, "raft_sentinel_master_replicas{master=\"mymaster\"}") == 1;
    }, "the master to be up with its replica known");
    String before = get(port, "/metrics");
    assertTrue(before.startsWith("200 text/plain; version=0.0.4"), before);
    assertEquals(1, value(before, "raft_sentinel_raft_role{role=\"leader\"}"));
    assertEquals(0, value(before, "raft_sentinel_raft_role{role=\"follower\"}"));
    assertTrue(value(before, "raft_sentinel_raft_term") >= 1);
    assertTrue(value(before, "raft_sentinel_raft_applied_index") > 0);
    assertTrue(value(before, "raft_sentinel_raft_commit_index") >= value(before, "raft_sentinel_raft_applied_index"));
    assertEquals(0, value(before, "raft_sentinel_master_odown{master=\"mymaster\"}"));
    assertEquals(0, value(before, "raft_sentinel_master_failover_paused{master=\"mymaster\"}"));
    // Baselines, not zeros: a loaded machine can make the node see a (spurious) SDOWN while it starts.
    double epoch = value(before, "raft_sentinel_master_config_epoch{master=\"mymaster\"}");
    double started = value(before, "raft_sentinel_failovers_started_total{master=\"mymaster\"}");
    double succeeded = value(before, "raft_sentinel_failovers_succeeded_total{master=\"mymaster\"}");
    double durations = value(before, "raft_sentinel_failover_duration_seconds_count{master=\"mymaster\"}");
    assertEquals(0, succeeded);
    assertEquals(0, durations);

    Poll.until(WAIT, () -> n.topology().ready(), "the node to be ready for clients");
    double reads = value(before, "raft_sentinel_state_reads_total{interface=\"resp\",consistency=\"local\"}");
    respCommand(n.respPort(), "SENTINEL get-master-addr-by-name mymaster");
    double readsAfter = value(get(port, "/metrics"),
        "raft_sentinel_state_reads_total{interface=\"resp\",consistency=\"local\"}");
    assertTrue(readsAfter > (Double.isNaN(reads) ? 0 : reads), "a RESP query counts as a read: " + readsAfter);

    master.pause();
    Poll.until(WAIT, () -> {
      String s = scrape(port);
      return value(s, "raft_sentinel_failovers_succeeded_total{master=\"mymaster\"}") == succeeded + 1;
    }, "the failover to be counted");
    String after = get(port, "/metrics");
    master.resume();
    assertEquals(started + 1, value(after, "raft_sentinel_failovers_started_total{master=\"mymaster\"}"));
    assertTrue(value(after, "raft_sentinel_master_config_epoch{master=\"mymaster\"}") > epoch, after);
    assertEquals(1, value(after, "raft_sentinel_failover_duration_seconds_count{master=\"mymaster\"}"));
    assertEquals(1, value(after, "raft_sentinel_failover_duration_seconds_bucket{master=\"mymaster\",le=\"+Inf\"}"));
    assertTrue(value(after, "raft_sentinel_failover_duration_seconds_sum{master=\"mymaster\"}") < 30, after);
    assertEquals("master", replica.role());
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    RedisProcess master = track(RedisProcess.start());
    SentinelNode n = node(master);
    assertTrue(get(n.metricsPort(), "/").startsWith("404 "));
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + n.metricsPort() + "/metrics").toURL()
        .openConnection();
    c.setRequestMethod("POST");
    assertEquals(405, c.getResponseCode());
    c.disconnect();
  }
}
