package io.raftsentinel.node.cli;

import io.raftsentinel.node.cli.SentinelClient.Kind;
import io.raftsentinel.proto.api.AddPeerRequest;
import io.raftsentinel.proto.api.Member;
import io.raftsentinel.proto.api.MembersReply;
import io.raftsentinel.proto.api.RemovePeerRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raft-sentinel members add ID HOST:PORT} / {@code members remove ID}: change the Raft group's
 * voting members, one at a time, through the leader (a committed configuration change).
 */
@Command(name = "members", mixinStandardHelpOptions = true,
    description = "Change the Raft group's voting members (one at a time). See 'status' for the current ones.",
    subcommands = {MembersCommands.Add.class, MembersCommands.Remove.class})
final class MembersCommands implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: add or remove");
  }

  /** One membership change: prints the members after it. */
  abstract static class Change extends ClientCommand {
    @Option(names = "--change-timeout", paramLabel = "DURATION", defaultValue = "30s",
        converter = DurationConverter.class,
        description = "How long the node waits for the change to commit (a new member must catch up first). "
            + "Default: ${DEFAULT-VALUE}.")
    Duration changeTimeout;

    @Override
    Duration requestTimeout() {
      return changeTimeout.plus(options.timeout);
    }

    @Override
    final int run(SentinelClient client, PrintWriter out) {
      MembersReply r = client.call(Kind.WRITE, send()).value();
      if (options.json) {
        printJson(out, r);
        return 0;
      }
      out.println("OK: " + what() + " (" + r.getElapsedMs() + " ms); members now:");
      for (Member m : r.getMembersList()) {
        out.println("  " + m.getId() + " " + m.getAddress());
      }
      out.flush();
      return 0;
    }

    abstract Function<SentinelServiceBlockingStub, MembersReply> send();

    abstract String what();
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a voting member. Start it first with its raft-peer lines and 'raft-join yes'; the call "
          + "returns once it has caught up and the new configuration is committed.")
  static final class Add extends Change {
    @Parameters(index = "0", paramLabel = "ID", description = "The new member's raft-id.")
    String id;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "The new member's raft-address.")
    String address;

    @Override
    Function<SentinelServiceBlockingStub, MembersReply> send() {
      return stub -> stub.addPeer(AddPeerRequest.newBuilder().setId(id).setAddress(address)
          .setTimeoutMs(changeTimeout.toMillis()).build());
    }

    @Override
    String what() {
      return "added " + id;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a voting member; the removed server stops taking part (stop its process afterwards). "
          + "Refused when the members left would have no majority that the leader hears from.")
  static final class Remove extends Change {
    @Parameters(index = "0", paramLabel = "ID", description = "The member's raft-id.")
    String id;

    @Override
    Function<SentinelServiceBlockingStub, MembersReply> send() {
      return stub -> stub.removePeer(RemovePeerRequest.newBuilder().setId(id)
          .setTimeoutMs(changeTimeout.toMillis()).build());
    }

    @Override
    String what() {
      return "removed " + id;
    }
  }
}
