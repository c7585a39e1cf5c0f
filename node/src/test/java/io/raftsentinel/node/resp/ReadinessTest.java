package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A node that cannot answer yet closes new connections instead of answering null (SPEC §7.10). */
class ReadinessTest {

  @Test
  void connectionsAreClosedUntilReady() throws Exception {
    try (RespFixture fixture = new RespFixture()) {
      fixture.topology.ready(false);
      try (RawClient early = fixture.client()) {
        early.sendRaw(RawClient.encode("SENTINEL", "get-master-addr-by-name", "mymaster"));
        assertTrue(early.closedByServer());
      }
      fixture.topology.ready(true);
      try (RawClient later = fixture.client()) {
        assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n",
            later.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
      }
    }
  }
}
