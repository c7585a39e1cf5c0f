package io.raftsentinel.it.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.raftsentinel.it.Invariants;
import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.TestResources;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.FailoverHistoryEntry;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lag-aware promotion with real lag: the master is reached (by nodes and replicas alike) through a
 * proxy that can starve the replication links while the nodes still read the master's offset, then
 * hide the master from the nodes while its replicas keep replicating.
 */
class LagAwarePromotionIT {
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  private static final int MAX_LAG = 1000;
  @RegisterExtension
  final TestResources resources = new TestResources();

  private record Setup(RedisProcess master, SplitProxy proxy, InstanceAddress seen, RedisProcess r1,
      RedisProcess r2, SentinelCluster cluster) {}

  private Setup start(String policy) throws Exception {
    RedisProcess master = resources.track(RedisProcess.start());
    SplitProxy proxy = resources.track(SplitProxy.start(master.port()));
    InstanceAddress seen = new InstanceAddress("127.0.0.1", proxy.port());
    RedisProcess r1 = resources.track(RedisProcess.startReplicaOf(seen));
    RedisProcess r2 = resources.track(RedisProcess.startReplicaOf(seen));
    SentinelCluster c = resources.track(SentinelCluster.create(3, List.of(
        "sentinel monitor mymaster 127.0.0.1 " + proxy.port() + " 2",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 30000",
        "sentinel promotion-lag-policy mymaster " + policy,
        "sentinel max-promotion-lag mymaster " + MAX_LAG))).startAll();
    c.awaitAll("every node to know both replicas", SentinelCluster.master("mymaster",
        m -> m.replicas().size() == 2));
    Poll.until(FAILOVER, () -> proxy.replicationLinks() == 2, "both replicas to replicate through the proxy");
    return new Setup(master, proxy, seen, r1, r2, c);
  }

  /** Starves the replicas, writes, and waits until every node has read the master's new offset. */
  private void buildLag(Setup s) {
    s.proxy.freezeReplication();
    RedisClient client = RedisClient.create();
    long offset;
    try (var conn = client.connect(RedisURI.create("127.0.0.1", s.master.port()))) {
      RedisCommands<String, String> redis = conn.sync();
      String value = "x".repeat(10_000);
      for (int i = 0; i < 30; i++) {
        redis.set("k" + i, value);
      }
      offset = Long.parseLong(redis.info("replication").lines().filter(l -> l.startsWith("master_repl_offset:"))
          .findFirst().orElseThrow().substring("master_repl_offset:".length()).strip());
    } finally {
      client.shutdown();
    }
    long target = offset;
    // The nodes read the master's offset with INFO, every 10 s as Sentinel does.
    Poll.until(Duration.ofSeconds(25), () -> s.cluster.running().stream().allMatch(n -> {
      var o = n.topology().observation(s.seen);
      return o != null && o.replOffset() >= target;
    }), "every node to see master offset " + target);
    assertTrue(replicaOffset(s.r1) < target - MAX_LAG && replicaOffset(s.r2) < target - MAX_LAG,
        "both replicas lag");
  }

  private static long replicaOffset(RedisProcess r) {
    return Long.parseLong(r.cli("INFO", "replication").lines().filter(l -> l.startsWith("slave_repl_offset:"))
        .findFirst().orElseThrow().substring("slave_repl_offset:".length()).strip());
  }

  @Test
  void refuseAbortsWhenEveryReplicaLags() throws Exception {
    Setup s = start("refuse");
    buildLag(s);
    s.proxy.cutClients();
    s.cluster.awaitAll(FAILOVER, "the attempt to be refused", SentinelCluster.master("mymaster",
        m -> m.history().size() == 1));
    for (SentinelNode n : s.cluster.running()) {
      MasterRecord m = n.topology().state().master("mymaster");
      FailoverHistoryEntry e = m.history().get(0);
      assertEquals(FailoverHistoryEntry.ABORTED, e.outcome());
      assertTrue(e.reason().startsWith("promotion-lag: best replica 127.0.0.1:"), e.reason());
      assertTrue(e.reason().endsWith("bytes behind the master (max-promotion-lag " + MAX_LAG + ")"), e.reason());
      assertEquals(s.seen, m.address(), "no promotion");
    }
    assertEquals("slave", s.r1.role());
    assertEquals("slave", s.r2.role());
  }

  @Test
  void waitPromotesOnceAReplicaHasCaughtUp() throws Exception {
    Setup s = start("wait");
    buildLag(s);
    s.proxy.cutClients();
    s.cluster.awaitAll(FAILOVER, "the master to be objectively down", st -> st.isOdown(st.master("mymaster")));
    // The leader waits: no attempt starts while both replicas are behind.
    Invariants.holdsFor(Duration.ofSeconds(2), () -> {
      for (SentinelNode n : s.cluster.running()) {
        TopologyState st = n.topology().state();
        assertEquals(0, st.currentEpoch(), "no failover attempt while every replica lags");
      }
    });
    s.proxy.thawReplication();
    s.cluster.awaitAll(FAILOVER, "the failover to end after the catch-up", SentinelCluster.master("mymaster",
        m -> !m.address().equals(s.seen) && m.failover() == null && m.history().size() == 1));
    FailoverHistoryEntry e = s.cluster.running().get(0).topology().state().master("mymaster").history().get(0);
    assertEquals(FailoverHistoryEntry.ENDED, e.outcome());
    assertTrue(e.candidateLag() >= 0 && e.candidateLag() <= MAX_LAG, "candidate lag " + e.candidateLag());
  }
}
