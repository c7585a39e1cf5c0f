package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of the request loop keep Redis's semantics: replies of one pipelined batch (encoded
 * into one buffer) come back complete and in order, a repeated argument is re-read rather than
 * reused when its bytes differ, and the cached get-master-addr-by-name reply follows the topology.
 */
class PipelineTest {
  private static final String MYMASTER = "*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n";

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
  void aPipelinedBatchIsAnsweredInOrder() throws Exception {
    // Same length, different bytes at the same position: "mymaster" / "nosuchms"; then other spellings.
    List<String[]> requests = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      switch (i % 5) {
        case 0 -> add(requests, expected, MYMASTER, "SENTINEL", "get-master-addr-by-name", "mymaster");
        case 1 -> add(requests, expected, "*-1\r\n", "SENTINEL", "get-master-addr-by-name", "nosuchms");
        case 2 -> add(requests, expected, MYMASTER, "Sentinel", "GET-MASTER-ADDR-BY-NAME", "mymaster");
        case 3 -> add(requests, expected, "+PONG\r\n", "PING");
        default -> add(requests, expected, "$5\r\nhello\r\n", "PING", "hello");
      }
    }
    StringBuilder batch = new StringBuilder();
    for (String[] r : requests) {
      batch.append(RawClient.encode(r));
    }
    client.sendRaw(batch.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), client.readRaw(), "reply " + i);
    }
  }

  @Test
  void theCachedAddressFollowsAFailover() throws Exception {
    assertEquals(MYMASTER, client.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    fixture.topology.startFailover("mymaster", 30002, true);
    assertEquals(MYMASTER, client.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    fixture.topology.promoted("mymaster");
    assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30002\r\n",
        client.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
  }

  @Test
  void resp3GetsTheSameAddressBytes() throws Exception {
    client.call("HELLO", "3");
    assertEquals(MYMASTER, client.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    assertEquals("_\r\n", client.call("SENTINEL", "get-master-addr-by-name", "nosuch"));
  }

  private static void add(List<String[]> requests, List<String> expected, String reply, String... args) {
    requests.add(args);
    expected.add(reply);
  }
}
