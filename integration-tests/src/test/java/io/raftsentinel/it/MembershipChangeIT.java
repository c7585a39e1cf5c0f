package io.raftsentinel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.reliability.RespProbe;
import io.raftsentinel.node.cli.Main;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Issue 6, scenario 7: replace a node (add n4, remove n3) while the group keeps serving. A reader
 * asks every surviving node for the master's address all along; then the new group {n1,n2,n4}
 * fails over a paused master.
 */
class MembershipChangeIT {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipChangeIT.class);
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

  /** {@code raft-sentinel ARGS --server 127.0.0.1:GRPC}: exit code and output. */
  private record Cli(int code, String out, String err) {}

  private static Cli cli(SentinelNode via, String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add("127.0.0.1:" + via.grpcPort());
    int code = cl.execute(all.toArray(String[]::new));
    return new Cli(code, out.toString(), err.toString());
  }

  /** The voting members in the node's current configuration; empty when its division is gone. */
  private static Set<String> conf(SentinelNode n) {
    Set<String> ids = new TreeSet<>();
    try {
      for (RaftPeer p : n.raft().division().getRaftConf().getCurrentPeers()) {
        ids.add(p.getId().toString());
      }
    } catch (java.io.IOException e) {
      return Set.of();
    }
    return ids;
  }

  @Test
  void replaceNodeWhileServingThenFailOverWithTheNewGroup() throws Exception {
    RedisProcess master = track(RedisProcess.start());
    RedisProcess r1 = track(RedisProcess.startReplicaOf(master.address()));
    RedisProcess r2 = track(RedisProcess.startReplicaOf(master.address()));
    SentinelCluster c = track(SentinelCluster.create(3, List.of(
        "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 10000"))).startAll();
    c.awaitAll("every node to know 2 replicas",
        SentinelCluster.master("mymaster", m -> m.replicas().size() == 2));
    String expected = "127.0.0.1:" + master.port();

    // The reader: every answer from a surviving node must name the real master.
    AtomicBoolean reading = new AtomicBoolean(true);
    List<String> wrong = new CopyOnWriteArrayList<>();
    AtomicInteger answers = new AtomicInteger();
    List<SentinelNode> readTargets = new CopyOnWriteArrayList<>(List.of(c.node("n1"), c.node("n2")));
    Thread reader = new Thread(() -> {
      while (reading.get()) {
        for (SentinelNode n : readTargets) {
          try {
            String a = RespProbe.masterAddr(n.respPort(), "mymaster");
            answers.incrementAndGet();
            if (!expected.equals(a)) {
              wrong.add(n.config().raftId() + " said " + a);
            }
          } catch (RuntimeException e) {
            wrong.add(n.config().raftId() + " failed: " + e.getMessage());
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "membership-reader");
    reader.start();
    try {
      // n4 starts with raft-join yes: it must not disturb the group while it is not a member.
      String n4Address = c.prepareJoiner("n4");
      SentinelNode n4 = c.start("n4");
      Invariants.holdsFor(Duration.ofMillis(1_500), () -> {
        SentinelNode leader = c.awaitLeader();
        assertEquals(Set.of("n1", "n2", "n3"), conf(leader), "n4 is not a member before it is added");
        assertTrue(!n4.raft().info().isLeader(), "a joining node never leads");
      });
      SentinelNode leader = c.awaitLeader();

      // Errors first: unknown member, an address that does not answer.
      Cli unknown = cli(c.node("n1"), "members", "remove", "n9");
      assertEquals(1, unknown.code(), unknown.out() + unknown.err());
      assertTrue(unknown.err().contains("not a member"), unknown.err());
      long tDead = System.nanoTime();
      Cli dead = cli(c.node("n1"), "members", "add", "n5", "127.0.0.1:1", "--change-timeout", "5s");
      assertEquals(1, dead.code(), dead.out() + dead.err());
      assertTrue(dead.err().contains("does not answer"), dead.err());
      assertTrue(System.nanoTime() - tDead < Duration.ofSeconds(10).toNanos(), "an unreachable peer fails fast");

      // Add n4 through a follower's gRPC endpoint (the change is run by the leader).
      SentinelNode via = c.node("n1") == leader ? c.node("n2") : c.node("n1");
      long addStart = System.nanoTime();
      Cli add = cli(via, "members", "add", "n4", n4Address);
      long addMs = (System.nanoTime() - addStart) / 1_000_000;
      assertEquals(0, add.code(), add.out() + add.err());
      assertTrue(add.out().contains("n4 " + n4Address), add.out());
      Cli again = cli(via, "members", "add", "n4", n4Address);
      assertEquals(1, again.code());
      assertTrue(again.err().contains("already a member"), again.err());

      leader = c.awaitLeader();
      long commit = leader.raft().division().getRaftLog().getLastCommittedIndex();
      Poll.until(Duration.ofSeconds(20), () -> n4.raft().stateMachine().appliedIndex() >= commit,
          "n4 to apply the leader's commit index " + commit);
      long caughtUpMs = (System.nanoTime() - addStart) / 1_000_000;
      for (String id : List.of("n1", "n2", "n3", "n4")) {
        SentinelNode n = c.node(id);
        Poll.until(Duration.ofSeconds(10), () -> conf(n).equals(Set.of("n1", "n2", "n3", "n4")),
            id + " to see the 4-member configuration");
      }
      readTargets.add(n4);
      assertEquals(expected, RespProbe.masterAddr(n4.respPort(), "mymaster"));

      // Remove n3, then stop it.
      long removeStart = System.nanoTime();
      Cli remove = cli(via, "members", "remove", "n3");
      long removeMs = (System.nanoTime() - removeStart) / 1_000_000;
      assertEquals(0, remove.code(), remove.out() + remove.err());
      c.stop("n3");
      for (String id : List.of("n1", "n2", "n4")) {
        SentinelNode n = c.node(id);
        Poll.until(Duration.ofSeconds(10), () -> conf(n).equals(Set.of("n1", "n2", "n4")),
            id + " to see the configuration {n1,n2,n4}");
      }
      Cli status = cli(n4, "status");
      assertEquals(0, status.code(), status.out() + status.err());
      assertTrue(status.out().lines().anyMatch(l -> l.startsWith("n4"))
          && status.out().lines().noneMatch(l -> l.startsWith("n3")), status.out());
      for (String id : List.of("n1", "n2", "n4")) {
        SentinelNode n = c.node(id);
        Poll.until(Duration.ofSeconds(10), () -> n.topology().state().nodes().keySet().equals(Set.of("n1", "n2", "n4")),
            id + " to forget n3 (ForgetNode committed)");
      }
      try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1", n4.respPort())) {
        List<java.util.Map<String, String>> others = j.sentinelSentinels("mymaster");
        assertEquals(2, others.size(), "SENTINEL SENTINELS on n4 lists n1 and n2: " + others);
      }
      LOG.info("MEMBERSHIP add n4 {} ms (n4 applied the leader's commit {} ms after the add began), remove n3 {} ms, reader answers {}",
          addMs, caughtUpMs, removeMs, answers.get());
      System.out.printf("MEMBERSHIP add=%dms caughtUp=%dms remove=%dms answers=%d%n", addMs, caughtUpMs, removeMs,
          answers.get());
    } finally {
      reading.set(false);
      reader.join(5_000);
    }
    assertTrue(wrong.isEmpty(), "wrong or failed answers during the membership change: " + wrong);
    assertTrue(answers.get() > 50, "the reader got answers: " + answers.get());

    // A change that would leave no live majority is refused up front: with n2 down, {n2,n4} would have one.
    c.stop("n2");
    Cli noMajority = cli(c.node("n4"), "members", "remove", "n1", "--change-timeout", "5s");
    assertEquals(1, noMajority.code(), noMajority.out() + noMajority.err());
    assertTrue(noMajority.err().contains("no majority that answers"), noMajority.err());
    c.start("n2");
    for (String id : List.of("n1", "n2", "n4")) {
      SentinelNode n = c.node(id);
      Poll.until(Duration.ofSeconds(20), () -> conf(n).equals(Set.of("n1", "n2", "n4")),
          id + " to see {n1,n2,n4} after n2's restart");
    }
    c.awaitLeader();
    c.awaitAll("n2 to catch up", s -> s.nodes().keySet().equals(Set.of("n1", "n2", "n4")));

    // SENTINEL CKQUORUM still answers OK on the new group.
    try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis("127.0.0.1", c.node("n4").respPort())) {
      Object ck = j.sendCommand(redis.clients.jedis.Protocol.Command.SENTINEL, "ckquorum", "mymaster");
      String text = ck instanceof byte[] b ? new String(b) : String.valueOf(ck);
      assertTrue(text.startsWith("OK"), "ckquorum: " + text);
    }

    // The new group {n1,n2,n4} fails over a paused master.
    long pauseAt = System.nanoTime();
    master.pause();
    c.awaitAll(FAILOVER, "the failover to end on n1, n2 and n4", SentinelCluster.master("mymaster",
        m -> !m.address().equals(new InstanceAddress("127.0.0.1", master.port())) && m.configEpoch() == 1
            && m.failover() == null));
    System.out.printf("MEMBERSHIP failover with {n1,n2,n4} took %d ms%n", (System.nanoTime() - pauseAt) / 1_000_000);
    InstanceAddress promoted = c.node("n4").topology().state().master("mymaster").address();
    assertNotEquals(master.port(), promoted.port());
    for (String id : List.of("n1", "n2", "n4")) {
      TopologyState s = c.node(id).topology().state();
      assertEquals(promoted, s.master("mymaster").address(), id);
      assertEquals(1, s.master("mymaster").configEpoch(), id);
      assertEquals(1, s.currentEpoch(), id);
    }
    RedisProcess newMaster = promoted.port() == r1.port() ? r1 : r2;
    assertEquals("master", newMaster.role());
    master.resume();

    // n4 restarts with 'raft-join yes' still in its file: its membership comes from its own log.
    c.stop("n4");
    SentinelNode n4again = c.start("n4");
    Poll.until(Duration.ofSeconds(20), () -> conf(n4again).equals(Set.of("n1", "n2", "n4")),
        "the restarted n4 to recover the configuration {n1,n2,n4}");
    c.awaitAll("the restarted n4 to agree on the promoted master", SentinelCluster.master("mymaster",
        m -> m.address().equals(promoted) && m.configEpoch() == 1));
  }
}
