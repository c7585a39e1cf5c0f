package io.raftsentinel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unmodified Lettuce, configured with the nodes as sentinels: a standalone connection resolves the
 * master through {@code SENTINEL GET-MASTER-ADDR-BY-NAME} (again on every reconnect), and a
 * {@link MasterReplica} connection follows {@code +switch-master} from its {@code PSUBSCRIBE *}.
 */
class LettuceSentinelIT {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private static final int STREAK = 200;

  private FailoverFixture fixture;
  private RedisClient client;
  private RedisURI uri;

  @BeforeEach
  void setUp() throws Exception {
    fixture = FailoverFixture.start();
    List<Integer> ports = fixture.respPorts();
    RedisURI.Builder b = RedisURI.Builder.sentinel("127.0.0.1", ports.get(0), FailoverFixture.MASTER);
    for (int port : ports.subList(1, ports.size())) {
      b.withSentinel("127.0.0.1", port);
    }
    uri = b.withTimeout(COMMAND_TIMEOUT).build();
    client = RedisClient.create();
    client.setDefaultTimeout(COMMAND_TIMEOUT);
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  private static int tcpPort(StatefulRedisConnection<String, String> c) {
    for (String line : c.sync().info("server").split("\r?\n")) {
      if (line.startsWith("tcp_port:")) {
        return Integer.parseInt(line.substring("tcp_port:".length()).strip());
      }
    }
    throw new AssertionError("no tcp_port in INFO server");
  }

  @Test
  void standaloneConnectionsResolveTheNewMasterAfterTheFailover() throws Exception {
    StatefulRedisConnection<String, String> before = client.connect(uri);
    assertEquals(fixture.master().port(), tcpPort(before), "resolved to the configured master");
    before.sync().set("before", "1");

    RedisProcess promoted = fixture.pauseMasterAndAwaitFailover();

    try (StatefulRedisConnection<String, String> fresh = client.connect(uri)) {
      assertEquals(promoted.port(), tcpPort(fresh), "a new connection resolves the promoted replica");
      assertEquals("master", fresh.sync().role().get(0));
      assertEquals("OK", fresh.sync().set("after", "2"));
    }
    assertEquals("2", promoted.cli("GET", "after").strip());

    // The old connection is still parked on the frozen master. Demoting it kills its clients; Lettuce
    // reconnects, asks the nodes again, and lands on the new master without being told to.
    fixture.resumeOldMasterAndAwaitDemotion(promoted);
    Poll.until(FailoverFixture.FAILOVER, () -> tcpPort(before) == promoted.port()
        && "OK".equals(before.sync().set("old-connection", "3")), "the old connection to reconnect to the new master");
    assertEquals("3", promoted.cli("GET", "old-connection").strip());
    before.close();
  }

  @Test
  void masterReplicaWritesResumeOnTheirOwn() throws Exception {
    try (StatefulRedisMasterReplicaConnection<String, String> conn =
        MasterReplica.connect(client, StringCodec.UTF8, uri)) {
      conn.setReadFrom(ReadFrom.UPSTREAM);
      try (WriteLoop loop = WriteLoop.start("lettuce-writer", i -> conn.sync().set("k" + i, Integer.toString(i)),
          Duration.ofMinutes(3), 1_000_000)) {
        loop.awaitStreakFrom(0, 50, FailoverFixture.FAILOVER);
        long paused = System.nanoTime();
        RedisProcess promoted = fixture.pauseMasterAndAwaitFailover();
        long committedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused);

        WriteLoop.Streak streak = loop.awaitStreakFrom(loop.mark(), STREAK, Duration.ofSeconds(60));
        loop.close();
        WriteLoop.Stats stats = loop.stats();
        System.out.printf("Lettuce MasterReplica: failover committed %d ms after SIGSTOP; %d writes, %d errors, "
            + "longest write gap %d ms, errors %s%n", committedMs, stats.writes(), stats.errors(),
            stats.longestGapMs(), stats.errorSamples());
        for (int i = streak.lastKey() - 9; i <= streak.lastKey(); i++) {
          assertEquals(Integer.toString(i), promoted.cli("GET", "k" + i).strip(), "k" + i + " on the new master");
        }

        fixture.resumeOldMasterAndAwaitDemotion(promoted);
        Poll.until(FailoverFixture.FAILOVER, () -> "OK".equals(conn.sync().set("after-rejoin", "1")),
            "a write after the old master rejoined");
        assertEquals("1", promoted.cli("GET", "after-rejoin").strip());
      }
    }
  }
}
