package io.raftsentinel.node.runtime;

import io.raftsentinel.node.events.EventHub;
import io.raftsentinel.node.failover.Candidate;
import io.raftsentinel.node.failover.CandidateSource;
import io.raftsentinel.node.query.EventHistory;
import io.raftsentinel.node.query.GroupContact;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.NoQuorumException;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.node.query.ReadPosition;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.CommandReply;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.raftstate.ratis.EventLog;
import io.raftsentinel.raftstate.ratis.TopologyRaftClient;
import io.raftsentinel.raftstate.ratis.TopologyRaftServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.ratis.server.DivisionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This node's read model and write path, over its Raft server and client. */
public final class NodeTopology implements TopologyQueryService, TopologyWriter {
  private static final Logger LOG = LoggerFactory.getLogger(NodeTopology.class);
  private static final int MANUAL_FAILOVER_ATTEMPTS = 3;
  private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(10);

  private final String nodeId;
  private final String runId;
  private final TopologyRaftServer server;
  private final TopologyRaftClient client;
  private final EventHub events;
  private final Function<InstanceAddress, InstanceObservation> observations;
  private final CandidateSource candidates;
  private final LongSupplier logClockMs;
  private final RaftStatusReader statusReader;
  private final ReadBarriers barriers;
  /** Runs the blocking ask for the leader's view of its followers, off the callers' threads. */
  private final Executor statusExecutor;
  /** The ask in flight, shared by every caller meanwhile, so a flood of callers makes one request. */
  private final AtomicReference<CompletableFuture<Map<String, Long>>> contactInFlight = new AtomicReference<>();
  private volatile boolean ready;

