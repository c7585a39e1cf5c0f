package io.raftsentinel.node.resp;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.FailoverEnded;
import io.raftsentinel.proto.state.FailoverPromoted;
import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.ReplicaReconfigured;
import io.raftsentinel.proto.state.ReportHealth;
import io.raftsentinel.proto.state.ReportReplicas;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyMachine;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A single-node stand-in for the Raft runtime: commands are applied at once with the real
 * {@link TopologyMachine}, events go to subscribers, observations and Raft status are set by tests.
 */
final class InMemoryTopology implements TopologyQueryService, TopologyWriter {
  static final String SELF = "n1";
  static final String SELF_RUN_ID = "40cb188ce9176e4a0e0626ff52b9903de47d1498";

  private final List<Consumer<SentinelEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Map<InstanceAddress, InstanceObservation> observations = new ConcurrentHashMap<>();
  private volatile TopologyState state = TopologyState.EMPTY;
  private volatile RaftStatus raft = new RaftStatus(SELF, "leader", SELF, 1, 0, 0, List.of(
      new RaftStatus.Peer(SELF, "127.0.0.1:9871", "leader", 0, true),
      new RaftStatus.Peer("n2", "127.0.0.1:9872", "follower", 120, true),
      new RaftStatus.Peer("n3", "127.0.0.1:9873", "follower", 80, true)));
  private volatile boolean ready = true;
  private volatile boolean quorumLost;
  private long index;
  private long timeMs = 1_000_000;

  /** Applies a command as {@code proposer}; returns the machine's result (events already published). */
  synchronized ApplyResult apply(String proposer, Command.Builder command) {
    timeMs += 10;
    Command c = command.clone().setProposer(proposer).setTimestampMs(timeMs).build();
    ApplyResult r = TopologyMachine.apply(state, c, ++index);
    state = r.state();
    raft = new RaftStatus(raft.nodeId(), raft.role(), raft.leaderId(), raft.term(), index, index, raft.peers());
    for (SentinelEvent e : r.events()) {
      for (Consumer<SentinelEvent> l : listeners) {
        l.accept(e);
      }
    }
    return r;
  }

  ApplyResult applyOk(String proposer, Command.Builder command) {
    ApplyResult r = apply(proposer, command);
    if (!r.ok()) {
      throw new AssertionError("command rejected: " + r.code() + " " + r.message());
    }
    return r;
  }

  // ---- scenario helpers ----

  static Address addr(String host, int port) {
    return Address.newBuilder().setHost(host).setPort(port).build();
  }

  void announce(String nodeId, int respPort, String runId) {
    applyOk(nodeId, Command.newBuilder().setNodeAnnounce(NodeAnnounce.newBuilder().setNodeId(nodeId)
        .setHost("127.0.0.1").setRespPort(respPort).setGrpcPort(respPort + 1000).setRunId(runId)));
  }

  void monitor(String name, int port, int quorum) {
    applyOk(SELF, Command.newBuilder().setMonitorMaster(MonitorMaster.newBuilder().setName(name)
        .setAddress(addr("127.0.0.1", port)).setQuorum(quorum)));
  }

  void replicas(String master, int... ports) {
    ReportReplicas.Builder b = ReportReplicas.newBuilder().setMaster(master);
    for (int p : ports) {
      b.addReplicas(ReplicaFacts.newBuilder().setAddress(addr("127.0.0.1", p)).setPriority(100).setAnnounced(true)
          .setRunId(""));
    }
    applyOk(SELF, Command.newBuilder().setReportReplicas(b));
  }

  void reportDown(String node, String master, int port, boolean down) {
    applyOk(node, Command.newBuilder().setReportHealth(ReportHealth.newBuilder().addTransitions(
        HealthTransition.newBuilder().setMaster(master).setInstance(addr("127.0.0.1", port)).setDown(down)
            .setSinceMs(down ? timeMs : 0))));
  }

