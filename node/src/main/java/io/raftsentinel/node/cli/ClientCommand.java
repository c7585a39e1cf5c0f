package io.raftsentinel.node.cli;

import com.google.protobuf.Message;
import io.raftsentinel.node.tls.TlsException;
import io.raftsentinel.node.tls.TlsMaterial;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that talks to the group over gRPC: connection options, output and error handling. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;

  @Spec
  CommandSpec spec;

  @Override
  public final Integer call() {
    try (SentinelClient client = new SentinelClient(options.serversOrDefault(), requestTimeout(), options.password,
        tls())) {
      return run(client, out());
    } catch (CliException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The deadline of each request to a server. */
  java.time.Duration requestTimeout() {
    return options.timeout;
  }

  /** The client's TLS identity when --tls-cert, --tls-key and --tls-ca are given; null for plaintext. */
  private TlsMaterial tls() {
    boolean any = options.tlsCert != null || options.tlsKey != null || options.tlsCa != null;
    if (!any) {
      return null;
    }
    if (options.tlsCert == null || options.tlsKey == null || options.tlsCa == null) {
      throw new CliException("--tls-cert, --tls-key and --tls-ca go together");
    }
    try {
      return TlsMaterial.load("--tls-cert", options.tlsCert, "--tls-key", options.tlsKey, "--tls-ca", options.tlsCa);
    } catch (TlsException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** Does the work and prints the answer; returns the exit code; throws CliException for one-line errors. */
  abstract int run(SentinelClient client, PrintWriter out);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(PrintWriter out, Message reply) {
    printJson(out, ProtoJson.toMap(reply));
  }

  void printJson(PrintWriter out, Map<String, Object> value) {
    out.println(Json.write(value));
    out.flush();
  }
}
