package io.raftsentinel.node.runtime;

import java.nio.file.Path;
import java.util.Map;

/** Entry point of {@code raft-sentinel run}: loads the config, starts the node, waits for SIGTERM. */
public final class NodeLauncher {
  private NodeLauncher() {}

  /**
   * Runs a node until the process is asked to stop. Returns the process exit code (non-zero when the
   * configuration is invalid or the node could not start); never calls System.exit itself.
   */
  public static int run(Path configFile, Map<String, String> overrides) {
    throw new UnsupportedOperationException("not wired yet");
  }
}
