package io.raftsentinel.node.cli;

import io.raftsentinel.proto.api.Endpoint;
import io.raftsentinel.proto.api.FailoverHistoryItem;
import io.raftsentinel.proto.api.FailoverState;
import io.raftsentinel.proto.api.MasterState;
import io.raftsentinel.proto.api.ReplicaState;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Human-readable views of the API's messages. */
final class Render {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private Render() {}

  static String address(Endpoint e) {
    return e.getHost().indexOf(':') >= 0 ? "[" + e.getHost() + "]:" + e.getPort() : e.getHost() + ":" + e.getPort();
  }

  static String failover(MasterState m) {
    if (!m.hasFailover()) {
      return "-";
    }
    FailoverState f = m.getFailover();
    return f.getStep() + " epoch " + f.getEpoch() + " -> " + address(f.getCandidate());
  }

  /** Maintenance mode: "no", "yes" (this master), or "all" (the global switch). */
  static String paused(MasterState m) {
    return m.getFailoverPausedGlobally() ? "all" : m.getFailoverPaused() ? "yes" : "no";
  }

  static void masters(PrintWriter out, List<MasterState> masters) {
    Table t = new Table("NAME", "ADDRESS", "FLAGS", "EPOCH", "QUORUM", "DOWN", "REPLICAS", "FAILOVER", "PAUSED");
    for (MasterState m : masters) {
      t.row(m.getName(), address(m.getAddress()), String.join(",", m.getFlagsList()), m.getConfigEpoch(),
          m.getQuorum(), m.getDownReports(), m.getReplicasCount(), failover(m), paused(m));
    }
    t.print(out);
  }

  static void master(PrintWriter out, MasterState m) {
    List<String[]> kv = new ArrayList<>();
    kv.add(new String[] {"name", m.getName()});
    kv.add(new String[] {"address", address(m.getAddress())});
    kv.add(new String[] {"flags", String.join(",", m.getFlagsList())});
    kv.add(new String[] {"config-epoch", Long.toString(m.getConfigEpoch())});
    kv.add(new String[] {"quorum", Integer.toString(m.getQuorum())});
    kv.add(new String[] {"down-reports", Integer.toString(m.getDownReports())});
    kv.add(new String[] {"down-after-milliseconds", Long.toString(m.getDownAfterMs())});
    kv.add(new String[] {"failover-timeout", Long.toString(m.getFailoverTimeoutMs())});
    kv.add(new String[] {"parallel-syncs", Integer.toString(m.getParallelSyncs())});
    kv.add(new String[] {"failover-paused", paused(m)});
    if (m.hasFailover()) {
      FailoverState f = m.getFailover();
      kv.add(new String[] {"failover-state", f.getStep()});
      kv.add(new String[] {"failover-epoch", Long.toString(f.getEpoch())});
      kv.add(new String[] {"failover-candidate", address(f.getCandidate())});
      kv.add(new String[] {"failover-leader", f.getLeaderNode()});
      kv.add(new String[] {"failover-manual", Boolean.toString(f.getManual())});
    }
    Table.keyValues(out, kv);
    out.println();
    replicas(out, m.getReplicasList());
  }

  static void replicas(PrintWriter out, List<ReplicaState> replicas) {
    Table t = new Table("ADDRESS", "FLAGS", "PRIORITY", "OFFSET", "RUN-ID");
    for (ReplicaState r : replicas) {
      t.row(address(r.getAddress()), String.join(",", r.getFlagsList()), r.getPriority(), r.getOffset(),
          r.getRunId());
    }
    t.print(out);
  }

  /** One line per finished attempt; TOOK-MS is log time from start to end. */
  static void history(PrintWriter out, List<FailoverHistoryItem> entries) {
    Table t = new Table("MASTER", "EPOCH", "KIND", "STARTED", "OUTCOME", "REASON", "OLD-MASTER", "CANDIDATE",
        "PRIORITY", "OFFSET", "TOOK-MS");
    for (FailoverHistoryItem e : entries) {
      t.row(e.getMaster(), e.getEpoch(), e.getCoordinated() ? "switchover" : e.getManual() ? "manual" : "auto",
          TIME.format(Instant.ofEpochMilli(e.getStartedAtMs())), e.getOutcome(),
          e.getReason().isEmpty() ? "-" : e.getReason(), address(e.getOldMaster()),
          e.hasCandidate() ? address(e.getCandidate()) : "-", e.hasCandidate() ? e.getCandidatePriority() : "-",
          e.hasCandidate() ? e.getCandidateOffset() : "-", e.getEndedAtMs() - e.getStartedAtMs());
    }
    t.print(out);
  }
}
