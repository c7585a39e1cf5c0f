package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.FailoverHistoryEntrySnapshot;
import io.raftsentinel.proto.state.FailoverSnapshot;
import io.raftsentinel.proto.state.HealthReport;
import io.raftsentinel.proto.state.InstanceHealthSnapshot;
import io.raftsentinel.proto.state.MasterSnapshot;
import io.raftsentinel.proto.state.NodeSnapshot;
import io.raftsentinel.proto.state.ReplicaSnapshot;
import io.raftsentinel.proto.state.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converts the state to and from its snapshot message. Every collection is written in its sorted
 * order, so equal states give byte-identical snapshots.
 */
public final class SnapshotCodec {
  private SnapshotCodec() {}

  public static TopologySnapshot encode(TopologyState state, long appliedTerm, long appliedIndex) {
    TopologySnapshot.Builder b = TopologySnapshot.newBuilder()
        .setCurrentEpoch(state.currentEpoch())
        .setLogTimeMs(state.logTimeMs())
        .setAppliedTerm(appliedTerm)
        .setAppliedIndex(appliedIndex)
        .setFailoverPaused(state.failoverPaused())
        .setSafeModeSinceMs(state.safeMode().sinceMs())
        .setSafeModeDown(state.safeMode().down())
        .setSafeModeTotal(state.safeMode().total())
        .setSafeModeHoldUntilMs(state.safeMode().holdUntilMs());
    for (MasterRecord m : state.masters().values()) {
      b.addMasters(encodeMaster(m));
    }
    for (NodeRecord n : state.nodes().values()) {
      b.addNodes(NodeSnapshot.newBuilder().setNodeId(n.nodeId()).setHost(n.host()).setRespPort(n.respPort())
          .setGrpcPort(n.grpcPort()).setRunId(n.runId()));
    }
    return b.build();
  }

  public static TopologyState decode(TopologySnapshot s) {
    TreeMap<String, MasterRecord> masters = new TreeMap<>();
    for (MasterSnapshot m : s.getMastersList()) {
      masters.put(m.getName(), decodeMaster(m));
    }
    TreeMap<String, NodeRecord> nodes = new TreeMap<>();
    for (NodeSnapshot n : s.getNodesList()) {
      nodes.put(n.getNodeId(), new NodeRecord(n.getNodeId(), n.getHost(), n.getRespPort(), n.getGrpcPort(),
          n.getRunId()));
    }
    return new TopologyState(s.getCurrentEpoch(), s.getLogTimeMs(), masters, nodes, s.getFailoverPaused(),
        s.getSafeModeSinceMs() > 0
            ? new SafeMode(s.getSafeModeSinceMs(), s.getSafeModeDown(), s.getSafeModeTotal(),
                s.getSafeModeHoldUntilMs()) : SafeMode.OFF);
  }

  private static MasterSnapshot encodeMaster(MasterRecord m) {
    MasterSnapshot.Builder b = MasterSnapshot.newBuilder()
        .setName(m.name())
        .setAddress(m.address().toProto())
        .setQuorum(m.quorum())
        .setSettings(m.settings().toProto())
        .setConfigEpoch(m.configEpoch())
        .setLastFailoverStartMs(m.lastFailoverStartMs())
        .setAddedAtMs(m.addedAtMs())
        .setFailoverPaused(m.failoverPaused());
    for (ReplicaRecord r : m.replicas().values()) {
      b.addReplicas(ReplicaSnapshot.newBuilder().setAddress(r.address().toProto()).setRunId(r.runId())
          .setPriority(r.priority()).setAnnounced(r.announced()).setAddedAtMs(r.addedAtMs()));
    }
    for (Map.Entry<InstanceAddress, SortedMap<String, Long>> h : m.downReports().entrySet()) {
      InstanceHealthSnapshot.Builder hb = InstanceHealthSnapshot.newBuilder().setInstance(h.getKey().toProto());
      h.getValue().forEach((node, since) -> hb.addDownReports(HealthReport.newBuilder().setNodeId(node)
          .setSinceMs(since)));
      b.addHealth(hb);
    }
    if (m.failover() != null) {
      FailoverRecord f = m.failover();
      FailoverSnapshot.Builder fb = FailoverSnapshot.newBuilder()
          .setEpoch(f.epoch())
          .setTerm(f.term())
          .setLeaderNode(f.leaderNode())
          .setCandidate(f.candidate().toProto())
          .setOldMaster(f.oldMaster().toProto())
          .setManual(f.manual())
          .setStep(f.step().code())
          .setStartedAtMs(f.startedAtMs())
          .setPromotedAtMs(f.promotedAtMs())
          .setCandidatePriority(f.candidatePriority())
          .setCandidateOffset(f.candidateOffset())
          .setCandidateRunId(f.candidateRunId())
          .setSwitchoverTimeoutMs(f.switchoverTimeoutMs())
          .setCoordinated(f.coordinated())
          .setCandidateLag(f.candidateLag());
      f.reconfigured().forEach(a -> fb.addReconfigured(a.toProto()));
      b.setFailover(fb);
    }
    for (FailoverHistoryEntry e : m.history()) {
      b.addHistory(encodeHistory(e));
    }
    return b.build();
  }

