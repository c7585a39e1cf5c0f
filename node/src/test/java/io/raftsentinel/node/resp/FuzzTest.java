package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.testing.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated RESP for a few seconds (seeded: the seed is printed, set -Dfuzz.seed to
 * replay); afterwards the server still answers and holds no extra threads or connections.
 */
class FuzzTest {
  private static final List<String> SEEDS = List.of(
      RawClient.encode("SENTINEL", "get-master-addr-by-name", "mymaster"),
      RawClient.encode("SENTINEL", "master", "mymaster"),
      RawClient.encode("SENTINEL", "replicas", "mymaster"),
      RawClient.encode("SENTINEL", "set", "mymaster", "quorum", "2"),
      RawClient.encode("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "30001", "0", "*"),
      RawClient.encode("SUBSCRIBE", "+switch-master"),
      RawClient.encode("PSUBSCRIBE", "*"),
      RawClient.encode("HELLO", "3", "SETNAME", "x"),
      RawClient.encode("CLIENT", "LIST"),
      RawClient.encode("COMMAND", "DOCS"),
      RawClient.encode("INFO"),
      "PING \"a b\" 'c'\r\n",
      "sentinel masters\n");

  @Test
  void survivesGarbage() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("FuzzTest seed=" + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    try (RespFixture fixture = new RespFixture()) {
      int port = fixture.server.port();
      // Start the I/O thread(s) before counting threads.
      try (RawClient a = fixture.client(); RawClient b = fixture.client()) {
        assertEquals("+PONG\r\n", a.call("PING"));
        assertEquals("+PONG\r\n", b.call("PING"));
      }
      Poll.until(Duration.ofSeconds(5), () -> fixture.server.connectionCount() == 0, "every connection closed");
      int threadsBefore = respThreads();

      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int rounds = 0;
      while (System.nanoTime() < deadline) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          OutputStream out = s.getOutputStream();
          for (int k = random.nextInt(4) + 1; k > 0; k--) {
            out.write(payload(random));
          }
          out.flush();
          s.shutdownOutput();
        } catch (IOException e) {
          // The server may close first (protocol error, QUIT): that is an expected outcome here.
        }
        rounds++;
      }
      assertTrue(rounds > 10, "only " + rounds + " rounds");
      // The client opens connections faster than one I/O thread closes them on a loaded machine (5,438
      // still draining after 10 s at load 17): a leak never drains, so a long deadline loses nothing.
      Poll.until(Duration.ofSeconds(60), () -> fixture.server.connectionCount() == 0,
          "every connection closed (" + fixture.server.connectionCount() + " open before the wait)");
      assertEquals(threadsBefore, respThreads());
      try (RawClient c = fixture.client()) {
        assertEquals("+PONG\r\n", c.call("PING"));
        assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n",
            c.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
      }
    }
  }

  private static byte[] payload(Random random) {
    if (random.nextInt(4) == 0) {
      byte[] garbage = new byte[random.nextInt(2048)];
      random.nextBytes(garbage);
      return garbage;
    }
    byte[] b = SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
    int mutations = random.nextInt(4);
    for (int i = 0; i < mutations && b.length > 0; i++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(4)) {
        case 0 -> b[at] = (byte) random.nextInt(256);
        case 1 -> b[at] = (byte) "0123456789-*$\r\n".charAt(random.nextInt(15));
        case 2 -> b = Arrays.copyOf(b, at);
        default -> {
          byte[] longer = new byte[b.length + 1];
          System.arraycopy(b, 0, longer, 0, at);
          longer[at] = (byte) random.nextInt(256);
          System.arraycopy(b, at, longer, at + 1, b.length - at);
          b = longer;
        }
      }
    }
    return b;
  }

  private static int respThreads() {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("resp-")) {
        n++;
      }
    }
    return n;
  }
}
