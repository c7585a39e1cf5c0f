package io.raftsentinel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.failover.FailoverHooks;
import io.raftsentinel.node.runtime.NodeOptions;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import io.raftsentinel.testing.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scenario every Sentinel user knows, with real redis-server processes and three real nodes:
 * the master hangs, the group agrees, one replica is promoted, the rest follow, the old master rejoins.
 */
class FailoverIT {
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  private final List<AutoCloseable> cleanup = new ArrayList<>();

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

  private record Topology(RedisProcess master, RedisProcess r1, RedisProcess r2) {}

  private Topology redis(String... replicaConfig) throws Exception {
    RedisProcess master = track(RedisProcess.start());
    RedisProcess r1 = track(replica(master, replicaConfig.length > 0 ? replicaConfig[0] : null));
    RedisProcess r2 = track(replica(master, replicaConfig.length > 1 ? replicaConfig[1] : null));
    return new Topology(master, r1, r2);
  }

  private static RedisProcess replica(RedisProcess master, String extra) {
    return extra == null ? RedisProcess.startReplicaOf(master.address())
        : RedisProcess.startReplicaOf(master.address(), extra);
  }

  /** True when {@code replica} replicates from {@code master} with its link up. */
  static boolean replicatesFrom(RedisProcess replica, RedisProcess master) {
    String info = replica.cli("INFO", "replication");
    return info.contains("role:slave") && info.contains("master_port:" + master.port())
        && info.contains("master_link_status:up");
  }

  /** Asserts that {@code invariant} holds at every check during {@code period}. */
  static void holdsFor(Duration period, Runnable invariant) {
    Invariants.holdsFor(period, invariant);
  }

