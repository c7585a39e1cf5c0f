package io.raftsentinel.node.cli;

import io.raftsentinel.node.cli.SentinelClient.Kind;
import io.raftsentinel.proto.api.Endpoint;
import io.raftsentinel.proto.api.FailoverHistoryItem;
import io.raftsentinel.proto.api.FailoverMode;
import io.raftsentinel.proto.api.FailoverRequest;
import io.raftsentinel.proto.api.HistoryReply;
import io.raftsentinel.proto.api.HistoryRequest;
import io.raftsentinel.proto.api.MonitorRequest;
import io.raftsentinel.proto.api.RemoveRequest;
import io.raftsentinel.proto.api.ResetRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc.SentinelServiceBlockingStub;
import io.raftsentinel.proto.api.SetFailoverPausedRequest;
import io.raftsentinel.proto.api.SetRequest;
import io.raftsentinel.proto.api.WriteReply;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The write subcommands: failover, switchover, monitor, remove, set, reset, pause, resume. Each is one committed log entry. */
final class ChangeCommands {
  private ChangeCommands() {}

  /** Sends one write and prints the committed reply. */
  abstract static class Write extends ClientCommand {
    @Override
    final int run(SentinelClient client, PrintWriter out) {
      WriteReply r = client.call(Kind.WRITE, send()).value();
      if (options.json) {
        printJson(out, r);
      } else {
        out.println(describe(r) + " (index " + r.getIndex() + ", epoch " + r.getEpoch() + ")");
        out.flush();
      }
      return 0;
    }

    abstract Function<SentinelServiceBlockingStub, WriteReply> send();

    String describe(WriteReply r) {
      return "OK";
    }
  }

  @Command(name = "failover", mixinStandardHelpOptions = true,
      description = "Force a failover of a master, like SENTINEL FAILOVER (no agreement needed).")
  static final class Failover extends Write {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    Function<SentinelServiceBlockingStub, WriteReply> send() {
      return stub -> stub.failover(FailoverRequest.newBuilder().setName(name).build());
    }

    @Override
    String describe(WriteReply r) {
      return "OK: failover of '" + name + "' started";
    }
  }

  @Command(name = "switchover", mixinStandardHelpOptions = true,
      description = "Planned, zero-loss switchover of a healthy master: writes pause on the master until the "
          + "replica has caught up (Redis FAILOVER TO), then the roles swap; after --timeout it rolls back and "
          + "writes resume on the master. Waits for the outcome. Allowed in maintenance mode.")
  static final class Switchover extends ClientCommand {
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Beyond the write-pause budget: the role swap, the commits and the replicas' reconfiguration. */
    private static final Duration OUTCOME_GRACE = Duration.ofSeconds(30);

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--to", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
        description = "The replica to switch to; without it, chosen like a failover's candidate.")
    HostPort to;

    @Option(names = "--no-wait", description = "Return once the switchover is committed, without its outcome.")
    boolean noWait;

    /** --timeout (from the client options) is the longest write pause here; default 5s. */
    private long pauseMs() {
      return spec.commandLine().getParseResult().hasMatchedOption("--timeout") ? options.timeout.toMillis() : 0;
    }

    @Override
    Duration requestTimeout() {
      return options.timeout.compareTo(MIN_REQUEST_TIMEOUT) < 0 ? MIN_REQUEST_TIMEOUT : options.timeout;
    }

    @Override
    int run(SentinelClient client, PrintWriter out) {
      FailoverRequest.Builder req = FailoverRequest.newBuilder().setName(name)
          .setMode(FailoverMode.FAILOVER_MODE_COORDINATED).setTimeoutMs(pauseMs());
      if (to != null) {
        req.setTo(Endpoint.newBuilder().setHost(to.host()).setPort(to.port()));
      }
      WriteReply r = client.call(Kind.WRITE, stub -> stub.failover(req.build())).value();
      if (noWait) {
        if (options.json) {
          printJson(out, r);
        } else {
          out.println("OK: switchover of '" + name + "' started (index " + r.getIndex() + ", epoch " + r.getEpoch()
              + ")");
          out.flush();
        }
        return 0;
      }
      FailoverHistoryItem done = awaitOutcome(client, r.getEpoch());
      if (options.json) {
        printJson(out, done);
      } else if (done == null) {
        out.println("switchover of '" + name + "' (epoch " + r.getEpoch() + ") has not finished yet; "
            + "see 'raft-sentinel history " + name + "'");
      } else if (FAILOVER_ENDED.equals(done.getOutcome())) {
        out.println("OK: '" + name + "' switched over from " + Render.address(done.getOldMaster()) + " to "
            + Render.address(done.getCandidate()) + " (epoch " + done.getEpoch() + ", "
            + (done.getEndedAtMs() - done.getStartedAtMs()) + " ms)");
      } else {
        out.println("switchover of '" + name + "' aborted: " + done.getReason() + " (epoch " + done.getEpoch()
            + "); " + Render.address(done.getOldMaster()) + " is still the master");
      }
      out.flush();
      return done != null && FAILOVER_ENDED.equals(done.getOutcome()) ? 0 : 1;
    }

