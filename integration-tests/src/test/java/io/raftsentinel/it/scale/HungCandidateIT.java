package io.raftsentinel.it.scale;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.node.failover.FailoverHooks;
import io.raftsentinel.node.runtime.NodeOptions;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One hung Redis never delays the failovers of other masters: two masters freeze at once, and the
 * replica chosen for the first is SIGSTOPped the moment its failover starts (before the promotion is
 * sent). The second master's replica is promoted and writable while the first's candidate is still
 * frozen; once it is resumed, the first failover completes too.
 */
class HungCandidateIT {
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(cleanup);
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  @Test
  void aFrozenCandidateHoldsOnlyItsOwnMastersFailover() throws Exception {
    List<RedisProcess> masters = new ArrayList<>();
    List<RedisProcess> replicas = new ArrayList<>();
    List<String> lines = new ArrayList<>(List.of("safe-mode-threshold 1"));
    for (int i = 0; i < 4; i++) {
      RedisProcess m = RedisProcess.start();
      cleanup.add(m);
      RedisProcess r = RedisProcess.startReplicaOf(m.address());
      cleanup.add(r);
      masters.add(m);
      replicas.add(r);
      lines.add("sentinel monitor m" + i + " 127.0.0.1 " + m.port() + " 2");
      // m0's longer down-after gives its calls a 5 s time-out: a coordinator that waited on them would
      // hold m1 for longer than the bound below.
      lines.add("sentinel down-after-milliseconds m" + i + (i == 0 ? " 5000" : " 1000"));
      lines.add("sentinel failover-timeout m" + i + " 30000");
    }
    SentinelCluster c = SentinelCluster.create(3, lines);
    cleanup.add(c);
    AtomicBoolean hung = new AtomicBoolean();
    long[] hungAt = new long[1];
    for (String id : c.ids()) {
      c.options(id, NodeOptions.DEFAULTS.withHooks(new FailoverHooks() {
        @Override
        public void afterStartCommitted(String master, long epoch) {
          // Runs on the leader's coordinator thread before it sends the promotion.
          if (master.equals("m0") && hung.compareAndSet(false, true)) {
            replicas.get(0).pause();
            hungAt[0] = System.nanoTime();
          }
        }
      }));
    }
    c.startAll();
    c.awaitAll(Duration.ofSeconds(60), "every master's replica known on every node", s -> s.masters().size() == 4
        && s.masters().values().stream().allMatch(m -> m.replicas().size() == 1));

    masters.get(0).pause();
    Poll.until(Duration.ofSeconds(30), hung::get, "m0's failover to start and its candidate to be frozen");
    // m1 fails while m0's promotion hangs on its frozen candidate.
    masters.get(1).pause();
    long m1PausedAt = System.nanoTime();
    Poll.until(Duration.ofSeconds(30), () -> accepts(replicas.get(1)), "m1's replica to accept writes");
    long m1Ms = (System.nanoTime() - m1PausedAt) / 1_000_000;
    System.out.printf("HungCandidateIT: m1 writable %d ms after its freeze, %d ms after m0's candidate froze%n", m1Ms,
        (System.nanoTime() - hungAt[0]) / 1_000_000);
    assertTrue(m1Ms < 3_500, "m1 (down-after 1 s) was not held by m0's hung promotion (5 s time-out): " + m1Ms
        + " ms");
    c.awaitAll(Duration.ofSeconds(30), "m1's failover to end", s -> s.master("m1").failover() == null
        && s.master("m1").address().equals(replicas.get(1).address()));
    assertTrue(c.running().stream().allMatch(n -> n.topology().state().master("m0").failover() != null
        && n.topology().state().master("m0").address().equals(masters.get(0).address())),
        "m0's failover is still waiting for its frozen candidate");

    replicas.get(0).resume();
    Poll.until(Duration.ofSeconds(30), () -> accepts(replicas.get(0)), "m0's replica to accept writes once resumed");
    masters.get(0).resume();
    masters.get(1).resume();
  }

  private static boolean accepts(RedisProcess redis) {
    try (Jedis j = new Jedis("127.0.0.1", redis.port(), 200)) {
      return "OK".equals(j.set("k", "v"));
    } catch (JedisException e) {
      return false; // READONLY while still a replica, or no answer: polled again
    }
  }
}
