package io.raftsentinel.it.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.TestResources;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.FailoverHistoryEntry;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing and the pre-promote veto, on real Redis and three real nodes. Both act on a master that
 * is healthy (an operator's failover), the case where Sentinel leaves two writable masters for a while.
 */
class SafetyIT {
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  @RegisterExtension
  final TestResources resources = new TestResources();

  @TempDir
  Path dir;

  private record Topology(RedisProcess master, RedisProcess r1, RedisProcess r2) {}

  private Topology redis() {
    RedisProcess master = resources.track(RedisProcess.start());
    return new Topology(master, resources.track(RedisProcess.startReplicaOf(master.address())),
        resources.track(RedisProcess.startReplicaOf(master.address())));
  }

  private SentinelCluster cluster(Topology t, String... extra) throws Exception {
    List<String> lines = new ArrayList<>(List.of(
        "sentinel monitor mymaster 127.0.0.1 " + t.master.port() + " 2",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 10000"));
    lines.addAll(List.of(extra));
    SentinelCluster c = resources.track(SentinelCluster.create(3, lines)).startAll();
    c.awaitAll("every node to know both replicas", SentinelCluster.master("mymaster",
        m -> m.replicas().size() == 2));
    return c;
  }

  private static SentinelNode follower(SentinelCluster c) {
    SentinelNode leader = c.awaitLeader();
    return c.running().stream().filter(n -> n != leader).findFirst().orElseThrow();
  }


  @Test
  void aReachableOldMasterIsDemotedBeforeTheReplicaIsPromoted() throws Exception {
    Topology t = redis();
    SentinelCluster c = cluster(t);
    // Replicas first, old master last: a sweep can then only see two masters if both really were.
    List<RedisProcess> order = List.of(t.r1, t.r2, t.master);
    RedisClient client = RedisClient.create();
    resources.track(client::shutdown);
    List<StatefulRedisConnection<String, String>> conns = new ArrayList<>();
    for (RedisProcess p : order) {
      conns.add(resources.track(client.connect(RedisURI.create("127.0.0.1", p.port()))));
    }
    AtomicInteger sweeps = new AtomicInteger();
    AtomicInteger mostMasters = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread poller = new Thread(() -> {
      while (!stop.get()) {
        int masters = 0;
        boolean complete = true;
        for (StatefulRedisConnection<String, String> conn : conns) {
          try {
            if ("master".equals(String.valueOf(conn.sync().role().get(0)))) {
              masters++;
            }
          } catch (RuntimeException e) {
            complete = false; // killed by the role change (CLIENT KILL): this sweep does not count
          }
        }
        if (complete) {
          sweeps.incrementAndGet();
          mostMasters.accumulateAndGet(masters, Math::max);
        }
      }
    }, "role-poller");
    poller.start();
    try {
      var result = SentinelCluster.manualFailover(follower(c), "mymaster");
      assertTrue(result.ok(), "manual failover accepted: " + result);
      c.awaitAll(FAILOVER, "the failover to end", SentinelCluster.master("mymaster",
          m -> m.configEpoch() == 1 && m.failover() == null));
      Poll.until(FAILOVER, () -> sweeps.get() > 100, "the poller to sweep");
    } finally {
      stop.set(true);
      poller.join(5_000);
    }
    assertEquals(1, mostMasters.get(), "never two masters at once over " + sweeps.get() + " sweeps");
    InstanceAddress promoted = c.running().get(0).topology().state().master("mymaster").address();
    RedisProcess newMaster = promoted.port() == t.r1.port() ? t.r1 : t.r2;
    assertEquals("master", newMaster.role());
    assertEquals("slave", t.master.role());
    boolean fencedEvent = c.running().get(0).topology().eventsSince(1).events().stream()
        .anyMatch(e -> e.type().equals("+fenced-old-master"));
    assertTrue(fencedEvent, "+fenced-old-master is in the log");
  }

  @Test
  void theVetoScriptStopsAFailoverUntilItAllowsIt() throws Exception {
    Path allow = dir.resolve("allow");
    Path script = dir.resolve("veto.sh");
    Files.writeString(script, "#!/bin/sh\n[ -f '" + allow + "' ] && exit 0\necho \"change freeze for $1\"\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Topology t = redis();
    SentinelCluster c = cluster(t, "sentinel pre-promote-script mymaster " + script);
    InstanceAddress old = new InstanceAddress("127.0.0.1", t.master.port());

    assertTrue(SentinelCluster.manualFailover(follower(c), "mymaster").ok());
    c.awaitAll(FAILOVER, "the vetoed attempt to be recorded", SentinelCluster.master("mymaster",
        m -> m.history().size() == 1 && m.failover() == null));
    for (SentinelNode n : c.running()) {
      MasterRecord m = n.topology().state().master("mymaster");
      FailoverHistoryEntry e = m.history().get(0);
      assertEquals(FailoverHistoryEntry.ABORTED, e.outcome());
      assertEquals("vetoed: pre-promote-script exited 3: change freeze for mymaster", e.reason());
      assertEquals(old, m.address(), "nothing changed");
    }
    assertEquals("master", t.master.role());
    assertEquals("slave", t.r1.role());
    assertEquals("slave", t.r2.role());

    Files.writeString(allow, "");
    assertTrue(SentinelCluster.manualFailover(follower(c), "mymaster").ok());
    c.awaitAll(FAILOVER, "the allowed failover to end", SentinelCluster.master("mymaster",
        m -> m.history().size() == 2 && m.failover() == null && !m.address().equals(old)));
    assertEquals(FailoverHistoryEntry.ENDED, c.running().get(0).topology().state().master("mymaster").history()
        .get(1).outcome());
  }
}
