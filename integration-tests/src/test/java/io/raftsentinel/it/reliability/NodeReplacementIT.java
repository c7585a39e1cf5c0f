package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.Invariants;
import io.raftsentinel.node.config.NodeConfig;
import io.raftsentinel.raftstate.ratis.RaftMembership;
import io.raftsentinel.raftstate.ratis.RaftTuning;
import io.raftsentinel.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Issue 6, scenario 7 with node processes: replace n3 by n4 while clients keep reading the master's
 * address over RESP and gRPC, then fail over with the new group. On the way, the membership guard:
 * a change is refused when a member the leader no longer hears from (SIGSTOPped: its port still
 * accepts connections) or a killed one would leave no majority, and a frozen joiner cannot be added.
 */
@ExtendWith(DumpOnFailure.class)
class NodeReplacementIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(NodeReplacementIT.class);
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final Duration FAILOVER = Duration.ofSeconds(40);
  /** The silence after which the leader no longer counts a follower (default election timeouts). */
  private static final long SILENCE_LIMIT_MS = RaftMembership.silenceLimit(RaftTuning.DEFAULTS.withElectionTimeouts(
      NodeConfig.DEFAULT_ELECTION_TIMEOUT_MIN, NodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX)).toMillis();
  private Rig rig;
  private GrpcProbe grpc;

  @Override
  public Rig rig() {
    return rig;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (grpc != null) {
      grpc.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void replaceANodeWhileServingThenFailOverWithTheNewGroup() throws Exception {
    rig = Rig.start(10_000);
    grpc = new GrpcProbe();
    String master = Rig.address(rig.initialMaster());

    refusedWhileAFollowerIsFrozen();

    // n4 starts with raft-join yes: until it is added it is in no configuration and never leads.
    NodeProcess n4 = rig.startJoiner("n4");
    Invariants.holdsFor(Duration.ofMillis(1_500), () -> {
      NodeProcess leader = leaderAmong(List.of("n1", "n2", "n3"));
      assertEquals(Set.of("n1", "n2", "n3"), grpc.members(leader), "n4 is not a member before it is added");
    });
    refusedToAddAFrozenJoiner(n4);

    MasterReader reader = new MasterReader(Rig.MASTER, master, grpc, List.of(rig.node("n1"), rig.node("n2")));
    long addMs;
    long caughtUpMs;
    long removeMs;
    try {
      // Errors: an unknown member, a peer whose Raft port does not answer.
      MembersCli unknown = members(rig.node("n1"), "remove", "n9");
      assertEquals(1, unknown.code(), unknown.toString());
      assertTrue(unknown.err().contains("not a member"), unknown.toString());
      long t0 = Millis.now();
      MembersCli dead = members(rig.node("n1"), "add", "n5", "127.0.0.1:1", "--change-timeout", "5s");
      assertEquals(1, dead.code(), dead.toString());
      assertTrue(dead.err().contains("does not answer"), dead.toString());
      assertTrue(Millis.now() - t0 < 10_000, "an unreachable peer fails fast");

      // Add n4 through a follower's gRPC endpoint: the change is run through the leader.
      NodeProcess leader = leaderAmong(List.of("n1", "n2", "n3"));
      NodeProcess via = rig.node(leader.id().equals("n1") ? "n2" : "n1");
      long addStart = Millis.now();
      MembersCli add = members(via, "add", "n4", n4.raftAddress());
      addMs = Millis.now() - addStart;
      assertEquals(0, add.code(), add.toString());
      assertTrue(add.out().contains("n4 " + n4.raftAddress()), add.toString());
      MembersCli again = members(via, "add", "n4", n4.raftAddress());
      assertEquals(1, again.code(), again.toString());
      assertTrue(again.err().contains("already a member"), again.toString());

      long commit = grpc.status(leaderAmong(List.of("n1", "n2", "n3", "n4"))).getCommitIndex();
      Poll.until(STEP, () -> grpc.status(n4).getAppliedIndex() >= commit, "n4 to apply the leader's commit " + commit);
      caughtUpMs = Millis.now() - addStart;
      awaitMembers(List.of("n1", "n2", "n3", "n4"), Set.of("n1", "n2", "n3", "n4"));
      reader.add(n4);

      // Remove n3 through a node that stays, then kill it for good.
      long removeStart = Millis.now();
      MembersCli remove = members(via, "remove", "n3");
      removeMs = Millis.now() - removeStart;
      assertEquals(0, remove.code(), remove.toString());
      assertEquals(137, rig.node("n3").kill());
      awaitMembers(List.of("n1", "n2", "n4"), Set.of("n1", "n2", "n4"));
      MembersCli status = MembersCli.run(n4, "status");
      assertEquals(0, status.code(), status.toString());
      assertTrue(status.out().lines().anyMatch(l -> l.startsWith("n4"))
          && status.out().lines().noneMatch(l -> l.startsWith("n3")), status.toString());
      for (String id : List.of("n1", "n2", "n4")) {
        Poll.until(STEP, () -> grpc.nodes(rig.node(id)).equals(Set.of("n1", "n2", "n4")),
            id + " to forget n3 (ForgetNode committed)");
      }
      try (Jedis j = RespProbe.connect(n4.respPort(), 2_000)) {
        assertEquals(2, j.sentinelSentinels(Rig.MASTER).size(), "SENTINEL SENTINELS on n4 lists n1 and n2");
      }
    } finally {
      reader.close();
    }
    assertEquals(List.of(), reader.wrong(), "every read during the change named the master");
    assertTrue(reader.respAnswers() > 50 && reader.grpcAnswers() > 50,
        "the reader got answers: resp " + reader.respAnswers() + ", grpc " + reader.grpcAnswers());

    // A killed member is seen at once (its port refuses): with follower K gone, {leader, K} has no majority.
    NodeProcess leader = leaderAmong(List.of("n1", "n2", "n4"));
    List<NodeProcess> followers = List.of("n1", "n2", "n4").stream().map(rig::node).filter(n -> n != leader).toList();
    NodeProcess killed = followers.get(0);
    NodeProcess other = followers.get(1);
    assertEquals(137, killed.kill());
    MembersCli noMajority = refusal(other, "remove", other.id(), "--change-timeout", "5s");
    assertTrue(noMajority.err().contains("unreachable: " + killed.id() + " (its Raft port refuses connections)"),
        noMajority.toString());
    killed.start();
    NodeGroup.awaitReady(killed, Rig.START);
    awaitMembers(List.of("n1", "n2", "n4"), Set.of("n1", "n2", "n4"));
    try (Jedis j = RespProbe.connect(n4.respPort(), 2_000)) {
      String ck = RespProbe.text(j.sendCommand(Protocol.Command.SENTINEL, "CKQUORUM", Rig.MASTER));
      assertTrue(ck.startsWith("OK"), "ckquorum: " + ck);
    }

    // The new group {n1,n2,n4} fails over a paused master.
    long pausedAt = Millis.now();
    rig.initialMaster().pause();
    Rig.View failedOver = rig.awaitFailedOver(FAILOVER);
    long failoverMs = Millis.now() - pausedAt;
    assertEquals(1, failedOver.epoch());
    rig.initialMaster().resume();
    rig.awaitRedisFollows(failedOver, FAILOVER);

    // kill -9 n4; it restarts with 'raft-join yes' still in its file: its membership comes from its log.
    assertEquals(137, n4.kill());
    n4.start();
    NodeGroup.awaitReady(n4, Rig.START);
    awaitMembers(List.of("n1", "n2", "n4"), Set.of("n1", "n2", "n4"));
    rig.awaitAgreement(FAILOVER, "the restarted n4 to agree on the promoted master", v -> v.equals(failedOver));

    History h = rig.checkHistory();
    assertEquals(1, h.switches().size(), "one failover: " + h.summary());
    LOG.info("FIGURE node replacement: add n4 {} ms (n4 applied the leader's commit {} ms after the add began), "
        + "remove n3 {} ms; reads during the change: {} RESP + {} gRPC, 0 wrong; failover of {n1,n2,n4} {} ms "
        + "after the pause; two-master windows {} ms", addMs, caughtUpMs, removeMs, reader.respAnswers(),
        reader.grpcAnswers(), failoverMs, h.twoMasters().stream().map(History.Window::lengthMs).toList());
  }

  /**
   * A follower frozen with SIGSTOP keeps its Raft port open; the leader stops hearing from it. Removing
   * the third member would leave {leader, frozen}: refused, naming the frozen peer, whichever node the
   * request reaches; the configuration is untouched.
   */
  private void refusedWhileAFollowerIsFrozen() {
    NodeProcess leader = leaderAmong(List.of("n1", "n2", "n3"));
    List<NodeProcess> followers = List.of("n1", "n2", "n3").stream().map(rig::node)
        .filter(n -> n != leader).toList();
    NodeProcess frozen = followers.get(0);
    NodeProcess other = followers.get(1);
    frozen.pause();
    List<String> awake = List.of(leader.id(), other.id());
    try {
      // Whoever leads now (the load may cause an election), it must have stopped hearing from the frozen node.
      Poll.until(STEP, () -> grpc.lastContactMs(leaderAmong(awake), frozen.id()) > SILENCE_LIMIT_MS + 200,
          "the leader to stop hearing from the frozen " + frozen.id());
      for (NodeProcess via : List.of(other, leader)) {
        long t0 = Millis.now();
        MembersCli refused = refusal(via, "remove", other.id(), "--change-timeout", "5s");
        assertTrue(refused.err().contains("no majority that the leader hears from")
            && refused.err().contains("unreachable: " + frozen.id() + " (no reply to leader "), refused.toString());
        assertTrue(Millis.now() - t0 < 10_000, "refused up front, not after a change timed out");
      }
      assertEquals(Set.of("n1", "n2", "n3"), grpc.members(leaderAmong(awake)));
    } finally {
      frozen.resume();
    }
    Poll.until(STEP, () -> {
      NodeProcess l = leaderAmong(List.of("n1", "n2", "n3"));
      return List.of("n1", "n2", "n3").stream().filter(id -> !id.equals(l.id()))
          .allMatch(id -> grpc.lastContactMs(l, id) >= 0 && grpc.lastContactMs(l, id) < 1_000);
    }, "the leader to hear from every follower again");
  }

  /** A joiner frozen with SIGSTOP does not answer a Raft RPC: refused within the probe's 2 s. */
  private void refusedToAddAFrozenJoiner(NodeProcess n4) {
    Poll.until(STEP, () -> {
      try (java.net.Socket s = new java.net.Socket()) {
        String[] hp = n4.raftAddress().split(":");
        s.connect(new java.net.InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 500);
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    }, "n4's Raft port to accept connections");
    n4.pause();
    try {
      MembersCli frozen = MembersCli.run(rig.node("n1"), "members", "add", "n4", n4.raftAddress(),
          "--change-timeout", "5s");
      assertEquals(1, frozen.code(), frozen.toString());
      assertTrue(frozen.err().contains("peer 'n4' does not answer"), frozen.toString());
    } finally {
      n4.resume();
    }
    assertEquals(Set.of("n1", "n2", "n3"), grpc.members(rig.node("n1")));
  }

  /**
   * Runs a {@code members} command, again while it is refused only because an election is under way
   * (no leader known, or one elected too recently to judge its followers): likelier on a loaded
   * machine, and the operator's remedy too.
   */
  private static MembersCli members(NodeProcess via, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("members"));
    all.addAll(List.of(args));
    MembersCli[] last = new MembersCli[1];
    Poll.until(STEP, () -> {
      last[0] = MembersCli.run(via, all.toArray(String[]::new));
      String err = last[0].err();
      return !err.contains("knows no Raft leader") && !err.contains("no longer the Raft leader")
          && !err.contains("since its election");
    }, "an answer that is not about an election under way: " + all);
    return last[0];
  }

  /** As {@link #members}, for a command that must be refused. */
  private static MembersCli refusal(NodeProcess via, String... args) {
    MembersCli r = members(via, args);
    assertEquals(1, r.code(), r.toString());
    return r;
  }

  /** The node that {@code ids} agree is the Raft leader (INFO raft). */
  private NodeProcess leaderAmong(List<String> ids) {
    String[] leader = new String[1];
    Poll.until(STEP, () -> {
      Set<String> named = new java.util.HashSet<>();
      for (String id : ids) {
        named.add(RespProbe.info(rig.node(id).respPort(), "raft").get("raft_leader"));
      }
      leader[0] = named.size() == 1 ? named.iterator().next() : null;
      return leader[0] != null && ids.contains(leader[0]);
    }, ids + " to agree on a Raft leader");
    return rig.node(leader[0]);
  }

  private void awaitMembers(List<String> on, Set<String> expected) {
    for (String id : on) {
      Poll.until(STEP, () -> grpc.members(rig.node(id)).equals(expected), id + " to see the configuration " + expected);
    }
  }
}
