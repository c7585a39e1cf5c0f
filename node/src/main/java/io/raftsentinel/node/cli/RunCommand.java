package io.raftsentinel.node.cli;

import io.raftsentinel.node.runtime.NodeLauncher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run --config FILE [overrides]}: starts one node; flags override the config's directives. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start a node. Each flag overrides the config directive of the same name.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "sentinel.conf-style config.")
  Path config;

  @Option(names = "--port", paramLabel = "N", description = "RESP (Sentinel protocol) port.")
  Integer port;

  @Option(names = "--raft-id", paramLabel = "ID", description = "This node's raft id.")
  String raftId;

  @Option(names = "--grpc-port", paramLabel = "N", description = "gRPC port.")
  Integer grpcPort;

  @Option(names = "--metrics-port", paramLabel = "N", description = "Prometheus metrics port (0 = off).")
  Integer metricsPort;

  @Option(names = "--raft-dir", paramLabel = "PATH", description = "Raft log and snapshot directory.")
  Path raftDir;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address the client ports listen on.")
  String bind;

  @Override
  public Integer call() {
    return NodeLauncher.run(config, overrides());
  }

  /** The given flags, keyed by their config directive, in a stable order. */
  Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    put(o, "port", port);
    put(o, "raft-id", raftId);
    put(o, "grpc-port", grpcPort);
    put(o, "metrics-port", metricsPort);
    put(o, "raft-dir", raftDir);
    put(o, "bind", bind);
    return o;
  }

  private static void put(Map<String, String> o, String directive, Object value) {
    if (value != null) {
      o.put(directive, value.toString());
    }
  }
}
