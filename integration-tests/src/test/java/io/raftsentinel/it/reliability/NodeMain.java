package io.raftsentinel.it.reliability;

import io.raftsentinel.node.runtime.NodeLauncher;
import io.raftsentinel.node.runtime.NodeOptions;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The main class of a node process started by {@link NodeProcess}:
 * {@code NodeMain --config FILE [--clock-offset-file FILE] [--raft-segment-bytes N] [--route HOST:PORT=HOST:PORT]...}.
 * {@code --raft-segment-bytes} closes Raft log segments at that size (so that a snapshot can purge them). With a
 * clock offset file the node's wall clock is the system clock plus the offset the test writes to that
 * file ({@link OffsetFileClock}). A route makes the node connect to the second address whenever it
 * would connect to the first (a proxy the test can cut), while the first stays the address it
 * commits and reports.
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) {
    if (args.length < 2 || args.length % 2 != 0 || !args[0].equals("--config")) {
      usage();
    }
    Map<InstanceAddress, InstanceAddress> routes = new HashMap<>();
    NodeOptions options = NodeOptions.DEFAULTS;
    for (int i = 2; i < args.length; i += 2) {
      if (args[i].equals("--raft-segment-bytes")) {
        long bytes = Long.parseLong(args[i + 1]);
        options = options.withTuning(t -> t.withLogSegmentBytes(bytes));
        continue;
      }
      if (args[i].equals("--clock-offset-file")) {
        // Lives as long as the process: no close.
        options = options.withWallClock(OffsetFileClock.start(Path.of(args[i + 1])));
        continue;
      }
      String[] fromTo = args[i + 1].split("=");
      if (!args[i].equals("--route") || fromTo.length != 2) {
        usage();
      }
      routes.put(address(fromTo[0]), address(fromTo[1]));
    }
    options = options.withRoute(a -> routes.getOrDefault(a, a));
    System.exit(NodeLauncher.run(Path.of(args[1]), Map.of(), options));
  }

  /** The {@code --route} arguments that send a node's connections for {@code from} to {@code to}. */
  static java.util.List<String> routeArgs(InstanceAddress from, InstanceAddress to) {
    return java.util.List.of("--route", from.host() + ":" + from.port() + "=" + to.host() + ":" + to.port());
  }

  private static InstanceAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InstanceAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static void usage() {
    System.err.println("usage: NodeMain --config FILE [--clock-offset-file FILE] [--raft-segment-bytes N] [--route HOST:PORT=HOST:PORT]...");
    System.exit(2);
  }
}
