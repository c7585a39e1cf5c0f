package io.raftsentinel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.util.Arrays;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HarnessTest {

  @Test
  void heldClosedPortsAreDistinctRefuseConnectionsAndCannotBeListenedOn() {
    try (ClosedPorts held = ClosedPorts.hold(20)) {
      int[] ports = held.ports();
      assertEquals(20, Arrays.stream(ports).distinct().count());
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", ports[0]).close());
      assertThrows(BindException.class, () -> {
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(true); // as redis-server does
          s.bind(new InetSocketAddress("127.0.0.1", ports[0]));
        }
      });
    }
  }

  @Test
  void pollNamesWhatItWaitedFor() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Poll.until(Duration.ofMillis(50), () -> false, "the moon to turn blue"));
    assertTrue(e.getMessage().contains("the moon to turn blue"), e.getMessage());
    Poll.until(Duration.ofMillis(50), () -> true, "immediately true");
  }

  @Test
  void redisProcessLifecycle() {
    Path dir;
    try (RedisProcess redis = RedisProcess.start()) {
      dir = redis.dir();
      assertEquals("master", redis.role());
      assertEquals("PONG", redis.cli("PING").strip());
      redis.pause();
      assertFalse(redis.answersPing());
      redis.resume();
      assertTrue(redis.answersPing());
      redis.cli("SET", "k", "v");
      redis.restart();
      assertTrue(redis.answersPing());
      redis.kill();
      assertFalse(redis.isAlive());
      redis.close();
    }
    assertFalse(Files.exists(dir), "temp dir deleted");
  }

  @Test
  void replicaWithPasswordAndExtraConfig() {
    try (RedisProcess master = RedisProcess.builder().password("pw").start();
        RedisProcess replica = RedisProcess.builder().password("pw").replicaOf(master.address())
            .config("replica-priority 5").start()) {
      assertEquals("slave", replica.role());
      assertTrue(replica.cli("CONFIG", "GET", "replica-priority").contains("5"));
      Poll.until(Duration.ofSeconds(10), () -> replica.cli("INFO", "replication").contains("master_link_status:up"),
          "replica linked with masterauth");
    }
  }
}
