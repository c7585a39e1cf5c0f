package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Byte-exact small replies, after SPEC Appendix A.4 and §1. */
class SmallRepliesTest {
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
  void sentinelQueries() throws Exception {
    assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n",
        client.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    assertEquals("*-1\r\n", client.call("SENTINEL", "get-master-addr-by-name", "nosuch"));
    assertEquals("-ERR No such master with that name\r\n", client.call("SENTINEL", "master", "nosuch"));
    assertEquals("$40\r\n" + InMemoryTopology.SELF_RUN_ID + "\r\n", client.call("SENTINEL", "myid"));
    assertEquals("+OK 3 usable Sentinels. Quorum and failover authorization can be reached\r\n",
        client.call("SENTINEL", "ckquorum", "mymaster"));
    assertEquals("*3\r\n:0\r\n$1\r\n*\r\n:0\r\n",
        client.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "30001", "0", "*"));
    assertEquals("-ERR value is not an integer or out of range\r\n",
        client.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "x", "0", "*"));
    assertEquals("*0\r\n", client.call("SENTINEL", "pending-scripts"));
    assertEquals("*0\r\n", client.call("SENTINEL", "info-cache", "nosuch"));
    assertEquals("*2\r\n$8\r\nsentinel\r\n*1\r\n$8\r\nmymaster\r\n", client.call("ROLE"));
    assertEquals("$0\r\n\r\n", client.call("INFO", "replication"));
  }

  @Test
  void sentinelErrorsAndAdmin() throws Exception {
    assertEquals("*3\r\n$20\r\ncrash-after-election\r\n$21\r\ncrash-after-promotion\r\n"
        + "$24\r\ncrash-after-slave-reconf\r\n",
        client.call("SENTINEL", "simulate-failure", "help"));
    assertEquals("*12\r\n$17\r\nresolve-hostnames\r\n$2\r\nno\r\n$18\r\nannounce-hostnames\r\n$2\r\nno\r\n"
            + "$11\r\nannounce-ip\r\n$0\r\n\r\n$13\r\nannounce-port\r\n$1\r\n0\r\n$13\r\nsentinel-user\r\n$0\r\n\r\n"
            + "$13\r\nsentinel-pass\r\n$0\r\n\r\n",
        client.call("SENTINEL", "config", "get", "*"));
    assertEquals("-ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.\r\n",
        client.call("SENTINEL", "config", "get"));
    assertEquals("-ERR Invalid argument 'foo' to SENTINEL CONFIG SET\r\n",
        client.call("SENTINEL", "config", "set", "foo", "bar"));
    assertEquals("-ERR Invalid value 'abc' to SENTINEL CONFIG SET 'announce-port'\r\n",
        client.call("SENTINEL", "config", "set", "announce-port", "abc"));
    assertEquals("+OK\r\n", client.call("SENTINEL", "config", "set", "announce-port", "26380"));
    assertEquals("*2\r\n$13\r\nannounce-port\r\n$5\r\n26380\r\n",
        client.call("SENTINEL", "config", "get", "ANNOUNCE-P*"));
    assertEquals("-ERR Unknown option or number of arguments for SENTINEL SET 'foo'\r\n",
        client.call("SENTINEL", "set", "mymaster", "foo", "bar"));
    assertEquals("-ERR Invalid argument '0' for SENTINEL SET 'quorum'\r\n",
        client.call("SENTINEL", "set", "mymaster", "quorum", "0"));
    assertEquals("-ERR wrong number of arguments for 'sentinel|set' command\r\n",
        client.call("SENTINEL", "set", "other", "down-after-milliseconds"));
    assertEquals("-ERR Invalid port\r\n", client.call("SENTINEL", "monitor", "x", "127.0.0.1", "abc", "2"));
    assertEquals("-ERR Invalid quorum\r\n", client.call("SENTINEL", "monitor", "x", "127.0.0.1", "1234", "q"));
    assertEquals("-ERR Quorum must be 1 or greater.\r\n",
        client.call("SENTINEL", "monitor", "x", "127.0.0.1", "1234", "0"));
    assertEquals("-ERR Duplicate master name.\r\n",
        client.call("SENTINEL", "monitor", "mymaster", "127.0.0.1", "1234", "2"));
    assertEquals("-ERR Invalid IP address or hostname specified\r\n",
        client.call("SENTINEL", "monitor", "x", "not-a-host", "1234", "2"));
    assertEquals("-ERR Invalid port number.\r\n", client.call("SENTINEL", "monitor", "x", "127.0.0.1", "70000", "2"));
    assertEquals("-ERR unknown subcommand 'foo'. Try SENTINEL HELP.\r\n", client.call("SENTINEL", "foo"));
    assertEquals("-ERR wrong number of arguments for 'sentinel|master' command\r\n",
        client.call("SENTINEL", "master"));
    assertEquals("-ERR wrong number of arguments for 'sentinel' command\r\n", client.call("SENTINEL"));
    assertEquals("-ERR Unknown failure simulation specified\r\n", client.call("SENTINEL", "simulate-failure", "foo"));
    assertEquals("-ERR Invalid argument 'abc' for SENTINEL DEBUG 'ping-period'\r\n",
        client.call("SENTINEL", "debug", "ping-period", "abc"));
    assertEquals("-ERR Unknown option or number of arguments for SENTINEL DEBUG 'foo'\r\n",
        client.call("SENTINEL", "debug", "foo", "1"));
    assertEquals("+OK\r\n", client.call("SENTINEL", "debug", "ping-period", "500"));
    List<?> debug = (List<?>) client.value("SENTINEL", "debug");
    assertEquals(26, debug.size());
    assertEquals(List.of("INFO-PERIOD", "10000", "PING-PERIOD", "500"), debug.subList(0, 4));
    assertEquals("+OK\r\n", client.call("SENTINEL", "flushconfig"));
    assertEquals("-ERR Only HELLO messages are accepted by Sentinel instances.\r\n",
        client.call("PUBLISH", "foo", "bar"));
  }

  @Test
  void simulateFailureSetsTheFlagsTheNodeReads() throws Exception {
    assertEquals("+OK\r\n", client.call("SENTINEL", "simulate-failure", "crash-after-promotion"));
    SimulateFailureFlags flags = fixture.server.simulateFailureFlags();
    assertTrue(flags.crashAfterPromotion());
    assertEquals(false, flags.crashAfterElection());
    assertTrue(client.call("INFO", "sentinel").contains("sentinel_simulate_failure_flags:2\r\n"));
    assertEquals("-ERR wrong number of arguments for 'sentinel|simulate-failure' command\r\n",
        client.call("SENTINEL", "simulate-failure"));
    assertEquals("+OK\r\n", client.call("SENTINEL", "simulate-failure", "crash-after-election"));
    assertEquals(SimulateFailureFlags.CRASH_AFTER_ELECTION, flags.bits());
    assertEquals("+OK\r\n", client.call("SENTINEL", "simulate-failure", "crash-after-slave-reconf"));
    assertTrue(flags.crashAfterSlaveReconf());
    assertTrue(client.call("INFO", "sentinel").contains("sentinel_simulate_failure_flags:4\r\n"));
  }

  @Test
  void genericCommands() throws Exception {
    assertEquals("+PONG\r\n", client.call("PING"));
    assertEquals("$5\r\nhello\r\n", client.call("ping", "hello"));
    assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", client.call("PING", "a", "b"));
    assertEquals("-ERR unknown command 'GET', with args beginning with: 'foo' \r\n", client.call("GET", "foo"));
    assertEquals("-ERR unknown command 'SELECT', with args beginning with: \r\n", client.call("SELECT"));
    assertEquals("-ERR AUTH <password> called without any password configured for the default user. "
        + "Are you sure your configuration is correct?\r\n", client.call("AUTH", "x"));
    assertEquals("-ERR SHUTDOWN is disabled on raft-sentinel's RESP port; stop the node process instead\r\n",
        client.call("SHUTDOWN"));
    assertEquals("-NOPROTO unsupported protocol version\r\n", client.call("HELLO", "4"));
    assertEquals("+OK\r\n", client.call("CLIENT", "SETNAME", "probe"));
    assertEquals("$5\r\nprobe\r\n", client.call("CLIENT", "GETNAME"));
    assertEquals("+OK\r\n", client.call("CLIENT", "SETINFO", "lib-name", "jedis"));
    assertTrue(client.call("CLIENT", "LIST").contains(" name=probe "));
    assertEquals(":15\r\n", client.call("COMMAND", "COUNT"));
    assertTrue(((List<?>) client.value("COMMAND", "LIST")).contains("sentinel|get-master-addr-by-name"));
    assertEquals("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n", client.call("client", "foo"));
    String info = client.call("INFO");
    for (String section : List.of("# Server", "# Clients", "# Stats", "# CPU", "# Sentinel", "# Raft")) {
      assertTrue(info.contains(section + "\r\n"), section);
    }
    assertTrue(info.contains("redis_mode:sentinel\r\n"));
    assertTrue(info.contains("master0:name=mymaster,status=ok,address=127.0.0.1:30001,slaves=2,sentinels=3\r\n"));
    assertTrue(info.contains("raft_id:n1\r\nraft_role:leader\r\nraft_leader:n1\r\n"));
    assertEquals("+OK\r\n", client.call("QUIT"));
    assertTrue(client.closedByServer());
  }

  @Test
  void helloSwitchesToResp3() throws Exception {
    assertEquals("%6\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
        + "$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$8\r\nsentinel\r\n$7\r\nmodules\r\n*0\r\n", client.call("HELLO", "3"));
    assertEquals("_\r\n", client.call("SENTINEL", "get-master-addr-by-name", "nosuch"));
    assertEquals("%1\r\n$13\r\nannounce-port\r\n$1\r\n0\r\n",
        client.call("SENTINEL", "config", "get", "announce-port"));
    assertEquals("*12\r\n", client.call("HELLO", "2").substring(0, 5));
  }

  @Test
  void inlineCommandsAndPipelining() throws Exception {
    client.sendRaw("PING\r\nsentinel get-master-addr-by-name \"mymaster\"\n" + RawClient.encode("PING", "x"));
    assertEquals("+PONG\r\n", client.readRaw());
    assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n", client.readRaw());
    assertEquals("$1\r\nx\r\n", client.readRaw());
  }
}
