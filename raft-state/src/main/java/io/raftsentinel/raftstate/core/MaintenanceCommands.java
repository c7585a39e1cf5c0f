package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetFailoverPaused;
import io.raftsentinel.proto.state.SetSafeMode;

/** Maintenance mode: the operator pauses and resumes automatic failover, per master or for all. */
final class MaintenanceCommands {
  private MaintenanceCommands() {}

  static ApplyResult setPaused(TopologyState state, SetFailoverPaused cmd, Emitter out) {
    String type = cmd.getPaused() ? "+failover-paused" : "-failover-paused";
    if (cmd.getMaster().isEmpty()) {
      if (state.failoverPaused() == cmd.getPaused()) {
        return TopologyMachine.ok(state, out);
      }
      out.emit("", type, "all");
      return TopologyMachine.ok(state.withFailoverPaused(cmd.getPaused()), out);
    }
    MasterRecord m = state.master(cmd.getMaster());
    if (m == null) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_MASTER, MasterCommands.NO_SUCH_MASTER);
    }
    if (m.failoverPaused() == cmd.getPaused()) {
      return TopologyMachine.ok(state, out);
    }
    out.emit(m.name(), type, EventDetails.master(m.name(), m.address()));
    return TopologyMachine.ok(state.withMaster(m.withFailoverPaused(cmd.getPaused())), out);
  }

  /** Safe mode on or off; repeating the current setting is a no-op (the leader re-asserts it freely). */
  static ApplyResult setSafeMode(TopologyState state, SetSafeMode cmd, Emitter out) {
    if (state.safeMode().active() == cmd.getActive()) {
      return TopologyMachine.ok(state, out);
    }
    if (cmd.getActive() && (cmd.getDown() <= 0 || cmd.getTotal() < cmd.getDown())) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT,
          "safe mode needs 0 < down <= total, got " + cmd.getDown() + "/" + cmd.getTotal());
    }
    if (cmd.getActive()) {
      out.emit("", "+safe-mode", cmd.getDown() + "/" + cmd.getTotal() + " masters down");
      return TopologyMachine.ok(state.withSafeMode(new SafeMode(out.timeMs(), cmd.getDown(), cmd.getTotal(),
          out.timeMs() + Math.max(0, cmd.getHoldMs()))), out);
    }
    out.emit("", "-safe-mode", state.suspectedDownCount() + "/" + state.masters().size() + " masters down");
    return TopologyMachine.ok(state.withSafeMode(SafeMode.OFF), out);
  }
}
