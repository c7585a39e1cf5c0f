package io.raftsentinel.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.proto.api.Consistency;
import io.raftsentinel.proto.api.GetClusterStatusReply;
import io.raftsentinel.proto.api.GetClusterStatusRequest;
import io.raftsentinel.proto.api.GetMasterAddressReply;
import io.raftsentinel.proto.api.GetMasterAddressRequest;
import io.raftsentinel.proto.api.GetMasterReply;
import io.raftsentinel.proto.api.GetMasterRequest;
import io.raftsentinel.proto.api.ListMastersReply;
import io.raftsentinel.proto.api.ListMastersRequest;
import io.raftsentinel.proto.api.ListNodesReply;
import io.raftsentinel.proto.api.ListNodesRequest;
import io.raftsentinel.proto.api.ListReplicasReply;
import io.raftsentinel.proto.api.ListReplicasRequest;
import io.raftsentinel.proto.api.MasterState;
import io.raftsentinel.proto.api.ReplicaState;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SentinelGrpcServiceReadTest {
  private InMemoryTopology topology;
  private GrpcTestServer server;
  private SentinelServiceBlockingStub stub;

  @BeforeEach
  void start() {
    topology = new InMemoryTopology();
    topology.announce("n2", 26380, 50052);
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    topology.addReplica("mymaster", "127.0.0.1", 6380, 100);
    topology.addReplica("mymaster", "127.0.0.1", 6381, 0);
    topology.observe("127.0.0.1", 6379, observation(true, false, 0, 0));
    topology.observe("127.0.0.1", 6380, observation(true, false, 10, 4242));
    server = new GrpcTestServer(topology, GrpcSettings.of("127.0.0.1", 0, "")
        .withReadTimeout(Duration.ofMillis(300)));
    stub = server.blocking();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static InstanceObservation observation(boolean connected, boolean sdown, int priority, long offset) {
    return new InstanceObservation("", "", 0, 1, 1, 1, 1, "?", 0, true, 0, priority, offset, sdown, connected, "");
  }

  @Test
  void masterAddressLocalCarriesReadInfo() {
    GetMasterAddressReply r = stub.getMasterAddress(GetMasterAddressRequest.newBuilder().setName("mymaster").build());
    assertEquals("127.0.0.1", r.getAddress().getHost());
    assertEquals(6379, r.getAddress().getPort());
    assertEquals(topology.lastIndex(), r.getRead().getAppliedIndex());
    assertTrue(r.getRead().getLeaderKnown());
    assertEquals("n1", r.getRead().getNodeId());
  }

  @Test
  void getMasterHasFlagsSettingsAndReplicasWithObservedOffsets() {
    MasterState m = stub.getMaster(GetMasterRequest.newBuilder().setName("mymaster").build()).getMaster();
    assertEquals(List.of("master"), m.getFlagsList());
    assertEquals(2, m.getQuorum());
    assertEquals(30_000, m.getDownAfterMs());
    assertEquals(180_000, m.getFailoverTimeoutMs());
    assertEquals(1, m.getParallelSyncs());
    assertFalse(m.hasFailover());
    assertEquals(2, m.getReplicasCount());
    ReplicaState observed = m.getReplicas(0);
    assertEquals(6380, observed.getAddress().getPort());
    assertEquals(List.of("slave"), observed.getFlagsList());
    assertEquals(4242, observed.getOffset());
    assertEquals(10, observed.getPriority());
    ReplicaState unobserved = m.getReplicas(1);
    assertEquals(List.of("slave", "disconnected"), unobserved.getFlagsList());
    assertEquals(0, unobserved.getPriority());
  }

  @Test
  void odownAndSdownAppearInSentinelOrderWithDownReportCount() {
    topology.observe("127.0.0.1", 6379, observation(false, true, 0, 0));
    topology.reportDown("n1", "mymaster", "127.0.0.1", 6379);
    topology.reportDown("n2", "mymaster", "127.0.0.1", 6379);
    MasterState m = stub.getMaster(GetMasterRequest.newBuilder().setName("mymaster").build()).getMaster();
    assertEquals(List.of("s_down", "o_down", "master", "disconnected"), m.getFlagsList());
    assertEquals(2, m.getDownReports());
  }

  @Test
  void failoverInProgressShowsStepAndPromotedReplica() {
    topology.failover("mymaster").join();
    MasterState m = stub.getMaster(GetMasterRequest.newBuilder().setName("mymaster").build()).getMaster();
    assertEquals(List.of("master", "failover_in_progress", "force_failover"), m.getFlagsList());
    assertEquals("send_slaveof_noone", m.getFailover().getStep());
    assertEquals(6380, m.getFailover().getCandidate().getPort());
    assertEquals(1, m.getFailover().getEpoch());
    assertTrue(m.getFailover().getManual());
    assertEquals(List.of("slave", "promoted"), m.getReplicas(0).getFlagsList());
  }

  @Test
  void listMastersReplicasNodesAndClusterStatus() {
    topology.monitor("other", "127.0.0.1", 7000, 1);
    ListMastersReply masters = stub.listMasters(ListMastersRequest.getDefaultInstance());
    assertEquals(List.of("mymaster", "other"), masters.getMastersList().stream().map(MasterState::getName).toList());
    assertEquals(topology.lastIndex(), masters.getRead().getAppliedIndex());

    ListReplicasReply replicas = stub.listReplicas(ListReplicasRequest.newBuilder().setName("mymaster").build());
    assertEquals(List.of(6380, 6381), replicas.getReplicasList().stream().map(r -> r.getAddress().getPort()).toList());

    ListNodesReply nodes = stub.listNodes(ListNodesRequest.getDefaultInstance());
    assertEquals(List.of("n1", "n2"), nodes.getNodesList().stream().map(n -> n.getId()).toList());
    assertEquals(50052, nodes.getNodes(1).getGrpcPort());

    GetClusterStatusReply status = stub.getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
    assertEquals("n1", status.getLeader());
    assertEquals(3, status.getTerm());
    assertEquals(topology.lastIndex(), status.getCommitIndex());
    assertEquals(2, status.getPeersCount());
    assertEquals("follower", status.getPeers(1).getRole());
  }

  @Test
  void linearizableReadsAnswerWhileAQuorumAnswers() {
    GetMasterAddressReply r = stub.getMasterAddress(GetMasterAddressRequest.newBuilder().setName("mymaster")
        .setConsistency(Consistency.LINEARIZABLE).build());
    assertEquals(6379, r.getAddress().getPort());
    ListMastersReply all = stub.listMasters(ListMastersRequest.newBuilder()
        .setConsistency(Consistency.LINEARIZABLE).build());
    assertEquals(1, all.getMastersCount());
  }

  @Test
  void linearizableReadWithoutQuorumIsUnavailableWhileLocalStillAnswers() {
    topology.loseQuorum();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.getMasterAddress(
        GetMasterAddressRequest.newBuilder().setName("mymaster").setConsistency(Consistency.LINEARIZABLE).build()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("quorum"), e.getStatus().getDescription());
    assertEquals(6379, stub.getMasterAddress(GetMasterAddressRequest.newBuilder().setName("mymaster").build())
        .getAddress().getPort());
  }

  @Test
  void linearizableReadThatNeverCompletesTimesOutAsUnavailable() {
    topology.hang();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.listMasters(
        ListMastersRequest.newBuilder().setConsistency(Consistency.LINEARIZABLE).build()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
  }

  @Test
  void callerDeadlineShorterThanReadTimeoutIsDeadlineExceeded() {
    topology.hang();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub
        .withDeadlineAfter(100, TimeUnit.MILLISECONDS)
        .listMasters(ListMastersRequest.newBuilder().setConsistency(Consistency.LINEARIZABLE).build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
  }

  @Test
  void unknownMasterIsNotFoundAndEmptyNameIsInvalidNamingTheField() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stub.getMaster(GetMasterRequest.newBuilder().setName("nope").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals("no such master 'nope'", e.getStatus().getDescription());

    e = assertThrows(StatusRuntimeException.class,
        () -> stub.listReplicas(ListReplicasRequest.newBuilder().setName("nope").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());

    e = assertThrows(StatusRuntimeException.class,
        () -> stub.getMasterAddress(GetMasterAddressRequest.getDefaultInstance()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("name:"), e.getStatus().getDescription());
  }

  @Test
  void unknownConsistencyValueIsInvalidArgument() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.listMasters(
        ListMastersRequest.newBuilder().setConsistencyValue(7).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("consistency:"), e.getStatus().getDescription());
  }
}
