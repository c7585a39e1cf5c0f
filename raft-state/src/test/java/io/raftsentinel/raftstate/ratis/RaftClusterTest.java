package io.raftsentinel.raftstate.ratis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.CommandReply;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.raftstate.core.SnapshotCodec;
import io.raftsentinel.raftstate.core.TopologyState;
import java.io.File;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real 3-server Ratis group in one JVM: replication, leader loss, restart, snapshot install. */
class RaftClusterTest {
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CONVERGE = Duration.ofSeconds(20);

  private static Command monitor(String name, int port) {
    return Command.newBuilder().setTimestampMs(1_000).setProposer("test")
        .setMonitorMaster(MonitorMaster.newBuilder().setName(name)
            .setAddress(Address.newBuilder().setHost("127.0.0.1").setPort(port)).setQuorum(2))
        .build();
  }

  private static Command setQuorum(String name, int quorum) {
    return Command.newBuilder().setTimestampMs(2_000).setProposer("test")
        .setSetMasterOptions(SetMasterOptions.newBuilder().setName(name).setQuorum(quorum)).build();
  }

  private static byte[] snapshotBytes(TopologyRaftServer s) {
    TopologyState st = s.stateMachine().state();
    return SnapshotCodec.encode(st, 0, 0).toByteArray();
  }

  private static void awaitSameState(TestCluster c, List<TopologyRaftServer> servers, String what) {
    TestCluster.await(CONVERGE, what, () -> {
      byte[] first = snapshotBytes(servers.get(0));
      return servers.stream().allMatch(s -> Arrays.equals(first, snapshotBytes(s)));
    });
  }

  @Test
  void serversListenOnlyOnTheirRaftAddressHost() throws Exception {
    try (TestCluster c = new TestCluster(1, TestCluster.TUNING).startAll()) {
      c.awaitLeader(LEADER_TIMEOUT);
      RaftMember m = c.members().get(0);
      try (Socket s = new Socket(m.host(), m.port())) {
        assertTrue(s.isConnected(), "listening on " + m.address());
      }
      // Another loopback address of this host: refused unless the server bound every interface.
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", m.port()).close());
    }
  }

  @Test
  void commandsReachEveryServerAndSurviveLeaderLoss() throws Exception {
    try (TestCluster c = new TestCluster(3, TestCluster.TUNING).startAll()) {
      TopologyRaftServer leader = c.awaitLeader(LEADER_TIMEOUT);
      CommandReply r = c.submit(monitor("m1", 7001));
      assertEquals(ResultCode.OK, r.getCode(), r.getMessage());
      assertTrue(r.getIndex() > 0);
      CommandReply dup = c.submit(monitor("m1", 7002));
      assertEquals(ResultCode.DUPLICATE_MASTER, dup.getCode());
      awaitSameState(c, c.running(), "all three servers to hold m1");
      for (TopologyRaftServer s : c.running()) {
        assertEquals(7001, s.stateMachine().state().master("m1").address().port());
      }

      String oldLeader = leader.self().id();
      c.stop(oldLeader);
      TopologyRaftServer next = c.awaitLeader(LEADER_TIMEOUT);
      assertNotEquals(oldLeader, next.self().id());
      assertEquals(ResultCode.OK, c.submit(monitor("m2", 7003)).getCode());
      awaitSameState(c, c.running(), "the two remaining servers to hold m2");

      // The stopped server comes back and catches up from the log.
      c.start(oldLeader);
      awaitSameState(c, c.running(), "the restarted server to catch up");
      assertEquals(2, c.server(oldLeader).stateMachine().state().masters().size());
    }
  }

