package io.raftsentinel.node.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftsentinel.node.config.ConfigException;
import io.raftsentinel.node.config.ConfigParser;
import io.raftsentinel.node.config.MonitoredMaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two script directives in the node config. */
class ScriptConfigTest {
  private static final String BASE = """
      raft-id n1
      raft-address 127.0.0.1:9871
      raft-dir /tmp/n1
      sentinel monitor mymaster 127.0.0.1 6379 2
      """;

  @TempDir
  Path dir;

  @Test
  void executableScriptsAreKeptPerMaster() throws Exception {
    Path notify = TestScripts.write(dir, "notify.sh", "exit 0");
    Path reconfig = TestScripts.write(dir, "reconfig.sh", "exit 0");
    MonitoredMaster m = ConfigParser.parse("node.conf", BASE
        + "sentinel notification-script mymaster " + notify + "\n"
        + "sentinel client-reconfig-script mymaster \"" + reconfig + "\"\n").config().masters().get(0);
    assertEquals(notify, m.notificationScript());
    assertEquals(reconfig, m.clientReconfigScript());
  }

  @Test
  void scriptsAreOptional() throws Exception {
    MonitoredMaster m = ConfigParser.parse("node.conf", BASE).config().masters().get(0);
    assertNull(m.notificationScript());
    assertNull(m.clientReconfigScript());
  }

  @Test
  void missingOrNonExecutableScriptStopsStartUpWithTheLine() throws Exception {
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "not a script");
    List<String> errors = assertThrows(ConfigException.class, () -> ConfigParser.parse("node.conf", BASE
        + "sentinel notification-script mymaster " + dir.resolve("missing.sh") + "\n"
        + "sentinel client-reconfig-script mymaster " + plain + "\n"
        + "sentinel notification-script other /bin/true\n")).errors();
    assertEquals(List.of(
        "node.conf:5: sentinel notification-script path must be an existing executable file, got '"
            + dir.resolve("missing.sh") + "'",
        "node.conf:6: sentinel client-reconfig-script path must be an existing executable file, got '" + plain + "'",
        "node.conf:7: no such master 'other' (declare 'sentinel monitor other ...' first)"), errors);
  }
}