  private static MasterRecord decodeMaster(MasterSnapshot m) {
    TreeMap<InstanceAddress, ReplicaRecord> replicas = new TreeMap<>();
    for (ReplicaSnapshot r : m.getReplicasList()) {
      InstanceAddress a = InstanceAddress.of(r.getAddress());
      replicas.put(a, new ReplicaRecord(a, r.getRunId(), r.getPriority(), r.getAnnounced(), r.getAddedAtMs()));
    }
    TreeMap<InstanceAddress, SortedMap<String, Long>> health = new TreeMap<>();
    for (InstanceHealthSnapshot h : m.getHealthList()) {
      TreeMap<String, Long> reports = new TreeMap<>();
      h.getDownReportsList().forEach(r -> reports.put(r.getNodeId(), r.getSinceMs()));
      health.put(InstanceAddress.of(h.getInstance()), Maps.freeze(reports));
    }
    List<FailoverHistoryEntry> history = new ArrayList<>();
    for (FailoverHistoryEntrySnapshot e : m.getHistoryList()) {
      history.add(new FailoverHistoryEntry(e.getEpoch(), e.getLeaderNode(), e.getManual(),
          InstanceAddress.of(e.getOldMaster()), e.hasCandidate() ? InstanceAddress.of(e.getCandidate()) : null,
          e.getCandidatePriority(), e.getCandidateOffset(), e.getCandidateRunId(), e.getStartedAtMs(),
          e.getPromotedAtMs(), e.getEndedAtMs(), e.getOutcome(), e.getReason(), e.getCoordinated(),
          e.getCandidateLag()));
    }
    FailoverRecord failover = null;
    if (m.hasFailover()) {
      FailoverSnapshot f = m.getFailover();
      TreeSet<InstanceAddress> done = new TreeSet<>();
      f.getReconfiguredList().forEach(a -> done.add(InstanceAddress.of(a)));
      failover = new FailoverRecord(f.getEpoch(), f.getTerm(), f.getLeaderNode(), InstanceAddress.of(f.getCandidate()),
          InstanceAddress.of(f.getOldMaster()), f.getManual(), FailoverStep.ofCode(f.getStep()), f.getStartedAtMs(),
          f.getPromotedAtMs(), done, f.getCandidatePriority(), f.getCandidateOffset(), f.getCandidateRunId(),
          f.getSwitchoverTimeoutMs(), f.getCoordinated(), f.getCandidateLag());
    }
    return new MasterRecord(m.getName(), InstanceAddress.of(m.getAddress()), m.getQuorum(),
        MasterSettings.fromProto(m.getSettings()), m.getConfigEpoch(), replicas, health, failover,
        m.getLastFailoverStartMs(), m.getAddedAtMs(), m.getFailoverPaused(), history);
  }

  private static FailoverHistoryEntrySnapshot encodeHistory(FailoverHistoryEntry e) {
    FailoverHistoryEntrySnapshot.Builder b = FailoverHistoryEntrySnapshot.newBuilder()
        .setEpoch(e.epoch())
        .setLeaderNode(e.leaderNode())
        .setManual(e.manual())
        .setOldMaster(e.oldMaster().toProto())
        .setCandidatePriority(e.candidatePriority())
        .setCandidateOffset(e.candidateOffset())
        .setCandidateRunId(e.candidateRunId())
        .setStartedAtMs(e.startedAtMs())
        .setPromotedAtMs(e.promotedAtMs())
        .setEndedAtMs(e.endedAtMs())
        .setOutcome(e.outcome())
        .setReason(e.reason())
        .setCoordinated(e.coordinated())
        .setCandidateLag(e.candidateLag());
    if (e.candidate() != null) {
      b.setCandidate(e.candidate().toProto());
    }
    return b.build();
  }
}
