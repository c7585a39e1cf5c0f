package io.raftsentinel.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftsentinel.proto.api.FailoverRequest;
import io.raftsentinel.proto.api.MonitorRequest;
import io.raftsentinel.proto.api.RemoveRequest;
import io.raftsentinel.proto.api.ResetRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import io.raftsentinel.proto.api.SetRequest;
import io.raftsentinel.proto.api.WriteReply;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SentinelGrpcServiceWriteTest {
  private InMemoryTopology topology;
  private GrpcTestServer server;
  private SentinelServiceBlockingStub stub;

  @BeforeEach
  void start() {
    topology = new InMemoryTopology();
    server = new GrpcTestServer(topology);
    stub = server.blocking();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MonitorRequest monitor(String name, String host, int port, int quorum) {
    return MonitorRequest.newBuilder().setName(name).setHost(host).setPort(port).setQuorum(quorum).build();
  }

  private static SetRequest set(String name, String option, String value) {
    return SetRequest.newBuilder().setName(name).setOption(option).setValue(value).build();
  }

  private static Status fail(Supplier<?> call) {
    return assertThrows(StatusRuntimeException.class, call::get).getStatus();
  }

  private static void assertInvalid(String field, Status s) {
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode(), s.toString());
    assertTrue(s.getDescription().startsWith(field + ":"), s.getDescription());
  }

  @Test
  void monitorCommitsAndRepliesWithItsIndex() {
    WriteReply r = stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    assertEquals(topology.lastIndex(), r.getIndex());
    assertEquals("OK", r.getMessage());
    MasterRecord m = topology.state().master("mymaster");
    assertEquals(6379, m.address().port());
    assertEquals(2, m.quorum());
  }

  @Test
  void monitorArgumentsAreCheckedBeforeProposing() {
    long before = topology.lastIndex();
    assertInvalid("name", fail(() -> stub.monitor(monitor("", "127.0.0.1", 6379, 2))));
    assertInvalid("name", fail(() -> stub.monitor(monitor("my master", "127.0.0.1", 6379, 2))));
    assertInvalid("host", fail(() -> stub.monitor(monitor("m", "", 6379, 2))));
    assertInvalid("port", fail(() -> stub.monitor(monitor("m", "127.0.0.1", 0, 2))));
    assertInvalid("port", fail(() -> stub.monitor(monitor("m", "127.0.0.1", 70000, 2))));
    assertInvalid("quorum", fail(() -> stub.monitor(monitor("m", "127.0.0.1", 6379, 0))));
    assertEquals(before, topology.lastIndex(), "nothing was proposed");
  }

  @Test
  void duplicateMonitorWithAnotherAddressIsInvalidNamingTheName() {
    stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    assertInvalid("name", fail(() -> stub.monitor(monitor("mymaster", "127.0.0.1", 6390, 2))));
  }

  @Test
  void removeOfUnknownMasterIsNotFound() {
    Status s = fail(() -> stub.remove(RemoveRequest.newBuilder().setName("ghost").build()));
    assertEquals(Status.Code.NOT_FOUND, s.getCode());
    assertEquals("no such master 'ghost'", s.getDescription());
    stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    stub.remove(RemoveRequest.newBuilder().setName("mymaster").build());
    assertNull(topology.state().master("mymaster"));
  }

  @Test
  void setUsesSentinelOptionNames() {
    stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    stub.set(set("mymaster", "down-after-milliseconds", "5000"));
    stub.set(set("mymaster", "failover-timeout", "60000"));
    stub.set(set("mymaster", "PARALLEL-SYNCS", "3"));
    stub.set(set("mymaster", "quorum", "1"));
    stub.set(set("mymaster", "auth-user", "sentinel-user"));
    stub.set(set("mymaster", "auth-pass", "s3cret"));
    MasterRecord m = topology.state().master("mymaster");
    assertEquals(5000, m.settings().downAfterMs());
    assertEquals(60000, m.settings().failoverTimeoutMs());
    assertEquals(3, m.settings().parallelSyncs());
    assertEquals(1, m.quorum());
    assertEquals("sentinel-user", m.settings().authUser());
    assertEquals("s3cret", m.settings().authPass());
  }

  @Test
  void setRejectsUnknownOptionsAndBadValuesNamingTheField() {
    stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    assertInvalid("option", fail(() -> stub.set(set("mymaster", "notification-script", "/x"))));
    assertInvalid("value", fail(() -> stub.set(set("mymaster", "down-after-milliseconds", "-1"))));
    assertInvalid("value", fail(() -> stub.set(set("mymaster", "quorum", "many"))));
    assertEquals(Status.Code.NOT_FOUND, fail(() -> stub.set(set("ghost", "quorum", "2"))).getCode());
  }

  @Test
  void resetRepliesWithTheNumberOfMatchingMasters() {
    stub.monitor(monitor("cache-1", "127.0.0.1", 6379, 1));
    stub.monitor(monitor("cache-2", "127.0.0.1", 6389, 1));
    stub.monitor(monitor("db", "127.0.0.1", 6399, 1));
    assertEquals(2, stub.reset(ResetRequest.newBuilder().setPattern("cache-*").build()).getCount());
    assertEquals(0, stub.reset(ResetRequest.newBuilder().setPattern("none*").build()).getCount());
    assertInvalid("pattern", fail(() -> stub.reset(ResetRequest.getDefaultInstance())));
  }

  @Test
  void failoverOutcomesMapToStatusCodes() {
    assertEquals(Status.Code.NOT_FOUND, fail(() -> stub.failover(FailoverRequest.newBuilder().setName("x").build()))
        .getCode());
    stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    Status noReplica = fail(() -> stub.failover(FailoverRequest.newBuilder().setName("mymaster").build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, noReplica.getCode());
    assertTrue(noReplica.getDescription().startsWith("NO_GOOD_SLAVE"), noReplica.getDescription());

    topology.addReplica("mymaster", "127.0.0.1", 6380, 100);
    WriteReply started = stub.failover(FailoverRequest.newBuilder().setName("mymaster").build());
    assertEquals(1, started.getEpoch());
    Status again = fail(() -> stub.failover(FailoverRequest.newBuilder().setName("mymaster").build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, again.getCode());
    assertTrue(again.getDescription().startsWith("FAILOVER_IN_PROGRESS"), again.getDescription());
  }

  @Test
  void coordinatedFailoverArgumentsAreChecked() {
    stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2));
    assertInvalid("mode", fail(() -> stub.failover(FailoverRequest.newBuilder().setName("mymaster")
        .setTimeoutMs(100).build())));
    assertInvalid("timeout_ms", fail(() -> stub.failover(FailoverRequest.newBuilder().setName("mymaster")
        .setMode(io.raftsentinel.proto.api.FailoverMode.FAILOVER_MODE_COORDINATED).setTimeoutMs(-1).build())));
    assertInvalid("to.port", fail(() -> stub.failover(FailoverRequest.newBuilder().setName("mymaster")
        .setMode(io.raftsentinel.proto.api.FailoverMode.FAILOVER_MODE_COORDINATED)
        .setTo(io.raftsentinel.proto.api.Endpoint.newBuilder().setHost("127.0.0.1").setPort(0)).build())));
  }

  @Test
  void writesWithoutQuorumAreUnavailable() {
    topology.loseQuorum();
    Status s = fail(() -> stub.monitor(monitor("mymaster", "127.0.0.1", 6379, 2)));
    assertEquals(Status.Code.UNAVAILABLE, s.getCode());
    assertEquals(Status.Code.UNAVAILABLE,
        fail(() -> stub.failover(FailoverRequest.newBuilder().setName("mymaster").build())).getCode());
  }

  @Test
  void writeThatOutlivesTheCallersDeadlineIsDeadlineExceeded() {
    topology.hang();
    Status s = fail(() -> stub.withDeadlineAfter(100, TimeUnit.MILLISECONDS)
        .monitor(monitor("mymaster", "127.0.0.1", 6379, 2)));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, s.getCode());
  }
}
