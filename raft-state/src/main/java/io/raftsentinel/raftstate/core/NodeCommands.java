package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ResultCode;

/** Group membership as clients see it: how each node is reached. */
final class NodeCommands {
  private NodeCommands() {}

  static ApplyResult announce(TopologyState state, NodeAnnounce cmd, Emitter out) {
    if (cmd.getNodeId().isEmpty() || cmd.getHost().isEmpty()) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "node id and host are required");
    }
    if (!validPort(cmd.getRespPort()) || !validPort(cmd.getGrpcPort())) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "node ports must be within 0..65535");
    }
    if (!Validation.isRunId(cmd.getRunId())) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "run id must be 40 lower-case hex characters");
    }
    NodeRecord node = new NodeRecord(cmd.getNodeId(), cmd.getHost(), cmd.getRespPort(), cmd.getGrpcPort(),
        cmd.getRunId());
    NodeRecord known = state.nodes().get(node.nodeId());
    if (node.equals(known)) {
      return TopologyMachine.ok(state, out);
    }
    TopologyState next = state.withNode(node);
    if (known == null) {
      for (MasterRecord m : state.masters().values()) {
        out.emit(m.name(), "+sentinel", EventDetails.sentinel(node, m.name(), m.address()));
      }
    }
    // A node that joins counts towards quorum from now on.
    for (MasterRecord m : state.masters().values()) {
      TopologyMachine.emitOdownChange(state, next, m.name(), out);
    }
    return TopologyMachine.ok(next, out);
  }

  /** Drops a node removed from the Raft group: its record and every down report it made. */
  static ApplyResult forget(TopologyState state, io.raftsentinel.proto.state.ForgetNode cmd, Emitter out) {
    String id = cmd.getNodeId();
    if (id.isEmpty()) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "node id is required");
    }
    NodeRecord known = state.nodes().get(id);
    if (known == null) {
      return TopologyMachine.ok(state, out);
    }
    TopologyState next = state.withoutNode(id);
    for (MasterRecord m : state.masters().values()) {
      java.util.SortedMap<InstanceAddress, java.util.SortedMap<String, Long>> reports = m.downReports();
      for (InstanceAddress a : m.downReports().keySet()) {
        java.util.SortedMap<String, Long> r = m.reportsFor(a);
        if (r.containsKey(id)) {
          java.util.SortedMap<String, Long> left = Maps.without(r, id);
          reports = left.isEmpty() ? Maps.without(reports, a) : Maps.with(reports, a, left);
        }
      }
      if (reports != m.downReports()) {
        next = next.withMaster(next.master(m.name()).withDownReports(reports));
      }
      out.emit(m.name(), "-sentinel", EventDetails.sentinel(known, m.name(), m.address()));
    }
    for (MasterRecord m : state.masters().values()) {
      TopologyMachine.emitOdownChange(state, next, m.name(), out);
    }
    return TopologyMachine.ok(next, out);
  }

  private static boolean validPort(int port) {
    return port >= 0 && port <= 65535;
  }
}
