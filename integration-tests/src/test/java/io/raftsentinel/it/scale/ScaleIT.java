package io.raftsentinel.it.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twenty masters with one replica each, watched by one group of three nodes; ten masters freeze at
 * once. Every one of the ten is failed over exactly once, in parallel, and the other ten are left
 * alone.
 */
class ScaleIT {
  private static final int MASTERS = 20;
  private static final int FROZEN = 10;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(cleanup);
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  @Test
  void tenOfTwentyMastersFailOverTogether() throws Exception {
    List<RedisProcess> masters = new ArrayList<>();
    List<RedisProcess> replicas = new ArrayList<>();
    // Half the masters fail together on purpose: safe mode (more than half) must not hold them.
    List<String> lines = new ArrayList<>(List.of("safe-mode-threshold 1"));
    for (int i = 0; i < MASTERS; i++) {
      RedisProcess m = RedisProcess.start();
      cleanup.add(m);
      RedisProcess r = RedisProcess.startReplicaOf(m.address());
      cleanup.add(r);
      masters.add(m);
      replicas.add(r);
      lines.add("sentinel monitor m" + i + " 127.0.0.1 " + m.port() + " 2");
      lines.add("sentinel down-after-milliseconds m" + i + " 1000");
      lines.add("sentinel failover-timeout m" + i + " 10000");
    }
    SentinelCluster c = SentinelCluster.create(3, lines);
    cleanup.add(c);
    c.startAll();
    c.awaitAll(Duration.ofSeconds(60), "every master's replica known on every node", s -> s.masters().size() == MASTERS
        && s.masters().values().stream().allMatch(m -> m.replicas().size() == 1));
    int threadsBefore = Thread.activeCount();

    long frozenAt = System.nanoTime();
    for (int i = 0; i < FROZEN; i++) {
      masters.get(i).pause();
    }
    Set<Integer> writable = ConcurrentHashMap.newKeySet();
    long[] lastWritableMs = new long[1];
    Poll.until(Duration.ofSeconds(30), () -> {
      for (int i = 0; i < FROZEN; i++) {
        if (!writable.contains(i) && "OK".equals(replicas.get(i).cli("SET", "k", "v").trim())) {
          writable.add(i);
          lastWritableMs[0] = (System.nanoTime() - frozenAt) / 1_000_000;
        }
      }
      return writable.size() == FROZEN;
    }, "all " + FROZEN + " replicas of the frozen masters to accept writes");
    System.out.printf("ScaleIT: last of %d replicas writable %d ms after the freeze%n", FROZEN, lastWritableMs[0]);

    c.awaitAll(Duration.ofSeconds(30), "every failover to end on every node", s -> {
      for (int i = 0; i < FROZEN; i++) {
        MasterRecord m = s.master("m" + i);
        if (m.failover() != null || !m.address().equals(replicas.get(i).address())) {
          return false;
        }
      }
      return true;
    });
    for (SentinelNode n : c.running()) {
      TopologyState s = n.topology().state();
      for (int i = 0; i < MASTERS; i++) {
        MasterRecord m = s.master("m" + i);
        if (i < FROZEN) {
          assertEquals(replicas.get(i).address(), m.address(), "m" + i + " failed over");
          assertTrue(m.configEpoch() > 0, "m" + i + " has its own epoch");
        } else {
          assertEquals(masters.get(i).address(), m.address(), "m" + i + " untouched");
          assertEquals(0, m.configEpoch(), "m" + i + " untouched");
        }
      }
      long distinctEpochs = s.masters().values().stream().filter(m -> m.configEpoch() > 0)
          .map(MasterRecord::configEpoch).distinct().count();
      assertEquals(FROZEN, distinctEpochs, "one epoch per failover, each failover once");
      assertTrue(s.currentEpoch() >= FROZEN);
    }
    for (int i = FROZEN; i < MASTERS; i++) {
      assertEquals("master", masters.get(i).role());
      assertEquals("slave", replicas.get(i).role());
    }
    assertTrue(Thread.activeCount() <= threadsBefore + 8,
        "threads do not grow with failovers: " + threadsBefore + " -> " + Thread.activeCount());
    for (int i = 0; i < FROZEN; i++) {
      masters.get(i).resume();
    }
    InstanceAddress first = replicas.get(0).address();
    Poll.until(Duration.ofSeconds(30), () -> masters.get(0).cli("INFO", "replication")
        .contains("master_port:" + first.port()), "a returning old master to be demoted");
  }
}
