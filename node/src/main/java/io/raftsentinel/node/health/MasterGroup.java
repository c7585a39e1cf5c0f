package io.raftsentinel.node.health;

import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The monitor's record of one master group; guarded by the monitor's lock. */
final class MasterGroup {
  MonitoredMaster spec;
  /** Replicas seen in the master's INFO; never forgotten while the group is monitored, like Sentinel. */
  final SortedSet<InstanceAddress> discovered = new TreeSet<>();
  List<ReplicaFacts> lastReported = List.of();
  boolean fastInfo;

  MasterGroup(MonitoredMaster spec) {
    this.spec = spec;
  }

  /** Master, known and discovered replicas. */
  SortedSet<InstanceAddress> members() {
    SortedSet<InstanceAddress> all = new TreeSet<>(discovered);
    for (ReplicaFacts f : spec.knownReplicas()) {
      all.add(InstanceAddress.of(f.getAddress()));
    }
    all.add(spec.address());
    return all;
  }
}