    /** Polls the history for the attempt with this epoch; null if it did not finish in time. */
    private FailoverHistoryItem awaitOutcome(SentinelClient client, long epoch) {
      long pause = pauseMs() > 0 ? pauseMs() : 5_000;
      long deadline = System.nanoTime() + Duration.ofMillis(pause).plus(OUTCOME_GRACE).toNanos();
      while (System.nanoTime() - deadline < 0) {
        HistoryReply h = client.call(Kind.READ, stub -> stub.history(HistoryRequest.newBuilder().setName(name)
            .setConsistency(options.consistency.proto).build())).value();
        for (FailoverHistoryItem e : h.getEntriesList()) {
          if (e.getEpoch() == epoch) {
            return e;
          }
        }
        try {
          Thread.sleep(POLL.toMillis()); // a CLI waiting for a remote outcome: nothing to wake it earlier
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return null;
    }
  }

  private static final String FAILOVER_ENDED = "ended";

  @Command(name = "monitor", mixinStandardHelpOptions = true,
      description = "Start monitoring a master, like SENTINEL MONITOR.")
  static final class Monitor extends Write {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "HOST")
    String host;

    @Parameters(index = "2", paramLabel = "PORT")
    int port;

    @Parameters(index = "3", paramLabel = "QUORUM")
    int quorum;

    @Override
    Function<SentinelServiceBlockingStub, WriteReply> send() {
      return stub -> stub.monitor(MonitorRequest.newBuilder().setName(name).setHost(host).setPort(port)
          .setQuorum(quorum).build());
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Stop monitoring a master, like SENTINEL REMOVE.")
  static final class Remove extends Write {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    Function<SentinelServiceBlockingStub, WriteReply> send() {
      return stub -> stub.remove(RemoveRequest.newBuilder().setName(name).build());
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Change a master's option, like SENTINEL SET: down-after-milliseconds, failover-timeout, "
          + "parallel-syncs, quorum, auth-pass, auth-user.")
  static final class Set extends Write {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "OPTION")
    String option;

    @Parameters(index = "2", paramLabel = "VALUE")
    String value;

    @Override
    Function<SentinelServiceBlockingStub, WriteReply> send() {
      return stub -> stub.set(SetRequest.newBuilder().setName(name).setOption(option).setValue(value).build());
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Reset the masters whose names match a glob pattern, like SENTINEL RESET.")
  static final class Reset extends Write {
    @Parameters(index = "0", paramLabel = "PATTERN")
    String pattern;

    @Override
    Function<SentinelServiceBlockingStub, WriteReply> send() {
      return stub -> stub.reset(ResetRequest.newBuilder().setPattern(pattern).build());
    }

    @Override
    String describe(WriteReply r) {
      return r.getCount() + (r.getCount() == 1 ? " master" : " masters") + " reset";
    }
  }

  /** Maintenance mode: one master, or every master when NAME is absent. */
  abstract static class PauseSwitch extends Write {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
        description = "The master; without it, the global switch for every master.")
    String name = "";

    abstract boolean paused();

    @Override
    Function<SentinelServiceBlockingStub, WriteReply> send() {
      return stub -> stub.setFailoverPaused(SetFailoverPausedRequest.newBuilder().setName(name)
          .setPaused(paused()).build());
    }

    @Override
    String describe(WriteReply r) {
      return "OK: automatic failover " + (paused() ? "paused" : "resumed") + " for "
          + (name.isEmpty() ? "all masters" : "'" + name + "'");
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Maintenance mode: no automatic failover of the master (or of any master without NAME) "
          + "starts until resumed. Manual failovers and failovers in progress go on.")
  static final class Pause extends PauseSwitch {
    @Override
    boolean paused() {
      return true;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "End maintenance mode for the master (or the global switch without NAME).")
  static final class Resume extends PauseSwitch {
    @Override
    boolean paused() {
      return false;
    }
  }
}
