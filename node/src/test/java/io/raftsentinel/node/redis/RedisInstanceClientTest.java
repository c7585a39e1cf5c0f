package io.raftsentinel.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import io.raftsentinel.testing.TcpProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisInstanceClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RedisResources resources = RedisResources.create(1, Duration.ofMillis(500));

  @AfterEach
  void closeResources() {
    resources.close();
  }

  private RedisInstanceClient client(InstanceAddress address) {
    return client(address, "", "");
  }

  private RedisInstanceClient client(InstanceAddress address, String user, String pass) {
    return new RedisInstanceClient(resources,
        new RedisEndpoint(address, user, pass, RedisEndpoint.clientNameFor("n1-abcdefgh"), TIMEOUT));
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void pingInfoRoleAndClientName() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); RedisInstanceClient c = client(redis.address())) {
      PingReply pong = get(c.ping());
      assertEquals(PingReply.Kind.PONG, pong.kind());
      assertTrue(pong.valid());
      assertTrue(c.isConnected());
      assertTrue(get(c.info()).contains("run_id:"));
      assertTrue(get(c.info("replication")).contains("role:master"));
      assertTrue(get(c.role()).isMaster());
      assertTrue(redis.cli("CLIENT", "LIST").contains("name=raft-sentinel-n1-abcde "),
          "CLIENT SETNAME raft-sentinel-<id8>");
    }
  }

  private static long connectionsReceived(RedisProcess redis) {
    for (String line : redis.cli("INFO", "stats").split("\n")) {
      if (line.startsWith("total_connections_received:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new IllegalStateException("no total_connections_received in INFO stats");
  }

  @Test
  void aHandshakeSlowerThanTheCommandTimeoutCompletesInsteadOfBeingRetried() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); RedisInstanceClient c = client(redis.address())) {
      long before = connectionsReceived(redis); // counts its own redis-cli connection
      redis.pause();
      // The first PING opens the connection; the paused server cannot answer the handshake, so the
      // PING fails at its own bound (command plus connect time-out, far below the handshake budget)
      // while the handshake waits.
      long start = System.nanoTime();
      assertThrows(ExecutionException.class, () -> get(c.ping()));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMs < TIMEOUT.plus(resources.connectTimeout()).toMillis() + 400, "ping took " + tookMs + " ms");
      redis.resume();
      Poll.until(WAIT, () -> c.ping().join().valid(), "PONG after resume");
      int[] cliCalls = {0};
      Poll.until(WAIT, () -> {
        cliCalls[0]++;
        return redis.cli("CLIENT", "LIST").split("name=raft-sentinel-n1-abcde ", -1).length - 1 == 2;
      }, "the probe and the kept role-change connection open");
      long opened = connectionsReceived(redis) - before - cliCalls[0] - 1;
      assertEquals(2, opened, "one connection and the kept one: the slow handshake was not timed out and retried");
    }
  }

  @Test
  void pausedInstanceNeverBlocksCallersBeyondTheTimeout() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); RedisInstanceClient c = client(redis.address())) {
      assertTrue(get(c.ping()).valid());
      redis.pause();
      long start = System.nanoTime();
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.ping()));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMs < TIMEOUT.toMillis() + 400, "ping took " + tookMs + " ms");
      assertTrue(RedisInstanceClient.isNoReply(e.getCause()), e.getCause().toString());
      ExecutionException info = assertThrows(ExecutionException.class, () -> get(c.info(Duration.ofMillis(100))));
      assertInstanceOf(TimeoutException.class, info.getCause());
      redis.resume();
      Poll.until(WAIT, () -> c.ping().join().valid(), "PONG after resume");
    }
  }

  @Test
  void closedPortFailsFastAndKilledInstanceIsRejectedNotQueued() throws Exception {
    try (RedisInstanceClient warmUp = client(new InstanceAddress("127.0.0.1", FreePorts.allocate()));
        RedisInstanceClient c = client(new InstanceAddress("127.0.0.1", FreePorts.allocate()))) {
      warmUp.ping().handle((r, e) -> e).join(); // first use of Lettuce loads classes and starts threads
      long start = System.nanoTime();
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.ping()));
      assertTrue(RedisInstanceClient.isNoReply(e.getCause()), String.valueOf(e.getCause()));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
      assertFalse(c.isConnected());
    }
    try (RedisProcess redis = RedisProcess.start(); RedisInstanceClient c = client(redis.address())) {
      assertTrue(get(c.ping()).valid());
      redis.kill();
      Poll.until(WAIT, () -> !c.isConnected(), "disconnect noticed");
      ExecutionException e = assertThrows(ExecutionException.class, () -> get(c.ping()));
      assertTrue(RedisInstanceClient.isNoReply(e.getCause()), e.getCause().toString());
      redis.restart();
      Poll.until(WAIT, () -> c.ping().handle((r, x) -> r != null && r.valid()).join(), "reconnected");
    }
  }

  @Test
  void cutLinkFailsPingsAndRestoredLinkReconnects() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        TcpProxy proxy = TcpProxy.start("127.0.0.1", redis.port());
        RedisInstanceClient c = client(new InstanceAddress("127.0.0.1", proxy.port()))) {
      assertTrue(get(c.ping()).valid());
      proxy.cut();
      Poll.until(WAIT, () -> !c.isConnected(), "cut noticed");
      // Reconnects land in the black hole, their handshake waiting up to the handshake budget: every
      // ping is rejected within the command time-out meanwhile, none is queued.
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        assertThrows(ExecutionException.class, () -> get(c.ping()));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs < TIMEOUT.toMillis() + 400, "ping took " + tookMs + " ms");
      }
      proxy.restore();
      Poll.until(WAIT, () -> c.ping().handle((r, x) -> r != null && r.valid()).join(), "PONG after restore");
      proxy.close();
      proxy.close();
    }
  }

  @Test
  void masterDownIsAValidPingReply() throws Exception {
    InstanceAddress nowhere = new InstanceAddress("127.0.0.1", FreePorts.allocate());
    try (RedisProcess replica = RedisProcess.builder().replicaOf(nowhere).config("replica-serve-stale-data no")
        .start(); RedisInstanceClient c = client(replica.address())) {
      PingReply reply = get(c.ping());
      assertEquals(PingReply.Kind.MASTERDOWN, reply.kind());
      assertTrue(reply.valid());
    }
  }

  @Test
  void classifiesErrorReplies() {
    assertEquals(PingReply.Kind.LOADING, PingReply.ofError("LOADING Redis is loading the dataset in memory").kind());
    assertEquals(PingReply.Kind.MASTERDOWN, PingReply.ofError("MASTERDOWN Link with MASTER is down").kind());
    PingReply busy = PingReply.ofError("BUSY Redis is busy running a script");
    assertEquals(PingReply.Kind.OTHER_ERROR, busy.kind());
    assertFalse(busy.valid());
    assertFalse(PingReply.ofError(null).valid());
  }

  @Test
  void authenticatesWithRequirepass() throws Exception {
    try (RedisProcess redis = RedisProcess.builder().password("s3cret").start();
        RedisInstanceClient good = client(redis.address(), "", "s3cret");
        RedisInstanceClient wrong = client(redis.address(), "", "nope")) {
      assertTrue(get(good.ping()).valid());
      assertTrue(redis.cli("CLIENT", "LIST").contains("raft-sentinel-"));
      CompletableFuture<PingReply> refused = wrong.ping();
      Throwable failure = assertThrows(ExecutionException.class, () -> get(refused)).getCause();
      assertFalse(failure instanceof TimeoutException, "a refused AUTH fails, it does not hang: " + failure);
    }
  }

  @Test
  void authenticatesWithAnAclUser() throws Exception {
    try (RedisProcess redis = RedisProcess.builder().config("user sentinel-user on >pw ~* &* +@all").start();
        RedisInstanceClient c = client(redis.address(), "sentinel-user", "pw")) {
      assertTrue(get(c.ping()).valid());
      assertTrue(redis.cli("CLIENT", "LIST").contains("user=sentinel-user"), redis.cli("CLIENT", "LIST"));
    }
  }

  /**
   * The minimal ACL of docs/operations.md: exactly the commands the node sends (HELLO/AUTH and CLIENT
   * SETNAME on connect; PING, INFO, ROLE probes; MULTI, REPLICAOF, CONFIG REWRITE, CLIENT LIST, EXEC, CLIENT
   * KILL for a role change), no keys, no channels.
   */
  static final String MINIMAL_ACL = "user sentinel-node on >pw resetkeys resetchannels -@all +auth +hello +ping +info "
      + "+role +multi +exec +replicaof +config|rewrite +client|setname +client|kill +client|list";
  /** The ACL documented before role changes listed the clients: no {@code CLIENT LIST}. */
  static final String ACL_WITHOUT_CLIENT_LIST = MINIMAL_ACL.replace(" +client|list", "");

  @Test
  void aUserLimitedToTheDocumentedAclCanProbePromoteAndRepoint() throws Exception {
    try (RedisProcess master = RedisProcess.builder().config(MINIMAL_ACL).start();
        RedisProcess other = RedisProcess.start();
        RedisProcess replica = RedisProcess.builder().replicaOf(master.address()).config(MINIMAL_ACL).start();
        RedisInstanceClient m = client(master.address(), "sentinel-node", "pw");
        RedisInstanceClient c = client(replica.address(), "sentinel-node", "pw")) {
      // The user really is limited: anything else is refused.
      assertTrue(replica.cli("ACL", "DRYRUN", "sentinel-node", "GET", "k").contains("no permissions"));
      assertTrue(replica.cli("ACL", "DRYRUN", "sentinel-node", "FLUSHALL").contains("no permissions"));

      assertTrue(get(m.ping()).valid());
      assertTrue(get(m.info()).contains("run_id:"));
      assertTrue(get(m.role()).isMaster());
      assertTrue(get(c.ping()).valid());
      assertEquals("slave", get(c.role()).role());
      assertTrue(replica.cli("CLIENT", "LIST").contains("user=sentinel-node"));

      RoleChangeResult promoted = get(c.promote());
      assertEquals("OK", promoted.replicaOfReply());
      assertTrue(promoted.configRewritten(), promoted.configRewriteError());
      assertEquals("master", replica.role());

      RoleChangeResult repointed = get(c.replicaOf("127.0.0.1", other.port()));
      assertEquals("OK", repointed.replicaOfReply());
      assertTrue(repointed.configRewritten(), repointed.configRewriteError());
      Poll.until(WAIT, () -> other.cli("INFO", "replication").contains("port=" + replica.port() + ",state=online"),
          "the replica to follow the other master");
    }
  }

  @Test
  void promoteMakesAReplicaMasterAndKillsItsClients() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess replica = RedisProcess.startReplicaOf(master.address());
        RedisInstanceClient c = client(replica.address());
        Socket normal = rawClient(replica.port(), "PING\r\n");
        Socket pubsub = rawClient(replica.port(), "SUBSCRIBE news\r\n")) {
      assertEquals("slave", replica.role());
      RoleChangeResult result = get(c.promote());
      assertEquals("OK", result.replicaOfReply());
      assertTrue(result.configRewritten(), result.configRewriteError());
      assertTrue(result.killedNormal() >= 1, "killed " + result.killedNormal());
      assertEquals(1, result.killedPubsub());
      assertEquals("master", replica.role());
      assertTrue(get(c.role()).isMaster());
      assertTrue(closedByServer(normal), "normal client killed");
      assertTrue(closedByServer(pubsub), "pubsub client killed");
      String config = Files.readString(replica.dir().resolve("redis.conf"));
      assertFalse(config.contains("replicaof"), "CONFIG REWRITE persisted the promotion:\n" + config);
    }
  }

  /**
   * The other nodes' probe connections (named {@code raft-sentinel-…}) survive a promotion: a probe that
   * had to reconnect under load could outlast down-after and report the new master down.
   */
  @Test
  void promoteSparesTheNodesConnectionsAndKillsEveryOtherClient() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess replica = RedisProcess.startReplicaOf(master.address());
        RedisInstanceClient c = client(replica.address());
        RedisInstanceClient otherNode = new RedisInstanceClient(resources, new RedisEndpoint(replica.address(), "",
            "", RedisEndpoint.clientNameFor("n2-zyxwvuts"), TIMEOUT));
        Socket normal = rawClient(replica.port(), "PING\r\n");
        Socket pubsub = rawClient(replica.port(), "SUBSCRIBE news\r\n")) {
      // The first connect may outlast one call's budget on a loaded host.
      Poll.until(WAIT, () -> otherNode.ping().handle((r, e) -> e == null && r.valid()).join(),
          "the other node's probe to connect");
      // Its admin connection opens right after the probe connection.
      Poll.until(WAIT, () -> clientIds(replica, "raft-sentinel-n2-zyxwv").size() == 2,
          "the other node's probe and admin connections");
      var probeBefore = clientIds(replica, "raft-sentinel-n2-zyxwv");
      RoleChangeResult result = get(c.promote());
      assertEquals("master", result.roleAfter().role());
      assertEquals(1, result.killedNormal(), "only the raw normal client");
      assertEquals(1, result.killedPubsub());
      assertTrue(closedByServer(normal), "normal client killed");
      assertTrue(closedByServer(pubsub), "pubsub client killed");
      assertTrue(otherNode.isConnected(), "the other node's probe connection is still open");
      assertTrue(get(otherNode.ping()).valid());
      assertEquals(probeBefore, clientIds(replica, "raft-sentinel-n2-zyxwv"), "the same connections, not new ones");

      RoleChangeResult demoted = get(c.replicaOf("127.0.0.1", master.port()));
      assertEquals(0, demoted.killedNormal(), "no other client to kill");
      assertEquals(probeBefore, clientIds(replica, "raft-sentinel-n2-zyxwv"), "spared by a demotion too");
    }
  }

  /** An ACL without {@code +client|list} (documented before) still promotes: Sentinel's kill by type. */
  @Test
  void anAclWithoutClientListStillPromotesKillingByType() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess replica = RedisProcess.builder().replicaOf(master.address()).config(ACL_WITHOUT_CLIENT_LIST)
            .start();
        RedisInstanceClient c = client(replica.address(), "sentinel-node", "pw");
        Socket normal = rawClient(replica.port(), "PING\r\n")) {
      RoleChangeResult result = get(c.promote());
      assertEquals("OK", result.replicaOfReply());
      assertEquals("master", replica.role());
      assertTrue(result.killedNormal() >= 1, "killed " + result.killedNormal());
      assertTrue(closedByServer(normal), "normal client killed");
      assertTrue(get(c.role()).isMaster());
    }
  }

  /** The {@code id}s of the connections named {@code name} (a client's probe and admin connections), from CLIENT LIST. */
  private static java.util.SortedSet<String> clientIds(RedisProcess redis, String name) {
    java.util.SortedSet<String> ids = new java.util.TreeSet<>();
    for (String line : redis.cli("CLIENT", "LIST").split("\n")) {
      if (line.contains(" name=" + name + " ")) {
        ids.add(line.substring(line.indexOf("id=") + 3, line.indexOf(' ')));
      }
    }
    return ids;
  }

  @Test
  void replicaOfRepointsAndToleratesAMissingConfigFile() throws Exception {
    try (RedisProcess first = RedisProcess.start();
        RedisProcess second = RedisProcess.start();
        RedisProcess replica = RedisProcess.builder().replicaOf(first.address()).withoutConfigFile().start();
        RedisInstanceClient c = client(replica.address())) {
      RoleChangeResult result = get(c.replicaOf("127.0.0.1", second.port()));
      assertFalse(result.configRewritten(), "no config file to rewrite");
      assertTrue(result.configRewriteError().contains("config file"), result.configRewriteError());
      Poll.until(WAIT, () -> second.cli("INFO", "replication").contains("port=" + replica.port() + ",state=online"),
          "replica follows the second master");
      RoleReply role = get(c.role());
      assertEquals("slave", role.role());
      assertEquals(second.port(), role.masterPort());
      get(c.promote());
      assertEquals("master", replica.role());
    }
  }

  @Test
  void badArgumentsAndClosedClientsAreClearErrors() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      RedisInstanceClient c = client(redis.address());
      Throwable bad = assertThrows(ExecutionException.class, () -> get(c.replicaOf("bad host", 1))).getCause();
      assertInstanceOf(IllegalArgumentException.class, bad);
      assertInstanceOf(IllegalArgumentException.class,
          assertThrows(ExecutionException.class, () -> get(c.replicaOf("h", 0))).getCause());
      c.close();
      c.close();
      assertInstanceOf(IllegalStateException.class,
          assertThrows(ExecutionException.class, () -> get(c.ping())).getCause());
      assertThrows(IllegalArgumentException.class,
          () -> new RedisEndpoint(redis.address(), "", "", "bad name", TIMEOUT));
      assertTrue(new RedisEndpoint(redis.address(), "u", "secret", "n", TIMEOUT).toString().contains("***"));
      assertFalse(new RedisEndpoint(redis.address(), "u", "secret", "n", TIMEOUT).toString().contains("secret"));
    }
  }

  private static Socket rawClient(int port, String command) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    s.setSoTimeout(5000);
    InputStream in = s.getInputStream();
    if (in.read(new byte[256]) <= 0) {
      throw new IOException("no reply to " + command.strip());
    }
    return s;
  }

  /** Drains anything pending and reports whether the server then closed the connection. */
  private static boolean closedByServer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256];
      while (true) {
        if (in.read(buf) < 0) {
          return true;
        }
      }
    } catch (IOException e) {
      return true; // reset by peer: closed as well
    }
  }
}
