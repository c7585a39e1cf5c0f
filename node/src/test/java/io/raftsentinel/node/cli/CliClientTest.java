package io.raftsentinel.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.raftsentinel.node.grpc.GrpcSettings;
import io.raftsentinel.node.grpc.GrpcTestServer;
import io.raftsentinel.node.grpc.InMemoryTopology;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliClientTest {
  private InMemoryTopology topology;
  private GrpcTestServer server;

  @BeforeEach
  void start() {
    topology = new InMemoryTopology();
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    topology.addReplica("mymaster", "127.0.0.1", 6380, 100);
    server = new GrpcTestServer(topology);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Cli.Result cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = server.address();
    return Cli.run(all);
  }

  private static Struct json(String text) {
    Struct.Builder b = Struct.newBuilder();
    try {
      JsonFormat.parser().merge(text, b);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
    return b.build();
  }

  @Test
  void statusPrintsTheGroupAsATable() {
    Cli.Result r = cli("status");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("leader         n1"), r.out());
    assertTrue(r.out().contains("applied-index  " + topology.lastIndex()), r.out());
    List<String> peers = r.lines().subList(r.lines().indexOf("") + 1, r.lines().size());
    assertEquals("ID  ADDRESS         ROLE      LAST-CONTACT-MS  IN-CONF", peers.get(0));
    assertEquals("n2  127.0.0.1:9872  follower  12               yes", peers.get(2));
  }

  @Test
  void statusJsonHasTheDocumentedFields() {
    Cli.Result r = cli("status", "--json");
    assertEquals(0, r.code(), r.err());
    Struct s = json(r.out());
    assertEquals("n1", s.getFieldsOrThrow("leader").getStringValue());
    assertEquals(3, s.getFieldsOrThrow("term").getNumberValue());
    assertEquals(topology.lastIndex(), (long) s.getFieldsOrThrow("commitIndex").getNumberValue());
    assertEquals(topology.lastIndex(), (long) s.getFieldsOrThrow("appliedIndex").getNumberValue());
    Value peer = s.getFieldsOrThrow("peers").getListValue().getValues(1);
    assertEquals("n2", peer.getStructValue().getFieldsOrThrow("id").getStringValue());
    assertEquals("127.0.0.1:9872", peer.getStructValue().getFieldsOrThrow("address").getStringValue());
    assertEquals("follower", peer.getStructValue().getFieldsOrThrow("role").getStringValue());
  }

  @Test
  void mastersMasterReplicasAndNodesAsTables() {
    Cli.Result masters = cli("masters");
    assertEquals(0, masters.code(), masters.err());
    assertEquals("NAME      ADDRESS         FLAGS                EPOCH  QUORUM  DOWN  REPLICAS  FAILOVER  PAUSED",
        masters.lines().get(0));
    assertEquals("mymaster  127.0.0.1:6379  master,disconnected  0      2       0     1         -         no",
        masters.lines().get(1));

    Cli.Result master = cli("master", "mymaster", "--consistency", "linearizable");
    assertEquals(0, master.code(), master.err());
    assertTrue(master.out().contains("down-after-milliseconds  30000"), master.out());
    assertTrue(master.out().contains("127.0.0.1:6380  slave,disconnected  100"), master.out());

    Cli.Result replicas = cli("replicas", "mymaster");
    assertEquals("ADDRESS         FLAGS               PRIORITY  OFFSET  RUN-ID", replicas.lines().get(0));
    assertEquals(2, replicas.lines().size());

    Cli.Result nodes = cli("nodes");
    assertTrue(nodes.lines().get(1).startsWith("n1  127.0.0.1  26379      50051"), nodes.out());
  }

  @Test
  void mastersJsonListsEveryMaster() {
    Cli.Result r = cli("masters", "--json");
    assertEquals(0, r.code(), r.err());
    Struct s = json(r.out());
    Struct m = s.getFieldsOrThrow("masters").getListValue().getValues(0).getStructValue();
    assertEquals("mymaster", m.getFieldsOrThrow("name").getStringValue());
    assertEquals(6379, m.getFieldsOrThrow("address").getStructValue().getFieldsOrThrow("port").getNumberValue());
    assertEquals("n1", s.getFieldsOrThrow("read").getStructValue().getFieldsOrThrow("nodeId").getStringValue());
  }

  @Test
  void writesChangeTheReplicatedState() {
    assertEquals(0, cli("monitor", "cache", "127.0.0.1", "7000", "1").code());
    Cli.Result set = cli("set", "cache", "down-after-milliseconds", "5000");
    assertEquals(0, set.code(), set.err());
    assertTrue(set.out().startsWith("OK (index " + topology.lastIndex()), set.out());
    MasterRecord cache = topology.state().master("cache");
    assertEquals(5000, cache.settings().downAfterMs());

    Cli.Result failover = cli("failover", "mymaster", "--json");
    assertEquals(0, failover.code(), failover.err());
    assertEquals(1, json(failover.out()).getFieldsOrThrow("epoch").getNumberValue());

    Cli.Result reset = cli("reset", "*");
    assertTrue(reset.out().startsWith("2 masters reset"), reset.out());

    assertEquals(0, cli("remove", "cache").code());
    assertEquals(null, topology.state().master("cache"));
  }

  @Test
  void pauseAndResumeOneMasterOrAll() {
    Cli.Result pause = cli("pause", "mymaster");
    assertEquals(0, pause.code(), pause.err());
    assertTrue(pause.out().startsWith("OK: automatic failover paused for 'mymaster' (index "), pause.out());
    assertTrue(topology.state().master("mymaster").failoverPaused());
    assertTrue(cli("master", "mymaster").out().contains("failover-paused          yes"));

    assertEquals(0, cli("pause").code());
    assertTrue(topology.state().failoverPaused());
    assertTrue(cli("masters").lines().get(1).endsWith("  all"), cli("masters").out());

    Cli.Result resumeAll = cli("resume");
    assertTrue(resumeAll.out().startsWith("OK: automatic failover resumed for all masters"), resumeAll.out());
    assertEquals(0, cli("resume", "mymaster").code());
    assertFalse(topology.state().isFailoverPaused(topology.state().master("mymaster")));

    Cli.Result unknown = cli("pause", "ghost");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().startsWith("error: "), unknown.err());
  }

  @Test
  void historyListsFinishedAttempts() {
    assertEquals(List.of("MASTER  EPOCH  KIND  STARTED  OUTCOME  REASON  OLD-MASTER  CANDIDATE  PRIORITY  OFFSET  "
        + "TOOK-MS"), cli("history").lines());
    assertEquals(0, cli("failover", "mymaster").code());
    topology.submit(io.raftsentinel.proto.state.Command.newBuilder().setFailoverAborted(
        io.raftsentinel.proto.state.FailoverAborted.newBuilder().setMaster("mymaster").setEpoch(1).setTerm(3)
            .setReason(io.raftsentinel.proto.state.AbortReason.ABORT_NOT_ELECTED)));
    Cli.Result r = cli("history", "mymaster");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.lines().size(), r.out());
    String row = r.lines().get(1);
    assertTrue(row.startsWith("mymaster  1      manual  "), row);
    assertTrue(row.contains("  aborted  not-elected  127.0.0.1:6379  127.0.0.1:6380  100  "), row);

    Struct json = json(cli("history", "--json").out());
    Struct entry = json.getFieldsOrThrow("entries").getListValue().getValues(0).getStructValue();
    assertEquals("aborted", entry.getFieldsOrThrow("outcome").getStringValue());
    assertEquals(1, cli("history", "ghost").code());
  }

  @Test
  void serverErrorIsOneLineOnStderrWithExitCodeOne() {
    Cli.Result r = cli("master", "ghost");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals("error: no such master 'ghost' (NOT_FOUND from " + server.address() + ")\n", r.err());

    Cli.Result bad = cli("set", "mymaster", "quorum", "zero");
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: value: 'zero' for quorum"), bad.err());
  }

  @Test
  void usageErrorsExitWithTwo() {
    Cli.Result missing = cli("master");
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("error: Missing required parameter: 'NAME'"), missing.err());
    assertEquals(2, Cli.run("masters", "--server", "nohost").code());
    assertEquals(2, Cli.run("masters", "--consistency", "eventual").code());
    assertEquals(2, Cli.run("frobnicate").code());
    assertEquals(2, Cli.run().code());
  }

  @Test
  void deadFirstServerFallsThroughToTheLiveOne() {
    String dead = "127.0.0.1:" + Cli.deadPort();
    Cli.Result r = Cli.run("masters", "--server", dead, "--server", server.address());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mymaster"), r.out());
    // A write is also safe to send elsewhere when the first node was never reached.
    Cli.Result w = Cli.run("set", "mymaster", "quorum", "1", "--server", dead, "--server", server.address());
    assertEquals(0, w.code(), w.err());
    assertEquals(1, topology.state().master("mymaster").quorum());
  }

  @Test
  void noServerReachableNamesEveryServer() {
    String dead = "127.0.0.1:" + Cli.deadPort();
    Cli.Result r = Cli.run("status", "--server", dead, "--timeout", "2s");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("error: no server answered: " + dead + " (UNAVAILABLE"), r.err());
  }

  @Test
  void passwordIsSentAsBearerToken() {
    try (GrpcTestServer secured = new GrpcTestServer(topology, GrpcSettings.of("127.0.0.1", 0, "node-secret"))) {
      Cli.Result denied = Cli.run("masters", "--server", secured.address());
      assertEquals(1, denied.code());
      assertTrue(denied.err().contains("UNAUTHENTICATED"), denied.err());
      Cli.Result ok = Cli.run("masters", "--server", secured.address(), "--password", "node-secret");
      assertEquals(0, ok.code(), ok.err());
    }
  }
}
