package io.raftsentinel.node.grpc;

import io.raftsentinel.node.query.EventHistory;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ReplicaFacts;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A single-node "group" for tests: commands go through the real {@link TopologyMachine#apply} at
 * consecutive log indexes and their events are recorded and published, as the Ratis adapter does,
 * but without Raft. Faults (no quorum) are switched on explicitly.
 */
public final class InMemoryTopology implements TopologyQueryService, TopologyWriter {
  public static final String NODE_ID = "n1";
  private static final String RUN_ID = "0123456789abcdef0123456789abcdef01234567";

  private final List<Consumer<SentinelEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final Map<InstanceAddress, InstanceObservation> observations = new ConcurrentHashMap<>();
  private final List<SentinelEvent> history = new ArrayList<>();
  private TopologyState state = TopologyState.EMPTY;
  private long index;
  private long clockMs = 1_700_000_000_000L;
  private long firstAvailableIndex;
  private volatile Supplier<CompletableFuture<TopologyState>> linearizable;
  private volatile Supplier<CompletableFuture<WriteResult>> writeFault;

  public InMemoryTopology() {
    announce(NODE_ID, 26379, 50051);
  }

  // ---- test controls ----

  /** Applies a command as the log would, returning the verdict. */
  public synchronized ApplyResult apply(Command.Builder command) {
    if (command.getProposer().isEmpty()) {
      command.setProposer(NODE_ID);
    }
    command.setTimestampMs(clockMs += 10);
    index++;
    ApplyResult r = TopologyMachine.apply(state, command.build(), index);
    state = r.state();
    for (SentinelEvent e : r.events()) {
      if (!e.subjective() || e.node().equals(NODE_ID)) {
        history.add(e);
      }
    }
    for (SentinelEvent e : r.events()) {
      if (!e.subjective() || e.node().equals(NODE_ID)) {
        subscribers.forEach(s -> s.accept(e));
      }
    }
    return r;
  }

  public ApplyResult announce(String nodeId, int respPort, int grpcPort) {
    String runId = RUN_ID.substring(0, 39) + (char) ('0' + Math.abs(nodeId.hashCode()) % 10);
    return apply(Command.newBuilder().setNodeAnnounce(NodeAnnounce.newBuilder().setNodeId(nodeId)
        .setHost("127.0.0.1").setRespPort(respPort).setGrpcPort(grpcPort).setRunId(runId)));
  }

  public ApplyResult monitor(String name, String host, int port, int quorum) {
    return apply(Command.newBuilder().setMonitorMaster(MonitorMaster.newBuilder().setName(name)
        .setAddress(address(host, port)).setQuorum(quorum)));
  }

  public ApplyResult addReplica(String master, String host, int port, int priority) {
    return apply(Command.newBuilder().setReportReplicas(ReportReplicas.newBuilder().setMaster(master)
        .addReplicas(ReplicaFacts.newBuilder().setAddress(address(host, port)).setPriority(priority)
            .setRunId("")).build()));
  }

  public ApplyResult reportDown(String nodeId, String master, String host, int port) {
    return apply(Command.newBuilder().setProposer(nodeId).setReportHealth(ReportHealth.newBuilder()
        .addTransitions(HealthTransition.newBuilder().setMaster(master).setInstance(address(host, port))
            .setDown(true).setSinceMs(clockMs))));
  }

  public void observe(String host, int port, InstanceObservation obs) {
    observations.put(new InstanceAddress(host, port), obs);
  }

  /** From now on LINEARIZABLE reads fail as when no quorum answers. */
  public void loseQuorum() {
    linearizable = () -> CompletableFuture.failedFuture(new NoQuorumException("no leader", null));
    writeFault = () -> CompletableFuture.failedFuture(new NoQuorumException("not committed", null));
  }

  /** LINEARIZABLE reads and writes hang (never complete). */
  public void hang() {
    linearizable = CompletableFuture::new;
    writeFault = CompletableFuture::new;
  }

  /** Forgets history before {@code index}, as a snapshot or the bounded event log would. */
  public synchronized void truncateHistory(long index) {
    firstAvailableIndex = index;
    history.removeIf(e -> e.index() < index);
  }

  public synchronized long lastIndex() {
    return index;
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  static Address address(String host, int port) {
    return Address.newBuilder().setHost(host).setPort(port).build();
  }

  // ---- TopologyQueryService ----

  @Override
  public String nodeId() {
    return NODE_ID;
  }

  @Override
  public String runId() {
    return RUN_ID;
  }

  @Override
  public synchronized TopologyState state() {
    return state;
  }

  @Override
  public CompletableFuture<TopologyState> linearizableState() {
    Supplier<CompletableFuture<TopologyState>> fault = linearizable;
    return fault != null ? fault.get() : CompletableFuture.completedFuture(state());
  }

  @Override
  public synchronized RaftStatus raftStatus() {
    return new RaftStatus(NODE_ID, "leader", NODE_ID, 3, index, index, List.of(
        new RaftStatus.Peer(NODE_ID, "127.0.0.1:9871", "leader", 0, true),
        new RaftStatus.Peer("n2", "127.0.0.1:9872", "follower", 12, true)));
  }

  @Override
  public InstanceObservation observation(InstanceAddress instance) {
    return observations.get(instance);
  }

  @Override
  public boolean ready() {
    return true;
  }

  @Override
  public AutoCloseable subscribe(Consumer<SentinelEvent> listener) {
    subscribers.add(listener);
    return () -> subscribers.remove(listener);
  }

  @Override
  public synchronized EventHistory eventsSince(long fromIndex) {
    return new EventHistory(firstAvailableIndex,
        history.stream().filter(e -> e.index() >= fromIndex).toList());
  }

  // ---- TopologyWriter ----

  @Override
  public synchronized CompletableFuture<WriteResult> submit(Command.Builder command) {
    Supplier<CompletableFuture<WriteResult>> fault = writeFault;
    if (fault != null) {
      return fault.get();
    }
    ApplyResult r = apply(command);
    return CompletableFuture.completedFuture(result(r));
  }

  @Override
  public CompletableFuture<WriteResult> failover(String master) {
    Supplier<CompletableFuture<WriteResult>> fault = writeFault;
    if (fault != null) {
      return fault.get();
    }
    synchronized (this) {
      MasterRecord m = state.master(master);
      if (m == null) {
        return done(ResultCode.UNKNOWN_MASTER, "No such master with that name");
      }
      if (m.failover() != null) {
        return done(ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress");
      }
      ReplicaRecord candidate = m.replicas().values().stream().filter(r -> r.priority() > 0).findFirst().orElse(null);
      if (candidate == null) {
        return done(ResultCode.NO_GOOD_SLAVE, "No suitable replica to promote");
      }
      ApplyResult r = apply(Command.newBuilder().setStartFailover(StartFailover.newBuilder().setMaster(master)
          .setEpoch(state.currentEpoch() + 1).setTerm(3).setManual(true)
          .setCandidate(candidate.address().toProto()).setCandidatePriority(candidate.priority())));
      return CompletableFuture.completedFuture(result(r));
    }
  }

  private WriteResult result(ApplyResult r) {
    synchronized (this) {
      return new WriteResult(r.code(), r.message(), index, state.currentEpoch(), r.count());
    }
  }

  private CompletableFuture<WriteResult> done(ResultCode code, String message) {
    return CompletableFuture.completedFuture(new WriteResult(code, message, 0, state.currentEpoch(), 0));
  }
}