  public NodeTopology(String nodeId, String runId, TopologyRaftServer server, TopologyRaftClient client,
      EventHub events, Function<InstanceAddress, InstanceObservation> observations, CandidateSource candidates,
      LongSupplier logClockMs, Executor statusExecutor) {
    this.nodeId = nodeId;
    this.statusExecutor = statusExecutor;
    this.runId = runId;
    this.server = server;
    this.client = client;
    this.events = events;
    this.observations = observations;
    this.candidates = candidates;
    this.logClockMs = logClockMs;
    this.statusReader = new RaftStatusReader(server);
    this.barriers = new ReadBarriers(() -> client.barrier(nodeId));
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public TopologyState state() {
    return server.stateMachine().state();
  }

  @Override
  public CompletableFuture<TopologyState> linearizableState() {
    return barriers.await()
        .handle((index, e) -> {
          if (e != null) {
            throw new NoQuorumException("no linearizable read: " + RaftStatusReader.rootMessage(e), e);
          }
          return state();
        });
  }

  @Override
  public RaftStatus raftStatus() {
    return statusReader.read(nodeId);
  }

  @Override
  public CompletableFuture<Long> snapshot() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return client.snapshot(nodeId, SNAPSHOT_TIMEOUT);
      } catch (IOException e) {
        throw new IllegalStateException("snapshot of " + nodeId + " failed: " + RaftStatusReader.rootMessage(e), e);
      }
    }, statusExecutor);
  }

  @Override
  public CompletableFuture<Map<String, Long>> groupContact() {
    RaftStatus status = raftStatus();
    if (status.role().equals("leader") || !status.leaderKnown()) {
      return CompletableFuture.completedFuture(GroupContact.local(status));
    }
    CompletableFuture<Map<String, Long>> running = contactInFlight.get();
    if (running != null) {
      return running;
    }
    CompletableFuture<Map<String, Long>> ask = new CompletableFuture<>();
    if (!contactInFlight.compareAndSet(null, ask)) {
      return contactInFlight.get();
    }
    try {
      statusExecutor.execute(() -> finish(ask, askLeader(status)));
    } catch (RejectedExecutionException e) { // the node is closing
      finish(ask, GroupContact.local(status));
    }
    return ask;
  }

  private Map<String, Long> askLeader(RaftStatus status) {
    try {
      return GroupContact.withLeaderView(status, client.leaderView(status.leaderId()).repliedSinceElection());
    } catch (IOException | RuntimeException e) {
      LOG.info("Leader {} did not report its followers, answering from this node's view: {}", status.leaderId(),
          RaftStatusReader.rootMessage(e));
      return GroupContact.local(status);
    }
  }

  private void finish(CompletableFuture<Map<String, Long>> ask, Map<String, Long> view) {
    contactInFlight.set(null);
    ask.complete(view);
  }

  @Override
  public ReadPosition readPosition() {
    DivisionInfo info = server.info();
    return new ReadPosition(server.stateMachine().appliedIndex(), info != null && info.getLeaderId() != null);
  }

  @Override
  public InstanceObservation observation(InstanceAddress instance) {
    return observations.apply(instance);
  }

  /**
   * Ready once this node knows a leader and has applied everything committed that it knows of; it
   * stays ready afterwards (its LOCAL answers remain meaningful without a leader).
   */
  @Override
  public boolean ready() {
    if (!ready) {
      RaftStatus s = raftStatus();
      ready = s.leaderKnown() && s.appliedIndex() >= s.commitIndex() && s.commitIndex() > 0;
    }
    return ready;
  }

  @Override
  public AutoCloseable subscribe(Consumer<SentinelEvent> listener) {
    return events.subscribe(listener);
  }

  @Override
  public EventHistory eventsSince(long fromIndex) {
    EventLog log = server.stateMachine().eventLog();
    long first = log.firstAvailableIndex();
    List<SentinelEvent> events = log.since(Math.max(fromIndex, first)).stream()
        .filter(e -> !e.subjective() || e.node().equals(nodeId))
        .toList();
    return new EventHistory(first, events);
  }

  // ---- writes ----

  @Override
  public CompletableFuture<WriteResult> submit(Command.Builder command) {
    command.setProposer(nodeId).setTimestampMs(logClockMs.getAsLong());
    return client.submit(command.build())
        .handle((reply, e) -> {
          if (e != null) {
            throw new NoQuorumException("not committed: " + RaftStatusReader.rootMessage(e), e);
          }
          return toResult(reply);
        });
  }

  @Override
  public CompletableFuture<WriteResult> failover(String master) {
    return failover(master, MANUAL_FAILOVER_ATTEMPTS);
  }

  @Override
  public CompletableFuture<WriteResult> switchover(String master, InstanceAddress to, long timeoutMs) {
    return failover(master, MANUAL_FAILOVER_ATTEMPTS, new Switchover(to, timeoutMs));
  }

  /** A coordinated switchover's options; null for a forced failover. */
  private record Switchover(InstanceAddress to, long timeoutMs) {}

  private CompletableFuture<WriteResult> failover(String master, int attemptsLeft) {
    return failover(master, attemptsLeft, null);
  }

  private CompletableFuture<WriteResult> failover(String master, int attemptsLeft, Switchover switchover) {
    return linearizableState().thenCompose(s -> {
      MasterRecord m = s.master(master);
      if (m == null) {
        return done(ResultCode.UNKNOWN_MASTER, "No such master with that name", s);
      }
      if (m.failover() != null) {
        return done(ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress", s);
      }
      CompletableFuture<Optional<Candidate>> chosen;
      if (switchover != null && switchover.to() != null) {
        ReplicaRecord r = m.replicas().get(switchover.to());
        if (r == null) {
          return done(ResultCode.UNKNOWN_REPLICA, switchover.to().name() + " is not a known replica of " + master, s);
        }
        chosen = CompletableFuture.completedFuture(Optional.of(new Candidate(r.address(), r.runId(), r.priority(), 0)));
      } else {
        chosen = candidates.select(m);
      }
      return chosen.thenCompose(choice -> {
        if (choice.isEmpty()) {
          return done(ResultCode.NO_GOOD_SLAVE, "No suitable replica to promote", s);
        }
        var c = choice.get();
        StartFailover.Builder start = StartFailover.newBuilder().setMaster(master)
            .setEpoch(s.currentEpoch() + 1).setTerm(raftStatus().term()).setManual(true)
            .setCandidate(c.address().toProto()).setCandidatePriority(c.priority()).setCandidateOffset(c.offset())
            .setCandidateRunId(c.runId()).setCandidateLag(c.lag());
        if (switchover != null) {
          start.setCoordinated(true).setSwitchoverTimeoutMs(Math.max(0, switchover.timeoutMs()));
        }
        Command.Builder cmd = Command.newBuilder().setStartFailover(start);
        return submit(cmd).handle((r, e) -> {
          boolean raced = e != null || r.code() == ResultCode.STALE_EPOCH;
          if (raced && attemptsLeft > 1) {
            // Another failover or a term change got in first: decide again on fresh state.
            return failover(master, attemptsLeft - 1, switchover);
          }
          if (e != null) {
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
          }
          return CompletableFuture.completedFuture(r);
        }).thenCompose(f -> f);
      });
    });
  }

  private static CompletableFuture<WriteResult> done(ResultCode code, String message, TopologyState s) {
    return CompletableFuture.completedFuture(new WriteResult(code, message, 0, s.currentEpoch(), 0));
  }

  private static WriteResult toResult(CommandReply r) {
    return new WriteResult(r.getCode(), r.getMessage(), r.getIndex(), r.getCurrentEpoch(), r.getCount());
  }
}
