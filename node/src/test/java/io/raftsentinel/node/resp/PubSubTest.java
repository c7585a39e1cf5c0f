package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event channels fed by a real failover sequence applied to the state machine (SPEC §1.5, §1.1). */
class PubSubTest {
  private static final String SWITCH = "mymaster 127.0.0.1 30001 127.0.0.1 30002";
  private RespFixture fixture;

  @BeforeEach
  void start() {
    fixture = new RespFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void switchMasterReachesResp2AndResp3SubscribersAndPatterns() throws Exception {
    try (RawClient exact = fixture.client(); RawClient resp3 = fixture.client(); RawClient all = fixture.client()) {
      assertEquals("*3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n",
          exact.call("SUBSCRIBE", "+switch-master"));
      resp3.call("HELLO", "3");
      assertEquals(">3\r\n$9\r\nsubscribe\r\n$14\r\n+switch-master\r\n:1\r\n",
          resp3.call("SUBSCRIBE", "+switch-master"));
      assertEquals("*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:1\r\n", all.call("PSUBSCRIBE", "*"));

      InMemoryTopology t = fixture.topology;
      t.reportDown("n1", "mymaster", 30001, true);
      t.reportDown("n2", "mymaster", 30001, true);
      t.startFailover("mymaster", 30002, false);
      t.promoted("mymaster");
      t.reconfigured("mymaster", 30003);
      t.ended("mymaster");

      String message = "*3\r\n$7\r\nmessage\r\n$14\r\n+switch-master\r\n$" + SWITCH.length() + "\r\n" + SWITCH + "\r\n";
      assertEquals(message, exact.readRaw());
      assertEquals(">" + message.substring(1), resp3.readRaw());

      List<String> seen = new ArrayList<>();
      while (!seen.contains("+failover-end")) {
        List<?> m = (List<?>) RawClient.parse(all.readRaw());
        assertEquals("pmessage", m.get(0));
        assertEquals("*", m.get(1));
        seen.add((String) m.get(2));
        if (m.get(2).equals("+odown")) {
          assertEquals("master mymaster 127.0.0.1 30001 #quorum 2/2", m.get(3));
        }
      }
      // n2's +sdown is its own observation: only n1's is published here.
      assertEquals(List.of("+sdown", "+odown", "+new-epoch", "+try-failover", "+elected-leader",
          "+failover-state-select-slave", "+selected-slave", "+failover-state-send-slaveof-noone", "+promoted-slave",
          "+failover-state-reconf-slaves", "-odown", "+switch-master", "+slave", "+slave", "+slave-reconf-sent",
          "+slave-reconf-done", "+failover-end"), seen);

      // RESP3 connections may run any command while subscribed.
      assertEquals("+PONG\r\n", resp3.call("PING"));
      assertEquals("$40\r\n" + InMemoryTopology.SELF_RUN_ID + "\r\n", resp3.call("SENTINEL", "myid"));
    }
  }

  @Test
  void resp2SubscribedModeRestrictions() throws Exception {
    try (RawClient c = fixture.client()) {
      assertEquals("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", c.call("UNSUBSCRIBE"));
      c.call("SUBSCRIBE", "+sdown");
      assertEquals("*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n", c.call("PSUBSCRIBE", "*"));
      assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", c.call("PING"));
      assertEquals("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n", c.call("PING", "hi"));
      assertEquals("-ERR Can't execute 'sentinel|myid': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET"
          + " are allowed in this context\r\n", c.call("SENTINEL", "myid"));
      assertEquals("*3\r\n$12\r\npunsubscribe\r\n$1\r\n*\r\n:1\r\n", c.call("PUNSUBSCRIBE"));
      assertEquals("*3\r\n$11\r\nunsubscribe\r\n$6\r\n+sdown\r\n:0\r\n", c.call("UNSUBSCRIBE"));
      assertEquals("+PONG\r\n", c.call("PING"));
    }
  }

  @Test
  void aSubscriberThatDoesNotReadIsDisconnectedWithoutBlockingTheNode() throws Exception {
    try (RawClient slow = fixture.client(); RawClient healthy = fixture.client()) {
      slow.call("SUBSCRIBE", "+big");
      // A reply proves the server registered the connection (its accept runs after the client's connect returns).
      assertEquals("+PONG\r\n", healthy.call("PING"));
      String payload = "x".repeat(1024 * 1024);
      long started = System.nanoTime();
      for (int i = 0; i < 64 && fixture.server.connectionCount() == 2; i++) {
        fixture.topology.emit(new SentinelEvent(i, 0, "", "+big", payload, ""));
      }
      assertTrue(System.nanoTime() - started < 5_000_000_000L, "publishing blocked");
      Poll.until(Duration.ofSeconds(15), () -> fixture.server.connectionCount() == 1,
          "the slow subscriber disconnected");
      assertEquals("+PONG\r\n", healthy.call("PING"));
    }
  }
}
