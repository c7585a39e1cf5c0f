package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.raftstate.core.PromotionLagPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directives for lag-aware promotion, the pre-promote veto and safe mode. */
class SafetyConfigTest {
  private static final String BASE = """
      raft-id n1
      raft-address 127.0.0.1:9871
      raft-dir /tmp/n1
      sentinel monitor mymaster 127.0.0.1 6379 2
      """;

  @TempDir
  Path dir;

  @Test
  void defaultsAreSentinelsBehaviourAndSafeModeOverHalfOfFour() throws Exception {
    NodeConfig c = ConfigParser.parse("node.conf", BASE).config();
    MonitoredMaster m = c.masters().get(0);
    assertEquals(PromotionLagPolicy.ALLOW, m.promotionLagPolicy());
    assertEquals(0, m.maxPromotionLag());
    assertEquals(null, m.prePromoteScript());
    assertEquals(SafeModeSettings.DEFAULTS, c.safeMode());
    assertFalse(c.safeMode().triggeredBy(3, 3), "fewer than 4 masters never trigger it");
    assertFalse(c.safeMode().triggeredBy(2, 4), "exactly half is not more than half");
    assertTrue(c.safeMode().triggeredBy(3, 4));
  }

  @Test
  void everyDirectiveIsParsedAndRenderedBack() throws Exception {
    Path script = dir.resolve("veto.sh");
    Files.writeString(script, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    NodeConfig c = ConfigParser.parse("node.conf", BASE
        + "sentinel promotion-lag-policy mymaster WAIT\n"
        + "sentinel max-promotion-lag mymaster 1048576\n"
        + "sentinel pre-promote-script mymaster " + script + "\n"
        + "safe-mode-threshold 0.75\n"
        + "safe-mode-min-masters 8\n"
        + "safe-mode-window-ms 30000\n").config();
    MonitoredMaster m = c.masters().get(0);
    assertEquals(PromotionLagPolicy.WAIT, m.promotionLagPolicy());
    assertEquals(1_048_576, m.maxPromotionLag());
    assertEquals(script, m.prePromoteScript());
    assertEquals(new SafeModeSettings(0.75, 8, Duration.ofSeconds(30)), c.safeMode());
    assertEquals(c, ConfigParser.parse("again.conf", c.describe()).config());
  }

  @Test
  void badValuesNameTheLine() {
    List<String> errors = assertThrows(ConfigException.class, () -> ConfigParser.parse("node.conf", BASE
        + "sentinel promotion-lag-policy mymaster sometimes\n"
        + "sentinel max-promotion-lag mymaster -5\n"
        + "safe-mode-threshold 1.5\n"
        + "safe-mode-min-masters 0\n"
        + "sentinel pre-promote-script mymaster " + dir.resolve("missing.sh") + "\n")).errors();
    assertEquals(List.of(
        "node.conf:5: sentinel promotion-lag-policy must be allow, refuse or wait, got 'sometimes'",
        "node.conf:6: sentinel max-promotion-lag must be a number of bytes between 0 and 4611686018427387904, got '-5'",
        "node.conf:7: safe-mode-threshold must be a fraction between 0 and 1 such as 0.5, got '1.5'",
        "node.conf:8: safe-mode-min-masters must be an integer between 1 and 2147483647, got '0'",
        "node.conf:9: sentinel pre-promote-script path must be an existing executable file, got '"
            + dir.resolve("missing.sh") + "'"), errors);
  }

  @Test
  void aThresholdOfOneTurnsSafeModeOff() {
    SafeModeSettings off = new SafeModeSettings(1, 4, Duration.ofSeconds(10));
    assertFalse(off.triggeredBy(100, 100));
  }
}
