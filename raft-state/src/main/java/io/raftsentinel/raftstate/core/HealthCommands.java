package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.ReportHealth;
import io.raftsentinel.proto.state.ReportReplicas;
import io.raftsentinel.proto.state.ResultCode;
import java.util.SortedMap;

/** Observations entering the log: which node sees which instance down, which replicas exist. */
final class HealthCommands {
  private HealthCommands() {}

  static ApplyResult reportHealth(TopologyState state, String node, ReportHealth cmd, Emitter out) {
    if (!state.nodes().containsKey(node)) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_NODE, "health report from unknown node '" + node + "'");
    }
    TopologyState next = state;
    // A batch may name masters removed meanwhile or instances no longer known: those transitions are
    // skipped, the rest apply.
    for (HealthTransition t : cmd.getTransitionsList()) {
      MasterRecord m = next.master(t.getMaster());
      if (m == null || !t.hasInstance()) {
        continue;
      }
      InstanceAddress instance = InstanceAddress.of(t.getInstance());
      if (!instance.equals(m.address()) && !m.replicas().containsKey(instance)) {
        continue;
      }
      SortedMap<String, Long> reports = m.reportsFor(instance);
      boolean reported = reports.containsKey(node);
      if (t.getDown() == reported) {
        continue;
      }
      SortedMap<String, Long> updated = t.getDown()
          ? Maps.with(reports, node, t.getSinceMs())
          : Maps.without(reports, node);
      SortedMap<InstanceAddress, SortedMap<String, Long>> all = updated.isEmpty()
          ? Maps.without(m.downReports(), instance)
          : Maps.with(m.downReports(), instance, updated);
      TopologyState after = next.withMaster(m.withDownReports(all));
      out.emitSubjective(m.name(), t.getDown() ? "+sdown" : "-sdown", EventDetails.instance(m, instance), node);
      if (instance.equals(m.address())) {
        // Only reports on the master itself count towards ODOWN.
        TopologyMachine.emitOdownChange(next, after, m.name(), out);
      }
      next = after;
    }
    return TopologyMachine.ok(next, out);
  }

  static ApplyResult reportReplicas(TopologyState state, String node, ReportReplicas cmd, Emitter out) {
    if (!state.nodes().containsKey(node)) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_NODE,
          "replica report from unknown node '" + node + "'");
    }
    MasterRecord m = state.master(cmd.getMaster());
    if (m == null) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_MASTER, MasterCommands.NO_SUCH_MASTER);
    }
    SortedMap<InstanceAddress, ReplicaRecord> replicas = m.replicas();
    for (ReplicaFacts f : cmd.getReplicasList()) {
      if (!f.hasAddress() || Validation.address(f.getAddress()) != null) {
        continue;
      }
      InstanceAddress a = InstanceAddress.of(f.getAddress());
      if (a.equals(m.address())) {
        continue;
      }
      ReplicaRecord known = replicas.get(a);
      // An empty run id means "not known yet" and never overwrites one we have.
      String runId = f.getRunId().isEmpty() && known != null ? known.runId() : f.getRunId();
      ReplicaRecord fresh = new ReplicaRecord(a, runId, f.getPriority(), f.getAnnounced(),
          known == null ? out.timeMs() : known.addedAtMs());
      if (fresh.equals(known)) {
        continue;
      }
      replicas = Maps.with(replicas, a, fresh);
      if (known == null) {
        out.emit(m.name(), "+slave", EventDetails.replica(a, m.name(), m.address()));
      } else if (!known.runId().isEmpty() && !known.runId().equals(runId)) {
        out.emit(m.name(), "+reboot", EventDetails.replica(a, m.name(), m.address()));
      }
    }
    TopologyState next = replicas == m.replicas() ? state : state.withMaster(m.withReplicas(replicas));
    return TopologyMachine.ok(next, out);
  }
}
