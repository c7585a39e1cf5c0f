package io.raftsentinel.node.cli;

import io.raftsentinel.proto.api.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every client subcommand takes. */
final class ClientOptions {
  static final String DEFAULT_SERVER = "127.0.0.1:50051";
  static final String PASSWORD_ENV = "RAFT_SENTINEL_PASSWORD";

  /** The read consistency as typed on the command line. */
  enum ReadConsistency {
    LOCAL(Consistency.LOCAL), LINEARIZABLE(Consistency.LINEARIZABLE);

    final Consistency proto;

    ReadConsistency(Consistency proto) {
      this.proto = proto;
    }
  }

  @Option(names = "--server", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "A node's gRPC address; repeat to give fallbacks, tried in order (default "
          + DEFAULT_SERVER + ").")
  List<HostPort> servers = new ArrayList<>();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--consistency", paramLabel = "local|linearizable", defaultValue = "local",
      description = "Reads: LOCAL answers from the node's applied state, LINEARIZABLE after a Raft ReadIndex "
          + "round (default: ${DEFAULT-VALUE}).")
  ReadConsistency consistency;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Deadline per call and per server (e.g. 5s, 500ms; default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:" + PASSWORD_ENV + "}",
      description = "The nodes' requirepass (default: $" + PASSWORD_ENV + ").")
  String password;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM client certificate for nodes that use mutual TLS (with --tls-key and --tls-ca).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM CA certificate(s) the nodes' certificates "
      + "are signed by.")
  Path tlsCa;

  List<HostPort> serversOrDefault() {
    return servers.isEmpty() ? List.of(HostPort.parse(DEFAULT_SERVER)) : List.copyOf(servers);
  }
}
