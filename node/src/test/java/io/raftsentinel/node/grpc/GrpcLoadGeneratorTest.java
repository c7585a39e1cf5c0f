package io.raftsentinel.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.raftsentinel.node.grpc.bench.GrpcLoadGenerator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The load generator runs end to end (tiny settings) so it does not rot before the lead runs it. */
class GrpcLoadGeneratorTest {

  @Test
  void runsEveryPhaseAgainstARealServerAndCleansUp() {
    InMemoryTopology topology = new InMemoryTopology();
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    try (GrpcTestServer server = new GrpcTestServer(topology)) {
      int code = new CommandLine(new GrpcLoadGenerator()).setCaseInsensitiveEnumValuesAllowed(true).execute(
          "--server", server.address(), "--concurrency", "1,4", "--duration-s", "1", "--warmup-s", "0",
          "--watchers", "5", "--events", "5");
      assertEquals(0, code);
      assertNull(topology.state().master("raft-sentinel-bench"), "the scratch master is removed");
    }
  }
}
