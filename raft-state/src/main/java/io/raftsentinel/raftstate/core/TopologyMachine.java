package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;

/**
 * The deterministic transition function of the replicated topology.
 *
 * <p>{@link #apply} never throws for any command, well-formed or not: a command that does not apply
 * returns a rejection (result code and reason) and the unchanged state. The same state and command
 * always give the same result.
 */
public final class TopologyMachine {
  private TopologyMachine() {}

  public static ApplyResult apply(TopologyState state, Command command, long index) {
    try {
      return dispatch(state, command, index);
    } catch (RuntimeException e) {
      // A bug must not take the replica down, and every replica hits the same bug the same way, so
      // a deterministic rejection keeps them identical.
      return ApplyResult.rejected(state, ResultCode.MALFORMED, "internal error applying "
          + command.getBodyCase() + ": " + e);
    }
  }

  private static ApplyResult dispatch(TopologyState state, Command command, long index) {
    long logTime = Math.max(state.logTimeMs(), command.getTimestampMs());
    TopologyState timed = state.withLogTime(logTime);
    Emitter out = new Emitter(index, logTime);
    ApplyResult result = switch (command.getBodyCase()) {
      case MONITOR_MASTER -> MasterCommands.monitor(timed, command.getMonitorMaster(), out);
      case REMOVE_MASTER -> MasterCommands.remove(timed, command.getRemoveMaster(), out);
      case SET_MASTER_OPTIONS -> MasterCommands.set(timed, command.getSetMasterOptions(), out);
      case RESET_MASTER -> MasterCommands.reset(timed, command.getResetMaster(), out);
      case REPORT_HEALTH -> HealthCommands.reportHealth(timed, command.getProposer(), command.getReportHealth(), out);
      case REPORT_REPLICAS ->
          HealthCommands.reportReplicas(timed, command.getProposer(), command.getReportReplicas(), out);
      case START_FAILOVER -> FailoverCommands.start(timed, command.getProposer(), command.getStartFailover(), out);
      case START_FAILOVERS ->
          FailoverCommands.startAll(timed, command.getProposer(), command.getStartFailovers(), out);
      case FAILOVER_PROMOTED -> FailoverCommands.promoted(timed, command.getFailoverPromoted(), out);
      case REPLICA_RECONFIGURED -> FailoverCommands.reconfigured(timed, command.getReplicaReconfigured(), out);
      case FAILOVER_ENDED -> FailoverCommands.ended(timed, command.getFailoverEnded(), out);
      case FAILOVER_ABORTED -> FailoverCommands.aborted(timed, command.getFailoverAborted(), out);
      case NODE_ANNOUNCE -> NodeCommands.announce(timed, command.getNodeAnnounce(), out);
      case FORGET_NODE -> NodeCommands.forget(timed, command.getForgetNode(), out);
      case SET_FAILOVER_PAUSED -> MaintenanceCommands.setPaused(timed, command.getSetFailoverPaused(), out);
      case SET_SAFE_MODE -> MaintenanceCommands.setSafeMode(timed, command.getSetSafeMode(), out);
      case BODY_NOT_SET -> ApplyResult.rejected(timed, ResultCode.MALFORMED, "command has no body");
    };
    // A rejected command changes nothing, not even the log clock.
    return result.ok() ? result : ApplyResult.rejected(state, result.code(), result.message());
  }

  static ApplyResult ok(TopologyState state, Emitter out) {
    return new ApplyResult(state, ResultCode.OK, "OK", out.events(), 0);
  }

  static ApplyResult reject(TopologyState state, ResultCode code, String message) {
    return ApplyResult.rejected(state, code, message);
  }

  /** Emits +odown / -odown when the master's objective state differs between two states. */
  static void emitOdownChange(TopologyState before, TopologyState after, String name, Emitter out) {
    MasterRecord b = before.master(name);
    MasterRecord a = after.master(name);
    boolean was = b != null && before.isOdown(b);
    boolean is = a != null && after.isOdown(a);
    if (is && !was) {
      out.emit(name, "+odown", EventDetails.master(name, a.address()) + " #quorum "
          + QuorumEvaluator.downVotes(a, after.nodes().keySet()) + "/" + a.quorum());
    } else if (was && !is) {
      out.emit(name, "-odown", EventDetails.master(name, b.address()));
    }
  }
}
