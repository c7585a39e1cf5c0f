package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetFailoverPaused;

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
}
