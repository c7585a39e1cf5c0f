package io.raftsentinel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetFailoverPaused;
import io.raftsentinel.raftstate.core.FailoverHistoryEntry;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Maintenance mode with real redis-server processes and three real nodes: while a master's
 * automatic failover is paused, a hung master is agreed down but not replaced; once resumed, it is.
 */
class MaintenanceIT {
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  @RegisterExtension
  final TestResources resources = new TestResources();
  private RedisProcess master;
  private RedisProcess r1;
  private RedisProcess r2;

  private <T extends AutoCloseable> T track(T c) {
    return resources.track(c);
  }

  private SentinelCluster cluster() throws Exception {
    master = track(RedisProcess.start());
    r1 = track(RedisProcess.startReplicaOf(master.address()));
    r2 = track(RedisProcess.startReplicaOf(master.address()));
    SentinelCluster c = track(SentinelCluster.create(3, List.of(
        "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 10000"))).startAll();
    c.awaitAll("every node to know 2 replicas", SentinelCluster.master("mymaster", m -> m.replicas().size() == 2));
    return c;
  }

  private static WriteResult setPaused(SentinelNode via, String name, boolean paused) throws Exception {
    return via.topology().submit(Command.newBuilder().setSetFailoverPaused(SetFailoverPaused.newBuilder()
        .setMaster(name).setPaused(paused))).get(30, TimeUnit.SECONDS);
  }

  /**
   * Like a client on TRYAGAIN: a leader election on this loaded machine can make the linearizable
   * read before the start time out, so retry that (and only that) until a verdict arrives.
   */
  private static WriteResult manualFailover(SentinelNode via) throws Exception {
    long deadline = System.nanoTime() + FAILOVER.toNanos();
    while (true) {
      try {
        return via.topology().failover("mymaster").get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof NoQuorumException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private InstanceAddress masterAddress() {
    return new InstanceAddress("127.0.0.1", master.port());
  }

  @Test
  void aPausedMasterIsAgreedDownButReplacedOnlyAfterResume() throws Exception {
    SentinelCluster c = cluster();
    SentinelNode leader = c.awaitLeader();
    SentinelNode follower = c.running().stream().filter(n -> n != leader).findFirst().orElseThrow();
    assertTrue(setPaused(follower, "mymaster", true).ok());
    c.awaitAll("the pause to be applied everywhere", SentinelCluster.master("mymaster", MasterRecord::failoverPaused));

    master.pause();
    c.awaitAll(FAILOVER, "ODOWN to be committed", s -> s.isOdown(s.master("mymaster")));
    // The group agrees the master is down; give it ample time to (wrongly) fail over anyway.
    FailoverIT.holdsFor(Duration.ofMillis(4_000), () -> {
      for (SentinelNode n : c.running()) {
        TopologyState s = n.topology().state();
        MasterRecord m = s.master("mymaster");
        assertEquals(masterAddress(), m.address(), "no switch while paused on " + n.config().raftId());
        assertNull(m.failover(), "no failover while paused");
        assertEquals(0, s.currentEpoch(), "no failover attempt while paused");
      }
    });
    assertEquals("slave", r1.role());
    assertEquals("slave", r2.role());

    assertTrue(setPaused(follower, "mymaster", false).ok());
    c.awaitAll(FAILOVER, "the failover to end after resume", SentinelCluster.master("mymaster",
        m -> !m.address().equals(masterAddress()) && m.configEpoch() == 1 && m.failover() == null));
    InstanceAddress promoted = leader.topology().state().master("mymaster").address();
    RedisProcess newMaster = promoted.port() == r1.port() ? r1 : r2;
    assertEquals("master", newMaster.role());
    // The history has the one attempt: automatic, ended, after the resume.
    for (SentinelNode n : c.running()) {
      List<FailoverHistoryEntry> h = n.topology().state().master("mymaster").history();
      assertEquals(1, h.size(), "history on " + n.config().raftId());
      assertEquals(FailoverHistoryEntry.ENDED, h.get(0).outcome());
      assertEquals(promoted, h.get(0).candidate());
      assertTrue(!h.get(0).manual());
    }
    master.resume();
    Poll.until(FAILOVER, () -> FailoverIT.replicatesFrom(master, newMaster), "the old master to be demoted");
  }

  @Test
  void aManualFailoverIsAcceptedWhilePausedGlobally() throws Exception {
    SentinelCluster c = cluster();
    SentinelNode node = c.running().get(0);
    assertTrue(setPaused(node, "", true).ok());
    assertEquals(ResultCode.UNKNOWN_MASTER, setPaused(node, "nosuch", true).code());
    c.awaitAll("the global pause to be applied everywhere", TopologyState::failoverPaused);

    WriteResult manual = manualFailover(node);
    assertTrue(manual.ok(), "manual failover accepted while paused: " + manual);
    c.awaitAll(FAILOVER, "the manual failover to end", SentinelCluster.master("mymaster",
        m -> !m.address().equals(masterAddress()) && m.configEpoch() == 1 && m.failover() == null));
    for (SentinelNode n : c.running()) {
      assertTrue(n.topology().state().failoverPaused(), "still paused after the manual failover");
      assertTrue(n.topology().state().master("mymaster").history().get(0).manual());
    }
  }
}
