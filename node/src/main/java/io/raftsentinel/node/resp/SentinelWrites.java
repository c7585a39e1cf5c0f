package io.raftsentinel.node.resp;

import io.netty.util.NetUtil;
import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.RemoveMaster;
import io.raftsentinel.proto.state.ResetMaster;
import io.raftsentinel.proto.state.SetFailoverPaused;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SENTINEL FAILOVER / MONITOR / REMOVE / SET / RESET: validated here with Sentinel's error texts,
 * then committed through Raft; the reply is sent once the command is applied. When the group
 * cannot commit in time the reply is {@code -TRYAGAIN no Raft quorum: <reason>} (Sentinel has no
 * such case: its writes are local).
 */
final class SentinelWrites {
  /** Upper bound on waiting for a commit, in case the writer's own deadline never fires. */
  static final long WRITE_TIMEOUT_MS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(SentinelWrites.class);

  private final ServerContext ctx;

  SentinelWrites(ServerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * {@code SENTINEL FAILOVER <name>} as in Sentinel, or (not in Sentinel) {@code SENTINEL FAILOVER <name>
   * COORDINATED [TO <ip> <port>] [TIMEOUT <ms>]}: a zero-loss switchover of a healthy master.
   */
  Reply failover(ConnectionState c, Request r) {
    if (r.argc() > 3 && !r.keyword(3).equals("coordinated")) {
      return Reply.error("ERR wrong number of arguments for 'sentinel|failover' command");
    }
    InstanceAddress to = null;
    long timeoutMs = 0;
    for (int j = 4; j < r.argc(); j++) {
      String opt = r.keyword(j);
      if (opt.equals("to") && j + 2 < r.argc()) {
        Long port = Numbers.parseLong(r.arg(j + 2));
        if (port == null || port < 1 || port > 65535) {
          return Reply.error("ERR Invalid port number.");
        }
        to = new InstanceAddress(r.arg(j + 1), (int) (long) port);
        j += 2;
      } else if (opt.equals("timeout") && j + 1 < r.argc()) {
        Long ms = Numbers.parseLong(r.arg(j + 1));
        if (ms == null || ms <= 0) {
          return Reply.error("ERR Invalid TIMEOUT '" + r.arg(j + 1) + "' (milliseconds, 1 or more)");
        }
        timeoutMs = ms;
        j++;
      } else {
        return Reply.error("ERR syntax error");
      }
    }
    if (ctx.query().state().master(r.arg(2)) == null) {
      return Reply.error(SentinelQueries.NO_SUCH_MASTER);
    }
    if (r.argc() > 3) {
      InstanceAddress target = to;
      long timeout = timeoutMs;
      return deferred(() -> ctx.writer().switchover(r.arg(2), target, timeout),
          res -> res.ok() ? Reply.OK : failure(res));
    }
    return deferred(() -> ctx.writer().failover(r.arg(2)), res -> res.ok() ? Reply.OK : failure(res));
  }

  Reply monitor(ConnectionState c, Request r) {
    String name = r.arg(2);
    String host = r.arg(3);
    Long quorum = Numbers.parseLong(r.arg(5));
    if (quorum == null) {
      return Reply.error("ERR Invalid quorum");
    }
    Long port = Numbers.parseLong(r.arg(4));
    if (port == null) {
      return Reply.error("ERR Invalid port");
    }
    if (quorum <= 0) {
      return Reply.error("ERR Quorum must be 1 or greater.");
    }
    if (!validHost(host)) {
      return Reply.error("ERR Invalid IP address or hostname specified");
    }
    if (port < 0 || port > 65535) {
      return Reply.error("ERR Invalid port number.");
    }
    if (quorum > Integer.MAX_VALUE) {
      return Reply.error("ERR Invalid quorum");
    }
    if (ctx.query().state().master(name) != null) {
      return Reply.error("ERR Duplicate master name.");
    }
    Command.Builder cmd = Command.newBuilder().setMonitorMaster(MonitorMaster.newBuilder()
        .setName(name)
        .setAddress(Address.newBuilder().setHost(host).setPort((int) (long) port))
        .setQuorum((int) (long) quorum));
    return deferred(() -> ctx.writer().submit(cmd), res -> res.ok() ? Reply.OK : failure(res));
  }

  Reply remove(ConnectionState c, Request r) {
    if (ctx.query().state().master(r.arg(2)) == null) {
      return Reply.error(SentinelQueries.NO_SUCH_MASTER);
    }
    Command.Builder cmd = Command.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName(r.arg(2)));
    return deferred(() -> ctx.writer().submit(cmd), res -> res.ok() ? Reply.OK : failure(res));
  }

