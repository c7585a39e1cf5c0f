package io.raftsentinel.it.reliability;

import io.raftsentinel.node.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code raft-sentinel ARGS --server 127.0.0.1:GRPC} (the real CLI, in this JVM) against one node.
 *
 * @param code exit code
 * @param out standard output
 * @param err standard error
 */
public record MembersCli(int code, String out, String err) {
  public static MembersCli run(NodeProcess via, String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add("127.0.0.1:" + via.grpcPort());
    int code = cl.execute(all.toArray(String[]::new));
    return new MembersCli(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + code + "\nout: " + out + "\nerr: " + err;
  }
}
