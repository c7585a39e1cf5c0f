package io.raftsentinel.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  @Test
  void flagsBecomeConfigDirectiveOverrides() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--config", "node.conf", "--port", "26380", "--raft-id", "n2",
        "--grpc-port", "50052", "--metrics-port", "0", "--raft-dir", "/tmp/n2", "--bind", "0.0.0.0");
    assertEquals(Map.of("port", "26380", "raft-id", "n2", "grpc-port", "50052", "metrics-port", "0",
        "raft-dir", "/tmp/n2", "bind", "0.0.0.0"), run.overrides());
    assertEquals("node.conf", run.config.toString());
  }

  @Test
  void onlyGivenFlagsOverride() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--config", "node.conf");
    assertEquals(Map.of(), run.overrides());
  }

  @Test
  void missingConfigOrBadPortIsAUsageError() {
    Cli.Result r = Cli.run("run");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("error: Missing required option: '--config=FILE'"), r.err());
    assertEquals(2, Cli.run("run", "--config", "x.conf", "--port", "high").code());
  }
}