  private static List<String> monitor(RedisProcess master, int quorum, long failoverTimeoutMs) {
    return List.of(
        "sentinel monitor mymaster 127.0.0.1 " + master.port() + " " + quorum,
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster " + failoverTimeoutMs);
  }

  private SentinelCluster cluster(Topology t, long failoverTimeoutMs) throws Exception {
    return track(SentinelCluster.create(3, monitor(t.master, 2, failoverTimeoutMs)));
  }

  private static InstanceAddress addr(RedisProcess p) {
    return new InstanceAddress("127.0.0.1", p.port());
  }

  private static void awaitReplicasKnown(SentinelCluster c, int count) {
    c.awaitAll("every node to know " + count + " replicas",
        SentinelCluster.master("mymaster", m -> m.replicas().size() == count));
  }

  @Test
  void pausedMasterIsReplacedByExactlyOneReplicaAndRejoinsAsReplica() throws Exception {
    Topology t = redis();
    SentinelCluster c = cluster(t, 10_000).startAll();
    awaitReplicasKnown(c, 2);

    t.master.pause();
    c.awaitAll(FAILOVER, "the failover to end on every node", SentinelCluster.master("mymaster",
        m -> !m.address().equals(addr(t.master)) && m.configEpoch() == 1 && m.failover() == null));

    InstanceAddress promoted = c.running().get(0).topology().state().master("mymaster").address();
    RedisProcess newMaster = promoted.port() == t.r1.port() ? t.r1 : t.r2;
    RedisProcess other = newMaster == t.r1 ? t.r2 : t.r1;
    for (SentinelNode n : c.running()) {
      TopologyState s = n.topology().state();
      assertEquals(promoted, s.master("mymaster").address(), "node " + n.config().raftId());
      assertEquals(1, s.master("mymaster").configEpoch());
      assertEquals(1, s.currentEpoch(), "one failover, one epoch step");
    }
    assertEquals("master", newMaster.role());
    Poll.until(FAILOVER, () -> replicatesFrom(other, newMaster), "the other replica to follow the new master");

    t.master.resume();
    Poll.until(FAILOVER, () -> replicatesFrom(t.master, newMaster), "the old master to be demoted to a replica");

    newMaster.cli("SET", "after-failover", "42");
    Poll.until(FAILOVER, () -> "42".equals(other.cli("GET", "after-failover").trim())
        && "42".equals(t.master.cli("GET", "after-failover").trim()), "the write to reach both replicas");
  }

  @Test
  void oneNodeLosingSightOfTheMasterIsNotEnough() throws Exception {
    Topology t = redis();
    TcpProxy proxy = track(TcpProxy.start("127.0.0.1", t.master.port()));
    InstanceAddress real = addr(t.master);
    InstanceAddress viaProxy = new InstanceAddress("127.0.0.1", proxy.port());
    Function<InstanceAddress, InstanceAddress> route = a -> a.equals(real) ? viaProxy : a;
    SentinelCluster c = cluster(t, 10_000).options("n1", NodeOptions.DEFAULTS.withRoute(route)).startAll();
    awaitReplicasKnown(c, 2);

    proxy.cut();
    c.awaitAll("n1's SDOWN report to be committed", SentinelCluster.master("mymaster",
        m -> m.reportsFor(real).containsKey("n1")));
    // Give the group ample time to (wrongly) fail over, checking the invariant all along.
    holdsFor(Duration.ofMillis(4_000), () -> {
      for (SentinelNode n : c.running()) {
        TopologyState s = n.topology().state();
        assertTrue(!s.isOdown(s.master("mymaster")), "no ODOWN with one report of quorum 2");
        assertEquals(real, s.master("mymaster").address());
        assertEquals(0, s.currentEpoch());
      }
    });
    assertEquals("master", t.master.role());
    proxy.restore();
    c.awaitAll("n1 to see the master again", SentinelCluster.master("mymaster",
        m -> m.reportsFor(real).isEmpty()));
  }

  @Test
  void leaderStoppedRightAfterStartingIsSucceededAndTheFailoverHappensOnce() throws Exception {
    Topology t = redis();
    AtomicBoolean fired = new AtomicBoolean();
    SentinelCluster[] holder = new SentinelCluster[1];
    SentinelCluster c = cluster(t, 10_000);
    holder[0] = c;
    for (String id : c.ids()) {
      c.options(id, NodeOptions.DEFAULTS.withHooks(new FailoverHooks() {
        @Override
        public void afterStartCommitted(String master, long epoch) {
          if (fired.compareAndSet(false, true)) {
            // Like a crash right after the commit: this leader never acts again. Its coordinator
            // thread parks here until the node is closed from another thread.
            new Thread(() -> holder[0].stop(id), "stop-leader").start();
            try {
              new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("simulated crash after election on " + id);
          }
        }
      }));
    }
    c.startAll();
    awaitReplicasKnown(c, 2);
    List<SentinelEvent> promotions = new CopyOnWriteArrayList<>();
    t.master.pause();
    Poll.until(FAILOVER, fired::get, "the first leader to commit the start of the failover");
    Poll.until(FAILOVER, () -> c.running().size() == 2, "the first leader to stop");
    for (SentinelNode n : c.running()) {
      n.topology().subscribe(e -> {
        if (e.type().equals("+promoted-slave")) {
          promotions.add(e);
        }
      });
    }
    c.awaitAll(FAILOVER, "the next leader to finish the failover", SentinelCluster.master("mymaster",
        m -> !m.address().equals(addr(t.master)) && m.failover() == null));
    for (SentinelNode n : c.running()) {
      assertEquals(1, n.topology().state().currentEpoch(), "the epoch moved once");
      assertEquals(1, n.topology().state().master("mymaster").configEpoch());
    }
    long masters = List.of(t.r1, t.r2).stream().filter(r -> "master".equals(r.role())).count();
    assertEquals(1, masters, "exactly one replica was promoted");
    assertTrue(promotions.size() <= 2, "one promotion, seen by each of the two running nodes: " + promotions);
  }

  @Test
  void noGoodReplicaAbortsAndRetriesAfterTheCooldown() throws Exception {
    Topology t = redis("replica-priority 0", "replica-priority 0");
    SentinelCluster c = cluster(t, 1_500).startAll();
    awaitReplicasKnown(c, 2);
    List<SentinelEvent> aborts = new CopyOnWriteArrayList<>();
    c.running().get(0).topology().subscribe(e -> {
      if (e.type().equals("-failover-abort-no-good-slave")) {
        aborts.add(e);
      }
    });
    t.master.pause();
    Poll.until(FAILOVER, () -> aborts.size() >= 2, "two aborted attempts, one cooldown apart");
    long gap = aborts.get(1).timeMs() - aborts.get(0).timeMs();
    assertTrue(gap >= 2 * 1_500, "attempts at least 2 x failover-timeout apart, got " + gap + " ms");
    for (SentinelNode n : c.running()) {
      MasterRecord m = n.topology().state().master("mymaster");
      assertEquals(addr(t.master), m.address(), "nothing promoted");
      assertEquals(0, m.configEpoch());
    }
    assertEquals("slave", t.r1.role());
    assertEquals("slave", t.r2.role());
  }

  @Test
  void manualFailoverFromAFollowerNeedsNoAgreementOnDown() throws Exception {
    Topology t = redis();
    SentinelCluster c = cluster(t, 10_000).startAll();
    awaitReplicasKnown(c, 2);
    SentinelNode leader = c.awaitLeader();
    SentinelNode follower = c.running().stream().filter(n -> n != leader).findFirst().orElseThrow();
    var result = SentinelCluster.manualFailover(follower, "mymaster");
    assertTrue(result.ok(), "manual failover accepted: " + result);
    c.awaitAll(FAILOVER, "the manual failover to end", SentinelCluster.master("mymaster",
        m -> !m.address().equals(addr(t.master)) && m.configEpoch() == 1 && m.failover() == null));
    InstanceAddress promoted = follower.topology().state().master("mymaster").address();
    RedisProcess newMaster = promoted.port() == t.r1.port() ? t.r1 : t.r2;
    assertEquals("master", newMaster.role());
    // The healthy old master is demoted by the reconciler, like Sentinel's convert-to-slave.
    Poll.until(FAILOVER, () -> replicatesFrom(t.master, newMaster), "the old master to follow the new one");
    var again = follower.topology().failover("nosuch").get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(io.raftsentinel.proto.state.ResultCode.UNKNOWN_MASTER, again.code());
  }


  @Test
  void lowerReplicaPriorityWins() throws Exception {
    Topology t = redis("replica-priority 50", "replica-priority 10");
    SentinelCluster c = cluster(t, 10_000).startAll();
    c.awaitAll("both replicas known with their priorities", SentinelCluster.master("mymaster",
        m -> m.replicas().size() == 2 && m.replicas().values().stream().allMatch(r -> r.priority() != 100)));
    t.master.pause();
    c.awaitAll(FAILOVER, "the failover to end", SentinelCluster.master("mymaster",
        m -> m.configEpoch() == 1 && m.failover() == null));
    for (SentinelNode n : c.running()) {
      assertEquals(addr(t.r2), n.topology().state().master("mymaster").address(), "priority 10 beats 50");
    }
    assertNotEquals("master", t.r1.role());
  }
}