  void startFailover(String master, int candidatePort, boolean manual) {
    applyOk(SELF, Command.newBuilder().setStartFailover(StartFailover.newBuilder().setMaster(master)
        .setEpoch(state.currentEpoch() + 1).setTerm(1).setManual(manual)
        .setCandidate(addr("127.0.0.1", candidatePort)).setCandidatePriority(100)));
  }

  void promoted(String master) {
    long epoch = state.master(master).failover().epoch();
    applyOk(SELF, Command.newBuilder().setFailoverPromoted(FailoverPromoted.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(1)));
  }

  void reconfigured(String master, int port) {
    long epoch = state.master(master).failover().epoch();
    applyOk(SELF, Command.newBuilder().setReplicaReconfigured(ReplicaReconfigured.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(1).setReplica(addr("127.0.0.1", port)).setAcknowledged(true)));
  }

  void ended(String master) {
    long epoch = state.master(master).failover().epoch();
    applyOk(SELF, Command.newBuilder().setFailoverEnded(FailoverEnded.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(1)));
  }

  /** Publishes an event that did not come from a command (to test the fan-out itself). */
  void emit(SentinelEvent e) {
    for (Consumer<SentinelEvent> l : listeners) {
      l.accept(e);
    }
  }

  void observe(InstanceAddress a, InstanceObservation o) {
    observations.put(a, o);
  }

  void ready(boolean r) {
    ready = r;
  }

  void quorumLost(boolean lost) {
    quorumLost = lost;
  }

  void raftStatus(RaftStatus s) {
    raft = s;
  }

  // ---- TopologyQueryService ----

  @Override
  public String nodeId() {
    return SELF;
  }

  @Override
  public String runId() {
    return SELF_RUN_ID;
  }

  @Override
  public TopologyState state() {
    return state;
  }

  @Override
  public CompletableFuture<TopologyState> linearizableState() {
    return CompletableFuture.completedFuture(state);
  }

  @Override
  public RaftStatus raftStatus() {
    return raft;
  }

  @Override
  public InstanceObservation observation(InstanceAddress instance) {
    return observations.get(instance);
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public AutoCloseable subscribe(Consumer<SentinelEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  // ---- TopologyWriter ----

  @Override
  public CompletableFuture<WriteResult> submit(Command.Builder command) {
    if (quorumLost) {
      return CompletableFuture.failedFuture(new NoQuorumException("no leader within 5000 ms", null));
    }
    return CompletableFuture.completedFuture(result(apply(SELF, command)));
  }

  /** Picks the first replica with a non-zero priority, as a stand-in for the leader's selection. */
  @Override
  public CompletableFuture<WriteResult> failover(String master) {
    if (quorumLost) {
      return CompletableFuture.failedFuture(new NoQuorumException("no leader within 5000 ms", null));
    }
    MasterRecord m = state.master(master);
    if (m == null) {
      return done(ResultCode.UNKNOWN_MASTER, "No such master with that name");
    }
    if (m.failoverInProgress()) {
      return done(ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress");
    }
    ReplicaRecord candidate = m.replicas().values().stream().filter(r -> r.priority() > 0).findFirst().orElse(null);
    if (candidate == null) {
      return done(ResultCode.NO_GOOD_SLAVE, "No suitable replica to promote");
    }
    return CompletableFuture.completedFuture(result(apply(SELF, Command.newBuilder().setStartFailover(
        StartFailover.newBuilder().setMaster(master).setEpoch(state.currentEpoch() + 1).setTerm(1).setManual(true)
            .setCandidate(candidate.address().toProto()).setCandidatePriority(candidate.priority())))));
  }

  private CompletableFuture<WriteResult> done(ResultCode code, String message) {
    return CompletableFuture.completedFuture(new WriteResult(code, message, index, state.currentEpoch(), 0));
  }

  private WriteResult result(ApplyResult r) {
    return new WriteResult(r.code(), r.message(), index, r.state().currentEpoch(), r.count());
  }

  @Override
  public CompletableFuture<Long> snapshot() {
    return CompletableFuture.completedFuture(1L);
  }
}
