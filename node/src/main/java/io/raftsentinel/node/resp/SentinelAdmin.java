package io.raftsentinel.node.resp;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SENTINEL CONFIG / DEBUG / SIMULATE-FAILURE / PENDING-SCRIPTS / FLUSHCONFIG / HELP. */
final class SentinelAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(SentinelAdmin.class);
  private static final String CONFIG_USAGE =
      "ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.";

  private final ServerContext ctx;

  SentinelAdmin(ServerContext ctx) {
    this.ctx = ctx;
  }

  Reply config(ConnectionState c, Request r) {
    String op = r.keyword(2);
    if (op.equals("get") && r.argc() == 4) {
      return ctx.globals().matching(r.arg(3));
    }
    if (op.equals("set") && r.argc() == 5) {
      Reply error = ctx.globals().set(r.arg(3), r.arg(4));
      return error == null ? Reply.OK : error;
    }
    return Reply.error(CONFIG_USAGE);
  }

  /** Values are kept and shown but have no effect yet: the node's timings come from its config. */
  Reply debug(ConnectionState c, Request r) {
    if (r.argc() == 2) {
      return ctx.debug().reply();
    }
    for (int j = 2; j < r.argc(); j += 2) {
      String name = r.arg(j);
      if (!ctx.debug().known(name) || j + 1 >= r.argc()) {
        return Reply.error("ERR Unknown option or number of arguments for SENTINEL DEBUG '" + name + "'");
      }
      Long v = Numbers.parseLong(r.arg(j + 1));
      if (v == null || v <= 0) {
        return Reply.error("ERR Invalid argument '" + r.arg(j + 1) + "' for SENTINEL DEBUG '" + name + "'");
      }
    }
    for (int j = 2; j < r.argc(); j += 2) {
      ctx.debug().set(r.arg(j), Numbers.parseLong(r.arg(j + 1)));
    }
    return Reply.OK;
  }

  /** Flags are reset, then set one by one; an unknown one stops there (as in Sentinel). */
  Reply simulateFailure(ConnectionState c, Request r) {
    int bits = 0;
    ctx.simulateFailure().set(0);
    for (int j = 2; j < r.argc(); j++) {
      switch (r.keyword(j)) {
        case "crash-after-election" -> bits |= SimulateFailureFlags.CRASH_AFTER_ELECTION;
        case "crash-after-promotion" -> bits |= SimulateFailureFlags.CRASH_AFTER_PROMOTION;
        case "crash-after-slave-reconf" -> bits |= SimulateFailureFlags.CRASH_AFTER_SLAVE_RECONF;
        case "help" -> {
          return Reply.bulkArray(
              List.of("crash-after-election", "crash-after-promotion", "crash-after-slave-reconf"));
        }
        default -> {
          return Reply.error("ERR Unknown failure simulation specified");
        }
      }
      ctx.simulateFailure().set(bits);
    }
    if (bits != 0) {
      LOG.warn("Failure simulation armed over RESP: flags={}", bits);
    }
    return Reply.OK;
  }

  /** No scripts ever run: notification and reconfiguration scripts are not supported. */
  Reply pendingScripts(ConnectionState c, Request r) {
    return Reply.EMPTY_ARRAY;
  }

  /** The configuration lives in the Raft log, which is always durable: nothing to flush. */
  /**
   * Sentinel rewrites its config file; here the state lives in the Raft log, and the counterpart is a
   * snapshot of this node's state machine taken now (its log is then purged up to it).
   */
  Reply flushconfig(ConnectionState c, Request r) {
    return new Reply.Deferred(ctx.writer().snapshot().handle((index, e) -> {
      if (e != null) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        LOG.warn("SENTINEL FLUSHCONFIG: {}", cause.getMessage());
        return Reply.error("ERR Failed to save the state: " + cause.getMessage());
      }
      LOG.info("SENTINEL FLUSHCONFIG: snapshot at log index {}", index);
      return Reply.OK;
    }));
  }

  Reply help(ConnectionState c, Request r) {
    return HelpText.reply("SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", List.of(
        "CKQUORUM <master-name>",
        "    Check if the current Sentinel configuration is able to reach the quorum needed",
        "    to failover a master and the majority needed to authorize the failover.",
        "CONFIG SET <param> <value>", "    Set a global Sentinel configuration parameter (this node only).",
        "CONFIG GET <param>", "    Get global Sentinel configuration parameters.",
        "DEBUG [<param> <value> ...]", "    Show or set Sentinel timing parameters (no effect on raft-sentinel).",
        "GET-MASTER-ADDR-BY-NAME <master-name>", "    Return the ip and port number of the master with that name.",
        "FAILOVER <master-name>", "    Manually failover a master node without asking for agreement from other",
        "    Sentinels.",
        "FAILOVER <master-name> COORDINATED [TO <ip> <port>] [TIMEOUT <ms>]",
        "    Planned switchover of a healthy master without losing acknowledged writes: writes",
        "    pause until the replica has caught up (Redis FAILOVER TO), then roles swap; after",
        "    TIMEOUT (default 5000 ms) it rolls back and writes resume on the master.",
        "FLUSHCONFIG", "    Snapshot this node's replicated state to disk now (its Raft log is purged up to it).",
        "INFO-CACHE <master-name>", "    Return last cached INFO output from masters and all their replicas.",
        "IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>",
        "    Check if the master specified by ip:port is down from current Sentinel's",
        "    point of view. Leader votes are never cast: elections are Raft's.",
        "MASTER <master-name>", "    Show the state and info of the specified master.",
        "MASTERS", "    Show a list of monitored masters and their state.",
        "MONITOR <name> <ip> <port> <quorum>", "    Start monitoring a new master with the specified name, ip, port",
        "    and quorum.",
        "MYID", "    Return the ID of the Sentinel instance.",
        "PENDING-SCRIPTS", "    Get pending scripts information.",
        "REMOVE <master-name>", "    Remove master from Sentinel's monitor list.",
        "REPLICAS <master-name>", "    Show a list of replicas for this master and their state.",
        "RESET <pattern>", "    Reset masters for specific master name matching this pattern.",
        "SENTINELS <master-name>", "    Show a list of Sentinel instances for this master and their state.",
        "SET <master-name> <option> <value> [<option> <value> ...]",
        "    Set configuration parameters for certain masters.",
        "SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]",
        "    Simulate a Sentinel crash.",
        "SLAVES <master-name>", "    Alias for REPLICAS."));
  }
}
