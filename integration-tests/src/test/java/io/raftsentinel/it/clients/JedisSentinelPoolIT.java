package io.raftsentinel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

/**
 * An unmodified {@link JedisSentinelPool} given only the nodes' addresses follows a real failover: it
 * learns the new master from {@code +switch-master} and writes resume without restarting the client.
 */
class JedisSentinelPoolIT {
  private static final int STREAK = 200;
  private static final int SO_TIMEOUT_MS = 2_000;

  @Test
  void poolFollowsTheFailoverAndWritesResume() throws Exception {
    try (FailoverFixture f = FailoverFixture.start()) {
      Set<String> sentinels = new LinkedHashSet<>();
      for (int port : f.respPorts()) {
        sentinels.add("127.0.0.1:" + port);
      }
      GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
      config.setMaxWait(Duration.ofSeconds(5));
      try (JedisSentinelPool pool = new JedisSentinelPool(FailoverFixture.MASTER, sentinels, config, SO_TIMEOUT_MS)) {
        assertEquals(new HostAndPort("127.0.0.1", f.master().port()), pool.getCurrentHostMaster());
        try (WriteLoop loop = WriteLoop.start("jedis-writer", i -> {
          try (Jedis jedis = pool.getResource()) {
            jedis.set("k" + i, Integer.toString(i));
          }
        }, Duration.ofMinutes(3), 1_000_000)) {
          loop.awaitStreakFrom(0, 50, FailoverFixture.FAILOVER);

          f.master().pause();
          RedisProcess promoted = f.awaitFailover();
          HostAndPort expected = new HostAndPort("127.0.0.1", promoted.port());
          Poll.until(FailoverFixture.FAILOVER, () -> expected.equals(pool.getCurrentHostMaster()),
              "the pool to switch to " + expected + " (now " + pool.getCurrentHostMaster() + ")");
          WriteLoop.Streak streak = loop.awaitStreakFrom(loop.mark(), STREAK, FailoverFixture.FAILOVER);
          loop.close();
          WriteLoop.Stats stats = loop.stats();
          System.out.printf("JedisSentinelPool: %d writes, %d errors, longest write gap %d ms, errors %s%n",
              stats.writes(), stats.errors(), stats.longestGapMs(), stats.errorSamples());
          assertTrue(stats.errors() > 0, "writes to the paused master must have failed at least once");
          for (int i = streak.lastKey() - 9; i <= streak.lastKey(); i++) {
            assertEquals(Integer.toString(i), promoted.cli("GET", "k" + i).strip(), "k" + i + " on the new master");
          }
          assertTrue(stats.longestGapMs() < FailoverFixture.FAILOVER.toMillis(),
              "longest gap " + stats.longestGapMs() + " ms");

          f.resumeOldMasterAndAwaitDemotion(promoted);
          assertEquals(expected, pool.getCurrentHostMaster(), "the pool stays on the new master");
          try (Jedis jedis = pool.getResource()) {
            jedis.set("after-rejoin", "1");
          }
          Poll.until(FailoverFixture.FAILOVER, () -> "1".equals(f.master().cli("GET", "after-rejoin").strip()),
              "a write through the pool to replicate to the demoted old master");
        }
      }
    }
  }
}
