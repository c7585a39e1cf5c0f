package io.raftsentinel.it.reliability;

import io.raftsentinel.node.runtime.NodeLauncher;
import io.raftsentinel.node.runtime.NodeOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * The main class of a node process started by {@link NodeProcess}:
 * {@code NodeMain --config FILE [--clock-offset-file FILE]}. With the second option the node's wall
 * clock is the system clock plus the offset the test writes to that file ({@link OffsetFileClock}).
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) {
    boolean withClock = args.length == 4 && args[2].equals("--clock-offset-file");
    if (!(args.length == 2 || withClock) || !args[0].equals("--config")) {
      System.err.println("usage: NodeMain --config FILE [--clock-offset-file FILE]");
      System.exit(2);
    }
    NodeOptions options = NodeOptions.DEFAULTS;
    if (withClock) {
      // Lives as long as the process: no close.
      options = options.withWallClock(OffsetFileClock.start(Path.of(args[3])));
    }
    System.exit(NodeLauncher.run(Path.of(args[1]), Map.of(), options));
  }
}
