package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code failover-max-parallel}: how many failovers the leader drives at once. */
class FailoverBoundConfigTest {
  private static final String BASE = """
      raft-id n1
      raft-address 127.0.0.1:9871
      raft-dir /tmp/n1
      """;

  @Test
  void defaultsTo64() throws Exception {
    NodeConfig c = ConfigParser.parse("node.conf", BASE).config();
    assertEquals(64, c.failoverMaxParallel());
    assertTrue(!c.describe().contains("failover-max-parallel"), "the default is not rendered");
  }

  @Test
  void isParsedAndRenderedBack() throws Exception {
    NodeConfig c = ConfigParser.parse("node.conf", BASE + "failover-max-parallel 200\n").config();
    assertEquals(200, c.failoverMaxParallel());
    assertTrue(c.describe().contains("failover-max-parallel 200\n"), c.describe());
    assertEquals(c, ConfigParser.parse("again.conf", c.describe()).config());
    assertEquals(200, c.withRaftId("n9").failoverMaxParallel(), "kept by the with-methods");
  }

  @Test
  void badValuesNameTheLine() {
    List<String> errors = assertThrows(ConfigException.class, () -> ConfigParser.parse("node.conf", BASE
        + "failover-max-parallel 0\n"
        + "failover-max-parallel lots\n"
        + "failover-max-parallel 10001\n"
        + "failover-max-parallel\n")).errors();
    assertEquals(List.of(
        "node.conf:4: failover-max-parallel must be an integer between 1 and 10000, got '0'",
        "node.conf:5: failover-max-parallel must be an integer between 1 and 10000, got 'lots'",
        "node.conf:6: failover-max-parallel must be an integer between 1 and 10000, got '10001'",
        "node.conf:7: failover-max-parallel expects N, got 0 arguments"), errors);
  }

  @Test
  void aConfigBuiltInCodeIsValidatedToo() {
    NodeConfig c = NodeConfig.defaults().withRaftId("n1");
    NodeConfig bad = new NodeConfig(c.raftId(), c.raftAddress(), c.peers(), c.raftDir(), c.electionTimeoutMin(),
        c.electionTimeoutMax(), c.grpcPort(), c.metricsPort(), c.bind(), c.port(), null, null, 0, List.of(),
        c.safeMode(), c.tls(), c.logFormat(), false, 0);
    assertTrue(bad.violations().contains("failover-max-parallel must be an integer between 1 and 10000, got 0"),
        bad.violations().toString());
  }
}
