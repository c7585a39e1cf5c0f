package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.testing.Poll;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SENTINEL writes go through the writer and answer with Sentinel's replies once committed. */
class WritesTest {
  private RespFixture fixture;
  private RawClient client;

  @BeforeEach
  void start() throws Exception {
    fixture = new RespFixture();
    client = fixture.client();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    fixture.close();
  }

  @Test
  void monitorSetRemoveReset() throws Exception {
    assertEquals("+OK\r\n", client.call("SENTINEL", "monitor", "other", "127.0.0.1", "30010", "1"));
    assertEquals(1, fixture.topology.state().master("other").quorum());
    assertEquals("+OK\r\n", client.call("SENTINEL", "set", "other", "down-after-milliseconds", "1000",
        "FAILOVER-TIMEOUT", "10000", "parallel-syncs", "2", "quorum", "2", "auth-pass", "pw", "auth-user", "u"));
    MasterRecord m = fixture.topology.state().master("other");
    assertEquals(1000, m.settings().downAfterMs());
    assertEquals(10000, m.settings().failoverTimeoutMs());
    assertEquals(2, m.settings().parallelSyncs());
    assertEquals(2, m.quorum());
    assertEquals("pw", m.settings().authPass());
    assertEquals("u", m.settings().authUser());
    assertEquals("-ERR Reconfiguration of scripts path is denied for security reasons. Check the "
        + "deny-scripts-reconfig configuration directive in your Sentinel configuration\r\n",
        client.call("SENTINEL", "set", "other", "notification-script", "/bin/true"));
    assertEquals("-ERR No such master with that name\r\n", client.call("SENTINEL", "set", "nosuch", "quorum", "1"));
    assertEquals(":0\r\n", client.call("SENTINEL", "reset", "nosuch"));
    assertEquals(":2\r\n", client.call("SENTINEL", "reset", "*"));
    assertEquals(0, fixture.topology.state().master("mymaster").replicas().size());
    assertEquals("+OK\r\n", client.call("SENTINEL", "remove", "other"));
    assertNull(fixture.topology.state().master("other"));
    assertEquals("-ERR No such master with that name\r\n", client.call("SENTINEL", "remove", "other"));
  }

  @Test
  void failoverCoordinatedOptionsAreChecked() throws Exception {
    assertEquals("-ERR wrong number of arguments for 'sentinel|failover' command\r\n",
        client.call("SENTINEL", "failover", "mymaster", "now"));
    assertEquals("-ERR syntax error\r\n", client.call("SENTINEL", "failover", "mymaster", "coordinated", "to"));
    assertEquals("-ERR Invalid port number.\r\n",
        client.call("SENTINEL", "failover", "mymaster", "COORDINATED", "TO", "127.0.0.1", "99999"));
    assertEquals("-ERR Invalid TIMEOUT '0' (milliseconds, 1 or more)\r\n",
        client.call("SENTINEL", "failover", "mymaster", "COORDINATED", "TIMEOUT", "0"));
    assertEquals("-ERR No such master with that name\r\n",
        client.call("SENTINEL", "failover", "nosuch", "COORDINATED", "TIMEOUT", "100"));
  }

  @Test
  void setFailoverPausedIsMaintenanceMode() throws Exception {
    assertEquals("+OK\r\n", client.call("SENTINEL", "set", "mymaster", "failover-paused", "yes"));
    assertTrue(fixture.topology.state().master("mymaster").failoverPaused());
    assertEquals("+OK\r\n", client.call("SENTINEL", "set", "mymaster", "FAILOVER-PAUSED", "No"));
    assertFalse(fixture.topology.state().master("mymaster").failoverPaused());
    assertEquals("-ERR Invalid argument 'maybe' for SENTINEL SET 'failover-paused' (yes or no)\r\n",
        client.call("SENTINEL", "set", "mymaster", "failover-paused", "maybe"));
    assertEquals("-ERR SENTINEL SET 'failover-paused' cannot be combined with other options\r\n",
        client.call("SENTINEL", "set", "mymaster", "quorum", "2", "failover-paused", "yes"));
    assertEquals("-ERR No such master with that name\r\n",
        client.call("SENTINEL", "set", "nosuch", "failover-paused", "yes"));
  }

  @Test
  void failoverReplies() throws Exception {
    assertEquals("-ERR No such master with that name\r\n", client.call("SENTINEL", "failover", "nosuch"));
    assertEquals("+OK\r\n", client.call("SENTINEL", "failover", "mymaster"));
    String flags = InstanceFieldsTest.fields(client.value("SENTINEL", "master", "mymaster")).get("flags");
    assertEquals("master,disconnected,failover_in_progress,force_failover", flags);
    assertEquals("-INPROG Failover already in progress\r\n", client.call("SENTINEL", "failover", "mymaster"));
    client.call("SENTINEL", "monitor", "lonely", "127.0.0.1", "30020", "1");
    assertEquals("-NOGOODSLAVE No suitable replica to promote\r\n", client.call("SENTINEL", "failover", "lonely"));
  }

  @Test
  void noQuorumIsTryAgain() throws Exception {
    fixture.topology.quorumLost(true);
    assertEquals("-TRYAGAIN no Raft quorum: no leader within 5000 ms\r\n",
        client.call("SENTINEL", "monitor", "other", "127.0.0.1", "30010", "1"));
    assertEquals("-TRYAGAIN no Raft quorum: no leader within 5000 ms\r\n",
        client.call("SENTINEL", "failover", "mymaster"));
  }

  /** A pending Raft write holds back the replies of the requests pipelined after it. */
  @Test
  void pipelinedRepliesKeepTheirOrderBehindAPendingWrite() throws Exception {
    CompletableFuture<WriteResult> commit = new CompletableFuture<>();
    TopologyWriter slow = new TopologyWriter() {
      @Override
      public CompletableFuture<WriteResult> submit(Command.Builder command) {
        return commit;
      }

      @Override
      public CompletableFuture<WriteResult> failover(String master) {
        return commit;
      }
    };
    try (RespServer server = new RespServer(fixture.topology, slow, new RespConfig("127.0.0.1", 0, "", "", 0));
        RawClient c = new RawClient(server.port())) {
      c.sendRaw(RawClient.encode("SENTINEL", "remove", "mymaster") + RawClient.encode("PING", "after"));
      Poll.until(Duration.ofSeconds(5), () -> server.connectionCount() == 1, "one connection");
      commit.completeExceptionally(new NoQuorumException("lost leader", null));
      assertEquals("-TRYAGAIN no Raft quorum: lost leader\r\n", c.readRaw());
      assertEquals("$5\r\nafter\r\n", c.readRaw());
    }
  }
}
