package io.raftsentinel.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.grpc.GrpcTestServer;
import io.raftsentinel.node.grpc.InMemoryTopology;
import io.raftsentinel.node.grpc.Poll;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

  private static void setTimeout(InMemoryTopology t, long v) {
    t.apply(Command.newBuilder().setSetMasterOptions(SetMasterOptions.newBuilder().setName("mymaster")
        .setFailoverTimeoutMs(v)));
  }

  /** What the CLI prints after the time: {@code <index> <type> <message>}. */
  private static List<String> expected(List<SentinelEvent> events) {
    return events.stream().map(e -> e.index() + " " + e.type() + " " + e.message()).toList();
  }

  private static List<String> printed(String out) {
    return out.lines().map(l -> {
      assertTrue(l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\d+ [+-]\\S+ .*"), l);
      return l.substring(24);
    }).toList();
  }

  @Test
  void watchReplaysFromAnIndexAndResumesOnTheNextServerWithoutGapsOrRepeats() throws Exception {
    InMemoryTopology topology = new InMemoryTopology();
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    topology.addReplica("mymaster", "127.0.0.1", 6380, 100);
    long from = topology.lastIndex() - 1;
    try (GrpcTestServer a = new GrpcTestServer(topology); GrpcTestServer b = new GrpcTestServer(topology)) {
      int before = topology.eventsSince(from).events().size();
      int total = before + 2 + 6;
      CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> Cli.run("watch",
          "--server", a.address(), "--server", b.address(), "--from", Long.toString(from),
          "--max-events", Integer.toString(total)));
      Poll.until("watching on a", () -> a.server().watcherCount() == 1);
      setTimeout(topology, 1111);
      a.server().close(); // the stream breaks; the CLI resumes on b
      setTimeout(topology, 2222);
      topology.failover("mymaster").join(); // six events at one index
      Cli.Result r = watch.get(20, TimeUnit.SECONDS);
      assertEquals(0, r.code(), r.err());
      assertEquals(expected(topology.eventsSince(from).events()), printed(r.out()));
      assertTrue(r.err().contains("watch: lost " + a.address()), r.err());
    }
  }

  @Test
  void watchJsonPrintsOneObjectPerLine() throws Exception {
    InMemoryTopology topology = new InMemoryTopology();
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    try (GrpcTestServer a = new GrpcTestServer(topology)) {
      Cli.Result r = Cli.run("watch", "--server", a.address(), "--from", "1", "--max-events", "1", "--json");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("{\"index\":2,"), r.out());
      assertTrue(r.out().contains("\"type\":\"+monitor\""), r.out());
    }
  }

  @Test
  void tooOldStartIsAnErrorNotALoop() {
    InMemoryTopology topology = new InMemoryTopology();
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    topology.truncateHistory(2);
    try (GrpcTestServer a = new GrpcTestServer(topology)) {
      Cli.Result r = Cli.run("watch", "--server", a.address(), "--from", "1");
      assertEquals(1, r.code());
      assertTrue(r.err().startsWith("error: from_index 1 is no longer held; the oldest available index is 2"
          + " (OUT_OF_RANGE from " + a.address() + ")"), r.err());
    }
  }
}
