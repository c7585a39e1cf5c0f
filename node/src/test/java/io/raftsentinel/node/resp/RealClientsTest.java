package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** redis-cli and Jedis against the endpoint. */
class RealClientsTest {
  private RespFixture fixture;

  @BeforeEach
  void start() {
    fixture = new RespFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private String redisCli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(fixture.server.port())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "redis-cli did not finish");
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void redisCli() throws Exception {
    assertEquals("PONG\n", redisCli("ping"));
    assertEquals("127.0.0.1\n30001\n", redisCli("sentinel", "get-master-addr-by-name", "mymaster"));
    assertTrue(redisCli("sentinel", "master", "mymaster").startsWith("name\nmymaster\nip\n127.0.0.1\nport\n30001\n"));
    assertTrue(redisCli("info", "sentinel").contains("sentinel_masters:1"));
    assertEquals("ERR No such master with that name", redisCli("sentinel", "master", "nosuch").strip());
    // RESP3 through redis-cli -3 parses our maps.
    List<String> cmd = List.of("-3", "sentinel", "master", "mymaster");
    String resp3 = redisCli(cmd.toArray(new String[0]));
    assertTrue(resp3.startsWith("name mymaster\nip 127.0.0.1\nport 30001\n"), resp3);
  }

  @Test
  void jedis() {
    try (Jedis jedis = new Jedis("127.0.0.1", fixture.server.port())) {
      assertEquals(List.of("127.0.0.1", "30001"), jedis.sentinelGetMasterAddrByName("mymaster"));
      List<Map<String, String>> masters = jedis.sentinelMasters();
      assertEquals(1, masters.size());
      assertEquals("mymaster", masters.get(0).get("name"));
      assertEquals("30001", masters.get(0).get("port"));
      assertEquals("2", masters.get(0).get("num-slaves"));
      assertEquals(2, jedis.sentinelReplicas("mymaster").size());
      assertEquals(InMemoryTopology.SELF_RUN_ID, jedis.sentinelMyId());
      assertEquals("PONG", jedis.ping());
    }
  }

  /** Lettuce handshakes with HELLO 3 and reads RESP3 maps. */
  @Test
  void lettuce() {
    RedisClient client = RedisClient.create();
    try {
      RedisURI uri = RedisURI.Builder.sentinel("127.0.0.1", fixture.server.port(), "mymaster")
          .withTimeout(Duration.ofSeconds(5)).build();
      try (StatefulRedisSentinelConnection<String, String> conn = client.connectSentinel(uri)) {
        RedisSentinelCommands<String, String> sentinel = conn.sync();
        SocketAddress master = sentinel.getMasterAddrByName("mymaster");
        assertEquals(30001, ((InetSocketAddress) master).getPort());
        Map<String, String> m = sentinel.master("mymaster");
        assertEquals("master,disconnected", m.get("flags"));
        assertEquals(2, sentinel.replicas("mymaster").size());
        assertEquals("PONG", sentinel.ping());
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