  /**
   * Options are validated in order with Sentinel's texts; unlike Sentinel a SET is all or nothing
   * (one Raft command). Script paths are always refused (as with {@code deny-scripts-reconfig yes});
   * {@code rename-command} and {@code master-reboot-down-after-period} are not supported.
   * {@code failover-paused yes|no} (maintenance mode, not in Sentinel) is its own log command, so it
   * must be the only option of its SET.
   */
  Reply set(ConnectionState c, Request r) {
    if (ctx.query().state().master(r.arg(2)) == null) {
      return Reply.error(SentinelQueries.NO_SUCH_MASTER);
    }
    SetMasterOptions.Builder set = SetMasterOptions.newBuilder().setName(r.arg(2));
    Boolean paused = null;
    for (int j = 3; j < r.argc(); j++) {
      int more = r.argc() - 1 - j;
      String opt = r.keyword(j);
      String raw = r.arg(j);
      if (more < 1) {
        return unknownOption(raw);
      }
      String value = r.arg(++j);
      switch (opt) {
        case "down-after-milliseconds", "failover-timeout", "parallel-syncs", "quorum" -> {
          Long v = Numbers.parseLong(value);
          boolean intOption = opt.equals("parallel-syncs") || opt.equals("quorum");
          if (v == null || v <= 0 || (intOption && v > Integer.MAX_VALUE)) {
            return Reply.error("ERR Invalid argument '" + value + "' for SENTINEL SET '" + raw + "'");
          }
          switch (opt) {
            case "down-after-milliseconds" -> set.setDownAfterMs(v);
            case "failover-timeout" -> set.setFailoverTimeoutMs(v);
            case "parallel-syncs" -> set.setParallelSyncs((int) (long) v);
            default -> set.setQuorum((int) (long) v);
          }
        }
        case "failover-paused" -> {
          paused = yesNo(value);
          if (paused == null) {
            return Reply.error("ERR Invalid argument '" + value + "' for SENTINEL SET '" + raw + "' (yes or no)");
          }
          if (r.argc() != 5) {
            return Reply.error("ERR SENTINEL SET 'failover-paused' cannot be combined with other options");
          }
        }
        case "promotion-lag-policy" -> {
          if (io.raftsentinel.raftstate.core.PromotionLagPolicy.parse(value) == null) {
            return Reply.error("ERR Invalid argument '" + value + "' for SENTINEL SET '" + raw
                + "' (allow, refuse or wait)");
          }
          set.setPromotionLagPolicy(value);
        }
        case "max-promotion-lag" -> {
          Long v = Numbers.parseLong(value);
          if (v == null || v < 0) {
            return Reply.error("ERR Invalid argument '" + value + "' for SENTINEL SET '" + raw + "'");
          }
          set.setMaxPromotionLag(v);
        }
        case "auth-pass" -> set.setAuthPass(value);
        case "auth-user" -> set.setAuthUser(value);
        case "notification-script", "client-reconfig-script", "pre-promote-script" -> {
          return Reply.error("ERR Reconfiguration of scripts path is denied for security reasons. Check the "
              + "deny-scripts-reconfig configuration directive in your Sentinel configuration");
        }
        default -> {
          return unknownOption(raw);
        }
      }
    }
    Command.Builder cmd = paused == null
        ? Command.newBuilder().setSetMasterOptions(set)
        : Command.newBuilder().setSetFailoverPaused(SetFailoverPaused.newBuilder().setMaster(r.arg(2))
            .setPaused(paused));
    return deferred(() -> ctx.writer().submit(cmd), res -> res.ok() ? Reply.OK : failure(res));
  }

  Reply reset(ConnectionState c, Request r) {
    Command.Builder cmd = Command.newBuilder().setResetMaster(ResetMaster.newBuilder().setPattern(r.arg(2)));
    return deferred(() -> ctx.writer().submit(cmd), res -> res.ok() ? Reply.integer(res.count()) : failure(res));
  }

  private static Boolean yesNo(String value) {
    if (value.equalsIgnoreCase("yes")) {
      return Boolean.TRUE;
    }
    return value.equalsIgnoreCase("no") ? Boolean.FALSE : null;
  }

  private static Reply unknownOption(String option) {
    return Reply.error("ERR Unknown option or number of arguments for SENTINEL SET '" + option + "'");
  }

  private boolean validHost(String host) {
    if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
      return true;
    }
    // Hostnames only with resolve-hostnames yes, as in Sentinel (resolution is the monitor's job).
    return ctx.globals().resolveHostnames() && !host.isEmpty() && host.length() <= 255
        && host.chars().allMatch(ch -> ch > ' ' && ch < 0x7f);
  }

  /** Sentinel's reply for a state-machine rejection. */
  static Reply failure(WriteResult res) {
    return switch (res.code()) {
      case UNKNOWN_MASTER -> Reply.error(SentinelQueries.NO_SUCH_MASTER);
      case FAILOVER_IN_PROGRESS -> Reply.error("INPROG Failover already in progress");
      case NO_GOOD_SLAVE -> Reply.error("NOGOODSLAVE No suitable replica to promote");
      case DUPLICATE_MASTER -> Reply.error("ERR Duplicate master name.");
      default -> Reply.error("ERR " + res.message());
    };
  }

  private interface WriteCall {
    CompletableFuture<WriteResult> start();
  }

  private Reply deferred(WriteCall call, Function<WriteResult, Reply> onResult) {
    CompletableFuture<WriteResult> future;
    try {
      future = call.start();
    } catch (NoQuorumException e) {
      return tryAgain(e);
    }
    CompletableFuture<Reply> reply = future
        .orTimeout(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .handle((res, err) -> err == null ? onResult.apply(res) : fromFailure(err));
    return new Reply.Deferred(reply);
  }

  private static Reply fromFailure(Throwable err) {
    Throwable cause = err;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof NoQuorumException) {
      return tryAgain(cause);
    }
    if (cause instanceof TimeoutException) {
      return Reply.error("TRYAGAIN no Raft quorum: not committed within " + WRITE_TIMEOUT_MS + " ms");
    }
    LOG.warn("SENTINEL write failed", cause);
    return Reply.error("ERR write failed: " + cause);
  }

  private static Reply tryAgain(Throwable e) {
    return Reply.error("TRYAGAIN no Raft quorum: " + e.getMessage());
  }
}
