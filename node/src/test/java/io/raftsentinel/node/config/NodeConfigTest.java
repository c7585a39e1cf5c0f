package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  private static NodeConfig example() throws ConfigException {
    return ConfigParser.parse("node.conf", ConfigParserTest.INTERFACES_EXAMPLE).config();
  }

  private static MonitoredMaster master(String name, int quorum) {
    return new MonitoredMaster(name, "10.0.0.1", 6379, quorum, MonitoredMaster.DEFAULT_DOWN_AFTER,
        MonitoredMaster.DEFAULT_FAILOVER_TIMEOUT, 1, null, null, Duration.ofSeconds(1));
  }

  private static NodeConfig valid() {
    return NodeConfig.defaults().withRaftId("n1").withRaftDir(Path.of("/tmp/n1"))
        .withPort(26379);
  }

  @Test
  void validateReturnsAValidConfigAndListsEveryViolationOfAnInvalidOne() throws Exception {
    NodeConfig ok = example();
    assertSame(ok, ok.validate());

    NodeConfig bad = new NodeConfig(null, null, List.of(), null, Duration.ofMillis(500), Duration.ofMillis(400), 0,
        70000, "", 26379, null, null, -1, List.of(master("m", 0), master("m", 1)));
    ConfigException e = assertThrows(ConfigException.class, bad::validate);
    assertEquals(List.of(
        "raft-id is required",
        "raft-address is required",
        "raft-dir is required",
        "bind must not be empty",
        "grpc-port must be between 1 and 65535, got 0",
        "metrics-port must be between 0 and 65535, got 70000",
        "sentinel announce-port must be between 0 and 65535, got -1",
        "raft-election-timeout-min-ms (500) must be less than raft-election-timeout-max-ms (400)",
        "master 'm': quorum must be at least 1, got 0",
        "duplicate master name 'm'"), e.errors());
  }

  @Test
  void validateChecksProgrammaticallyBuiltValuesToo() {
    NodeConfig c = new NodeConfig("n 1", new HostPort("127.0.0.1", 9871),
        List.of(new RaftPeerConfig("n2", new HostPort("127.0.0.1", 0))), Path.of("/x"), Duration.ZERO,
        Duration.ofMillis(10), 50051, 0, "127.0.0.1", 26379, null, null, 0,
        List.of(new MonitoredMaster("m", "h", 1, 1, Duration.ZERO, Duration.ofMillis(-1), 0, null, null,
            Duration.ZERO)));
    assertEquals(List.of(
        "raft-id must be 1 to 64 characters from A-Z a-z 0-9 . _ -, got 'n 1'",
        "raft-peer n2 port must be between 1 and 65535, got 0",
        "raft-election-timeout-min-ms must be at least 1, got 0",
        "master 'm': down-after-milliseconds must be a positive duration, got 0 ms",
        "master 'm': failover-timeout must be a positive duration, got -1 ms",
        "master 'm': ping period must be a positive duration, got 0 ms",
        "master 'm': parallel-syncs must be at least 1, got 0"), c.violations());
  }

  @Test
  void metricsPortZeroIsOffAndNeverClashes() {
    NodeConfig c = valid().withMetricsPort(0);
    assertEquals(List.of("raft-address is required"), c.violations());
  }

  @Test
  void secretsAreRedactedInToStringAndDescribe() throws Exception {
    NodeConfig c = example();
    for (String text : List.of(c.toString(), c.describe(), c.masters().get(0).toString())) {
      assertFalse(text.contains("s3cret"), text);
      assertFalse(text.contains("node-secret"), text);
      assertTrue(text.contains("******"), text);
    }
    assertTrue(c.describe().contains("requirepass ******\n"));
    assertTrue(c.describe().contains("sentinel auth-pass mymaster ******\n"));
    assertTrue(c.describe().contains("sentinel auth-user mymaster sentinel-user\n"), "user names are not secret");
  }

  @Test
  void describeIsTheEffectiveConfigInFileSyntax() throws Exception {
    assertEquals("""
        raft-id n1
        raft-address 127.0.0.1:9871
        raft-peer n2 127.0.0.1:9872
        raft-peer n3 127.0.0.1:9873
        raft-dir /var/lib/raft-sentinel/n1
        raft-election-timeout-min-ms 300
        raft-election-timeout-max-ms 600
        grpc-port 50051
        metrics-port 9121
        port 26379
        bind 127.0.0.1
        requirepass ******
        sentinel announce-ip 127.0.0.1
        sentinel announce-port 0
        sentinel monitor mymaster 127.0.0.1 6379 2
        sentinel down-after-milliseconds mymaster 5000
        sentinel failover-timeout mymaster 60000
        sentinel parallel-syncs mymaster 1
        sentinel auth-user mymaster sentinel-user
        sentinel auth-pass mymaster ******
        """, example().describe());
  }

  @Test
  void describeParsesBackToTheSameConfigWhenThereAreNoSecrets() throws Exception {
    String text = """
        raft-id n1
        raft-address [::1]:9871
        raft-peer n2 "[::1]:9872"
        raft-dir "/tmp/dir with \\"quotes\\" and #hash"
        raft-election-timeout-min-ms 150
        raft-election-timeout-max-ms 450
        sentinel ping-period-ms 700
        sentinel monitor m.1 host-1 6379 2
        sentinel auth-user m.1 "user name"
        sentinel monitor m2 10.0.0.2 6380 1
        """;
    NodeConfig c = ConfigParser.parse("a.conf", text).config();
    assertEquals(c, ConfigParser.parse("b.conf", c.describe()).config());
  }
}