  @Test
  void fullRestartRecoversTheSameState() throws Exception {
    byte[] before;
    try (TestCluster c = new TestCluster(3, TestCluster.TUNING)) {
      c.startAll();
      c.awaitLeader(LEADER_TIMEOUT);
      for (int i = 0; i < 20; i++) {
        assertEquals(ResultCode.OK, c.submit(monitor("m" + i, 7000 + i)).getCode());
      }
      awaitSameState(c, c.running(), "20 masters everywhere");
      before = snapshotBytes(c.running().get(0));
      for (TopologyRaftServer s : c.running()) {
        c.stop(s.self().id());
      }
      c.startAll();
      c.awaitLeader(LEADER_TIMEOUT);
      TestCluster.await(CONVERGE, "every server to replay its log", () ->
          c.running().stream().allMatch(s -> Arrays.equals(before, snapshotBytes(s))));
      assertEquals(ResultCode.OK, c.submit(setQuorum("m0", 1)).getCode());
    }
  }

  @Test
  void wipedFollowerRejoinsThroughAnInstalledSnapshot() throws Exception {
    RaftTuning tuning = TestCluster.TUNING.withSnapshotThreshold(20).withLogSegmentBytes(16 * 1024);
    try (TestCluster c = new TestCluster(3, tuning)) {
      c.startAll();
      TopologyRaftServer leader = c.awaitLeader(LEADER_TIMEOUT);
      String follower = c.members().stream().map(RaftMember::id)
          .filter(id -> !id.equals(leader.self().id())).findFirst().orElseThrow();
      c.stop(follower);
      c.wipe(follower);
      // Enough entries for several snapshots and closed segments, so the log start is purged.
      for (int i = 0; i < 400; i++) {
        assertEquals(ResultCode.OK, c.submit(monitor("m" + i, 10_000 + i)).getCode());
      }
      File leaderSm = new File(new File(c.storage(leader.self().id()), RaftGroups.GROUP_ID.getUuid().toString()), "sm");
      TestCluster.await(CONVERGE, "a snapshot on the leader", () -> {
        String[] files = leaderSm.list();
        return files != null && Arrays.stream(files).anyMatch(f -> f.startsWith("snapshot.") && !f.endsWith(".md5"));
      });
      TestCluster.await(CONVERGE, "the leader to purge its log start", () -> {
        try {
          return leader.division().getRaftLog().getStartIndex() > 1;
        } catch (java.io.IOException e) {
          return false;
        }
      });
      c.start(follower);
      awaitSameState(c, c.running(), "the wiped follower to install the snapshot and catch up");
      TopologyRaftServer back = c.server(follower);
      assertEquals(400, back.stateMachine().state().masters().size());
      assertTrue(back.info().isAlive(), "the follower's division survived the snapshot install");
      File followerSm = new File(new File(c.storage(follower), RaftGroups.GROUP_ID.getUuid().toString()), "sm");
      String[] installed = followerSm.list();
      assertTrue(installed != null && Arrays.stream(installed).anyMatch(f -> f.startsWith("snapshot.")),
          "the follower holds the installed snapshot: " + Arrays.toString(installed));
      // It keeps applying after the install.
      assertEquals(ResultCode.OK, c.submit(setQuorum("m1", 1)).getCode());
      awaitSameState(c, c.running(), "the follower to apply new entries after the install");
      assertArrayEquals(snapshotBytes(leader), snapshotBytes(back));
    }
  }

  @Test
  void linearizableBarrierOnAFollowerSeesACommittedWrite() throws Exception {
    try (TestCluster c = new TestCluster(3, TestCluster.TUNING).startAll()) {
      TopologyRaftServer leader = c.awaitLeader(LEADER_TIMEOUT);
      CommandReply r = c.submit(monitor("lin", 7100));
      TopologyRaftServer follower = c.running().stream().filter(s -> s != leader).findFirst().orElseThrow();
      // The property is linearizability, not latency: on a loaded host the first follower read can
      // exceed the read deadline (3 s) while channels warm up, so a timed-out attempt is retried.
      long[] applied = {-1};
      TestCluster.await(CONVERGE, "a linearizable barrier on the follower", () -> {
        try {
          applied[0] = c.client().barrier(follower.self().id()).get();
          return true;
        } catch (java.util.concurrent.ExecutionException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      });
      assertTrue(applied[0] >= r.getIndex(), "barrier returned " + applied[0] + " < write index " + r.getIndex());
      assertTrue(follower.stateMachine().state().masters().containsKey("lin"));
    }
  }
}
