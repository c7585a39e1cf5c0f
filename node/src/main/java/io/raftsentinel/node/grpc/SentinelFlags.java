package io.raftsentinel.node.grpc;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.List;

/** Sentinel's {@code flags} words, in the order Sentinel prints them (SPEC.md §3, field 5). */
final class SentinelFlags {
  private SentinelFlags() {}

  /** The committed master, with this node's own observation (null when it has none yet). */
  static List<String> master(TopologyState state, MasterRecord m, InstanceObservation obs) {
    List<String> flags = new ArrayList<>();
    if (obs != null && obs.subjectivelyDown()) {
      flags.add("s_down");
    }
    if (state.isOdown(m)) {
      flags.add("o_down");
    }
    flags.add("master");
    if (obs == null || !obs.connected()) {
      flags.add("disconnected");
    }
    FailoverRecord f = m.failover();
    if (f != null) {
      flags.add("failover_in_progress");
      if (f.manual()) {
        flags.add("force_failover");
      }
    }
    return flags;
  }

  static List<String> replica(MasterRecord m, InstanceAddress replica, InstanceObservation obs) {
    List<String> flags = new ArrayList<>();
    if (obs != null && obs.subjectivelyDown()) {
      flags.add("s_down");
    }
    flags.add("slave");
    if (obs == null || !obs.connected()) {
      flags.add("disconnected");
    }
    FailoverRecord f = m.failover();
    if (f != null && replica.equals(f.candidate())) {
      flags.add("promoted");
    }
    if (f != null && f.reconfigured().contains(replica)) {
      flags.add("reconf_done");
    }
    return flags;
  }
}
