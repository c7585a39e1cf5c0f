package io.raftsentinel.it.reliability;

import io.raftsentinel.node.runtime.NodeLauncher;
import java.nio.file.Path;
import java.util.Map;

/** The main class of a node process started by {@link NodeProcess}: {@code NodeMain --config FILE}. */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: NodeMain --config FILE");
      System.exit(2);
    }
    System.exit(NodeLauncher.run(Path.of(args[1]), Map.of()));
  }
}
