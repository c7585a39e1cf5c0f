package io.raftsentinel.node.grpc;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.node.query.ReadPosition;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.proto.api.Endpoint;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.proto.api.FailoverHistoryItem;
import io.raftsentinel.proto.api.FailoverState;
import io.raftsentinel.proto.api.GetClusterStatusReply;
import io.raftsentinel.proto.api.MasterState;
import io.raftsentinel.proto.api.NodeInfo;
import io.raftsentinel.proto.api.PeerStatus;
import io.raftsentinel.proto.api.ReadInfo;
import io.raftsentinel.proto.api.ReplicaState;
import io.raftsentinel.raftstate.core.FailoverHistoryEntry;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.NodeRecord;
import io.raftsentinel.raftstate.core.QuorumEvaluator;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.List;

/** Maps the read model (records, observations, Raft status) to the API's messages. One direction only. */
final class ProtoViews {
  private final TopologyQueryService query;

  ProtoViews(TopologyQueryService query) {
    this.query = query;
  }

  static Endpoint endpoint(InstanceAddress a) {
    return Endpoint.newBuilder().setHost(a.host()).setPort(a.port()).build();
  }

  ReadInfo readInfo() {
    ReadPosition p = query.readPosition();
    return ReadInfo.newBuilder().setAppliedIndex(p.appliedIndex()).setLeaderKnown(p.leaderKnown())
        .setNodeId(query.nodeId()).build();
  }

  static FailoverHistoryItem history(String master, FailoverHistoryEntry e) {
    FailoverHistoryItem.Builder b = FailoverHistoryItem.newBuilder()
        .setMaster(master)
        .setEpoch(e.epoch())
        .setLeaderNode(e.leaderNode())
        .setManual(e.manual())
        .setOldMaster(endpoint(e.oldMaster()))
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
      b.setCandidate(endpoint(e.candidate()));
    }
    return b.build();
  }

  MasterState master(TopologyState state, MasterRecord m) {
    MasterState.Builder b = MasterState.newBuilder()
        .setName(m.name())
        .setAddress(endpoint(m.address()))
        .addAllFlags(SentinelFlags.master(state, m, query.observation(m.address())))
        .setConfigEpoch(m.configEpoch())
        .setQuorum(m.quorum())
        .setDownAfterMs(m.settings().downAfterMs())
        .setFailoverTimeoutMs(m.settings().failoverTimeoutMs())
        .setParallelSyncs(m.settings().parallelSyncs())
        .addAllReplicas(replicas(m))
        .setDownReports(QuorumEvaluator.downVotes(m, state.nodes().keySet()))
        .setFailoverPaused(m.failoverPaused())
        .setFailoverPausedGlobally(state.failoverPaused())
        .setPromotionLagPolicy(m.settings().promotionLagPolicy().configName())
        .setMaxPromotionLag(m.settings().maxPromotionLag())
        .setSafeMode(state.safeMode().active());
    if (m.failover() != null) {
      b.setFailover(failover(m.failover()));
    }
    return b.build();
  }

  List<ReplicaState> replicas(MasterRecord m) {
    List<ReplicaState> out = new ArrayList<>(m.replicas().size());
    for (ReplicaRecord r : m.replicas().values()) {
      InstanceObservation obs = query.observation(r.address());
      ReplicaState.Builder b = ReplicaState.newBuilder()
          .setAddress(endpoint(r.address()))
          .setRunId(r.runId().isEmpty() && obs != null ? obs.runId() : r.runId())
          .setPriority(r.priority())
          .addAllFlags(SentinelFlags.replica(m, r.address(), obs))
          .setAnnounced(r.announced());
      if (obs != null) {
        // The monitor's INFO is fresher than the logged priority, which changes only on ReportReplicas.
        b.setPriority(obs.priority()).setOffset(obs.replOffset());
      }
      out.add(b.build());
    }
    return out;
  }

  static FailoverState failover(FailoverRecord f) {
    FailoverState.Builder b = FailoverState.newBuilder()
        .setEpoch(f.epoch())
        .setLeaderNode(f.leaderNode())
        .setStep(f.step().sentinelName())
        .setManual(f.manual())
        .setStartedAtMs(f.startedAtMs());
    if (f.candidate() != null) {
      b.setCandidate(endpoint(f.candidate()));
    }
    f.reconfigured().forEach(a -> b.addReconfigured(endpoint(a)));
    return b.build();
  }

  static NodeInfo node(NodeRecord n) {
    return NodeInfo.newBuilder().setId(n.nodeId()).setHost(n.host()).setRespPort(n.respPort())
        .setGrpcPort(n.grpcPort()).setRunId(n.runId()).build();
  }

  static GetClusterStatusReply clusterStatus(RaftStatus s, io.raftsentinel.raftstate.core.SafeMode safeMode) {
    GetClusterStatusReply.Builder b = GetClusterStatusReply.newBuilder()
        .setSafeModeSinceMs(safeMode.sinceMs())
        .setSafeModeDown(safeMode.down())
        .setSafeModeTotal(safeMode.total())
        .setNodeId(s.nodeId())
        .setLeader(s.leaderId())
        .setTerm(s.term())
        .setCommitIndex(s.commitIndex())
        .setAppliedIndex(s.appliedIndex())
        .setRole(s.role());
    for (RaftStatus.Peer p : s.peers()) {
      b.addPeers(PeerStatus.newBuilder().setId(p.id()).setAddress(p.address()).setRole(p.role())
          .setLastContactMs(p.lastContactMs()).setInConfiguration(p.inConfiguration()));
    }
    return b.build();
  }

  static Event event(SentinelEvent e) {
    return Event.newBuilder().setIndex(e.index()).setTimeMs(e.timeMs()).setMaster(e.master()).setType(e.type())
        .setMessage(e.message()).setNode(e.node()).build();
  }
}
