package io.raftsentinel.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.TestResources;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.node.tls.TlsMaterial;
import io.raftsentinel.proto.api.Consistency;
import io.raftsentinel.proto.api.GetMasterAddressReply;
import io.raftsentinel.proto.api.GetMasterAddressRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import io.raftsentinel.proto.api.SetRequest;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import io.raftsentinel.testing.TestCerts;
import io.raftsentinel.testing.TestCerts.Ca;
import io.raftsentinel.testing.TestCerts.Leaf;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mutual TLS on gRPC and Raft traffic with certificates made at test time by openssl: a group whose
 * nodes share a CA forms and commits; gRPC clients without a certificate, or with one from another CA,
 * are refused; a node whose certificate comes from another CA cannot join.
 */
class TlsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension
  final TestResources resources = new TestResources();
  private TestCerts certs;
  private Ca ca;
  private Ca otherCa;

  @BeforeEach
  void certificates() {
    assumeTrue(TestCerts.available(), "openssl is not installed: cannot make test certificates");
    certs = track(new TestCerts());
    ca = certs.ca("test-ca");
    otherCa = certs.ca("other-ca");
  }

  private <T extends AutoCloseable> T track(T c) {
    return resources.track(c);
  }

  private static List<String> monitor(RedisProcess master) {
    return List.of("sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
        "sentinel down-after-milliseconds mymaster 2000");
  }

  private ManagedChannel channel(SentinelNode node, ChannelCredentials credentials) {
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", node.grpcPort(), credentials).build();
    resources.track((AutoCloseable) () -> {
      ch.shutdownNow();
      ch.awaitTermination(5, TimeUnit.SECONDS);
    });
    return ch;
  }

  private static GetMasterAddressReply masterAddress(ManagedChannel ch) {
    return masterAddress(ch, Consistency.LINEARIZABLE);
  }

  private static GetMasterAddressReply masterAddress(ManagedChannel ch, Consistency consistency) {
    return SentinelServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
        .getMasterAddress(GetMasterAddressRequest.newBuilder().setName("mymaster").setConsistency(consistency).build());
  }

  /**
   * A LINEARIZABLE read, retried while it is UNAVAILABLE: a follower's first ReadIndex round can exceed
   * its deadline on a loaded host (as in RaftClusterTest); a TLS refusal would never succeed.
   */
  private static GetMasterAddressReply linearizable(ManagedChannel ch) {
    GetMasterAddressReply[] reply = new GetMasterAddressReply[1];
    Poll.until(WAIT, () -> {
      try {
        reply[0] = masterAddress(ch);
        return true;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
        return false;
      }
    }, "a linearizable read over TLS");
    return reply[0];
  }

  private static TlsMaterial material(Leaf leaf) throws Exception {
    return TlsMaterial.load("cert", leaf.cert(), "key", leaf.key(), "ca", leaf.trustedCa());
  }

  @Test
  void groupWithTlsFormsCommitsAndServesTlsClients() throws Exception {
    RedisProcess redis = track(RedisProcess.start());
    Map<String, Leaf> leaves = Map.of("n1", certs.leaf("n1", ca), "n2", certs.leaf("n2", ca), "n3",
        certs.leaf("n3", ca));
    SentinelCluster c = track(SentinelCluster.create(3, monitor(redis), id -> leaves.get(id).configLines()))
        .startAll();
    c.awaitLeader();
    c.awaitAll("every node to know mymaster",
        SentinelCluster.master("mymaster", m -> m.address().equals(new InstanceAddress("127.0.0.1", redis.port()))));

    Leaf client = certs.leaf("cli", ca);
    for (SentinelNode n : c.running()) {
      ManagedChannel ch = channel(n, material(client).channelCredentials());
      GetMasterAddressReply reply = linearizable(ch);
      assertEquals("127.0.0.1", reply.getAddress().getHost());
      assertEquals(redis.port(), reply.getAddress().getPort());
      assertTrue(reply.getRead().getAppliedIndex() > 0);
    }
  }

  @Test
  void grpcClientsWithoutACertificateOrFromAnotherCaAreRefused() throws Exception {
    RedisProcess redis = track(RedisProcess.start());
    Map<String, Leaf> leaves = Map.of("n1", certs.leaf("n1", ca));
    SentinelCluster c = track(SentinelCluster.create(1, monitor(redis), id -> leaves.get(id).configLines()))
        .startAll();
    c.awaitLeader();
    c.awaitAll("the node to know mymaster", SentinelCluster.master("mymaster", m -> true));
    SentinelNode node = c.node("n1");

    // The right client works, so the refusals below are about the certificate, not the node.
    // (LOCAL: a LINEARIZABLE read in this one-node group timed out in every run; see the 3-node tests.)
    ManagedChannel good = channel(node, material(certs.leaf("good", ca)).channelCredentials());
    assertEquals(redis.port(), masterAddress(good, Consistency.LOCAL).getAddress().getPort());

    StatusRuntimeException plaintext = assertThrows(StatusRuntimeException.class,
        () -> masterAddress(channel(node, InsecureChannelCredentials.create()), Consistency.LOCAL));
    assertEquals(Status.Code.UNAVAILABLE, plaintext.getStatus().getCode(), plaintext.toString());

    // TLS that trusts the server but presents no certificate: the server requires one.
    ChannelCredentials noCert = TlsChannelCredentials.newBuilder()
        .trustManager(ca.cert().toFile()).build();
    StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
        () -> masterAddress(channel(node, noCert), Consistency.LOCAL));
    assertEquals(Status.Code.UNAVAILABLE, anonymous.getStatus().getCode(), anonymous.toString());

    // A certificate from another CA (the client still trusts the server's CA).
    Leaf stranger = certs.leaf("stranger", otherCa, ca);
    StatusRuntimeException wrongCa = assertThrows(StatusRuntimeException.class,
        () -> masterAddress(channel(node, material(stranger).channelCredentials()), Consistency.LOCAL));
    assertEquals(Status.Code.UNAVAILABLE, wrongCa.getStatus().getCode(), wrongCa.toString());
  }

  @Test
  void nodeWithACertificateFromAnotherCaCannotJoin() throws Exception {
    RedisProcess redis = track(RedisProcess.start());
    // n3 has its own CA for both its certificate and what it trusts: it and the others refuse each other.
    Map<String, Leaf> leaves = Map.of("n1", certs.leaf("n1", ca), "n2", certs.leaf("n2", ca), "n3",
        certs.leaf("n3", otherCa));
    SentinelCluster c = track(SentinelCluster.create(3, monitor(redis), id -> leaves.get(id).configLines()))
        .startAll();
    SentinelNode intruder = c.node("n3");
    SentinelNode n1 = c.node("n1");
    SentinelNode n2 = c.node("n2");

    Poll.until(WAIT, () -> n1.raft().isLeaderReady() || n2.raft().isLeaderReady(), "n1 or n2 to lead");
    Poll.until(WAIT, () -> n1.topology().state().master("mymaster") != null
        && n2.topology().state().master("mymaster") != null, "n1 and n2 to commit mymaster");
    // Another commit through the group's TLS gRPC, while n3 keeps trying; n3 never leads meanwhile.
    SentinelServiceGrpc.newBlockingStub(channel(n1, material(certs.leaf("admin", ca)).channelCredentials()))
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .set(SetRequest.newBuilder().setName("mymaster").setOption("down-after-milliseconds").setValue("3000").build());
    Poll.until(WAIT, () -> {
      assertFalse(intruder.raft().isLeaderReady(), "n3 must never lead");
      return n1.topology().state().master("mymaster").settings().downAfterMs() == 3000
          && n2.topology().state().master("mymaster").settings().downAfterMs() == 3000;
    }, "the SET to commit on n1 and n2");

    assertFalse(intruder.raft().isLeaderReady(), "n3 must never lead");
    assertFalse(intruder.raft().info() != null && intruder.raft().info().isLeader(), "n3 must never lead");
    assertTrue(intruder.raft().stateMachine().appliedIndex() <= 0,
        "n3 applied index " + intruder.raft().stateMachine().appliedIndex());
    assertEquals(null, intruder.topology().state().master("mymaster"), "n3 must not see the group's state");

    // The group's gRPC endpoints still refuse n3's identity too.
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> masterAddress(channel(n1, material(leaves.get("n3")).channelCredentials()), Consistency.LOCAL));
    assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
    assertNotNull(linearizable(channel(n2, material(certs.leaf("ok", ca)).channelCredentials())));
  }
}
