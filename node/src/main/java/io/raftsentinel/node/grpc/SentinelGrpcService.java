package io.raftsentinel.node.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.api.Consistency;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.proto.api.FailoverRequest;
import io.raftsentinel.proto.api.GetClusterStatusReply;
import io.raftsentinel.proto.api.GetClusterStatusRequest;
import io.raftsentinel.proto.api.GetMasterAddressReply;
import io.raftsentinel.proto.api.GetMasterAddressRequest;
import io.raftsentinel.proto.api.GetMasterReply;
import io.raftsentinel.proto.api.GetMasterRequest;
import io.raftsentinel.proto.api.HistoryReply;
import io.raftsentinel.proto.api.HistoryRequest;
import io.raftsentinel.proto.api.ListMastersReply;
import io.raftsentinel.proto.api.ListMastersRequest;
import io.raftsentinel.proto.api.ListNodesReply;
import io.raftsentinel.proto.api.ListNodesRequest;
import io.raftsentinel.proto.api.ListReplicasReply;
import io.raftsentinel.proto.api.ListReplicasRequest;
import io.raftsentinel.proto.api.MonitorRequest;
import io.raftsentinel.proto.api.ReadInfo;
import io.raftsentinel.proto.api.RemoveRequest;
import io.raftsentinel.proto.api.ResetRequest;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import io.raftsentinel.proto.api.SetFailoverPausedRequest;
import io.raftsentinel.proto.api.SetRequest;
import io.raftsentinel.proto.api.WatchEventsRequest;
import io.raftsentinel.proto.api.WriteReply;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SentinelService}: reads from the read model (LOCAL from this node's applied state,
 * LINEARIZABLE after a Raft ReadIndex round), writes through Raft, and the event stream.
 *
 * <p>Errors: NOT_FOUND (no such master), INVALID_ARGUMENT naming the field, FAILED_PRECONDITION
 * (the state machine refused, e.g. a failover is running), UNAVAILABLE (no quorum, or a LOCAL read on
 * a node still catching up), DEADLINE_EXCEEDED (the caller's deadline passed, or a write's outcome is
 * unknown), OUT_OF_RANGE / RESOURCE_EXHAUSTED for watchers, INTERNAL for bugs. Handlers never
 * block a gRPC thread on Raft: they complete from the futures' callbacks.
 */
public final class SentinelGrpcService extends SentinelServiceGrpc.SentinelServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(SentinelGrpcService.class);

  private final TopologyQueryService query;
  private final TopologyWriter writer;
  private final GrpcSettings settings;
  private final Executor watchExecutor;
  private final GrpcErrors errors;
  private final ProtoViews views;
  private final WriteCommands commands;
  private final Set<EventWatcher> watchers = ConcurrentHashMap.newKeySet();
  private volatile io.raftsentinel.raftstate.ratis.RaftMembership membership;
  private final MembershipCalls members;

  /**
   * @param watchExecutor runs watchers' drains (sending queued events), never the publisher's thread
   */
  public SentinelGrpcService(TopologyQueryService query, TopologyWriter writer, GrpcSettings settings,
      Executor watchExecutor) {
    this.query = query;
    this.writer = writer;
    this.settings = settings;
    this.watchExecutor = watchExecutor;
    this.errors = new GrpcErrors(query.nodeId());
    this.views = new ProtoViews(query);
    this.commands = new WriteCommands(errors);
    this.members = new MembershipCalls(() -> membership, errors, writer);
  }

  /** Enables AddPeer / RemovePeer (UNIMPLEMENTED without it). */
  void membership(io.raftsentinel.raftstate.ratis.RaftMembership m) {
    this.membership = m;
  }

  @Override
  public void addPeer(io.raftsentinel.proto.api.AddPeerRequest req,
      StreamObserver<io.raftsentinel.proto.api.MembersReply> out) {
    guard(out, "AddPeer", () -> {
      out.onNext(members.add(req));
      out.onCompleted();
    });
  }

  @Override
  public void removePeer(io.raftsentinel.proto.api.RemovePeerRequest req,
      StreamObserver<io.raftsentinel.proto.api.MembersReply> out) {
    guard(out, "RemovePeer", () -> {
      out.onNext(members.remove(req));
      out.onCompleted();
    });
  }

  // ---- reads ----

  @Override
  public void getMasterAddress(GetMasterAddressRequest req, StreamObserver<GetMasterAddressReply> out) {
    guard(out, "GetMasterAddress", () -> {
      commands.masterName("name", req.getName());
      read(req.getConsistency(), out, (s, info) -> {
        MasterRecord m = master(s, req.getName());
        return GetMasterAddressReply.newBuilder().setAddress(ProtoViews.endpoint(m.address()))
            .setConfigEpoch(m.configEpoch()).setRead(info).build();
      });
    });
  }

  @Override
  public void getMaster(GetMasterRequest req, StreamObserver<GetMasterReply> out) {
    guard(out, "GetMaster", () -> {
      commands.masterName("name", req.getName());
      read(req.getConsistency(), out, (s, info) ->
          GetMasterReply.newBuilder().setMaster(views.master(s, master(s, req.getName()))).setRead(info).build());
    });
  }

  @Override
  public void listMasters(ListMastersRequest req, StreamObserver<ListMastersReply> out) {
    guard(out, "ListMasters", () -> read(req.getConsistency(), out, (s, info) -> {
      ListMastersReply.Builder b = ListMastersReply.newBuilder().setRead(info);
      s.masters().values().forEach(m -> b.addMasters(views.master(s, m)));
      return b.build();
    }));
  }

  @Override
  public void listReplicas(ListReplicasRequest req, StreamObserver<ListReplicasReply> out) {
    guard(out, "ListReplicas", () -> {
      commands.masterName("name", req.getName());
      read(req.getConsistency(), out, (s, info) -> ListReplicasReply.newBuilder()
          .addAllReplicas(views.replicas(master(s, req.getName()))).setRead(info).build());
    });
  }

  @Override
  public void history(HistoryRequest req, StreamObserver<HistoryReply> out) {
    guard(out, "History", () -> {
      if (!req.getName().isEmpty()) {
        commands.masterName("name", req.getName());
      }
      read(req.getConsistency(), out, (s, info) -> {
        HistoryReply.Builder b = HistoryReply.newBuilder().setRead(info);
        Iterable<MasterRecord> masters = req.getName().isEmpty() ? s.masters().values()
            : List.of(master(s, req.getName()));
        for (MasterRecord m : masters) {
          m.history().forEach(e -> b.addEntries(ProtoViews.history(m.name(), e)));
        }
        return b.build();
      });
    });
  }

  @Override
  public void listNodes(ListNodesRequest req, StreamObserver<ListNodesReply> out) {
    guard(out, "ListNodes", () -> read(req.getConsistency(), out, (s, info) -> {
      ListNodesReply.Builder b = ListNodesReply.newBuilder().setRead(info);
      s.nodes().values().forEach(n -> b.addNodes(ProtoViews.node(n)));
      return b.build();
    }));
  }

  @Override
  public void getClusterStatus(GetClusterStatusRequest req, StreamObserver<GetClusterStatusReply> out) {
    guard(out, "GetClusterStatus", () -> reply(out, ProtoViews.clusterStatus(query.raftStatus(), query.state().safeMode())));
  }

  @Override
  public void watchEvents(WatchEventsRequest req, StreamObserver<Event> out) {
    guard(out, "WatchEvents", () -> {
      if (req.getFromIndex() < 0) {
        throw errors.invalid("from_index", "must be 0 (from now) or a log index, got " + req.getFromIndex());
      }
      EventWatcher[] self = new EventWatcher[1];
      self[0] = new EventWatcher((ServerCallStreamObserver<Event>) out, watchExecutor,
          settings.watchQueueCapacity(), errors, () -> watchers.remove(self[0]));
      watchers.add(self[0]);
      self[0].start(query, req.getFromIndex());
    });
  }

  /** Ends every open watch stream with UNAVAILABLE (the server is stopping). */
  void closeWatchers() {
    watchers.forEach(EventWatcher::shutdown);
  }

  /** Open watch streams, for metrics and tests. */
  public int watcherCount() {
    return watchers.size();
  }

  // ---- writes ----

  @Override
  public void monitor(MonitorRequest req, StreamObserver<WriteReply> out) {
    guard(out, "Monitor", () -> write(out, req.getName(), "Monitor", () -> writer.submit(commands.monitor(req))));
  }

  @Override
  public void remove(RemoveRequest req, StreamObserver<WriteReply> out) {
    guard(out, "Remove", () -> write(out, req.getName(), "Remove", () -> writer.submit(commands.remove(req))));
  }

  @Override
  public void set(SetRequest req, StreamObserver<WriteReply> out) {
    guard(out, "Set", () -> write(out, req.getName(), "Set", () -> writer.submit(commands.set(req))));
  }

  @Override
  public void reset(ResetRequest req, StreamObserver<WriteReply> out) {
    guard(out, "Reset", () -> {
      Command.Builder cmd = commands.reset(req);
      write(out, req.getPattern(), "Reset", () -> writer.submit(cmd));
    });
  }

  @Override
  public void setFailoverPaused(SetFailoverPausedRequest req, StreamObserver<WriteReply> out) {
    guard(out, "SetFailoverPaused", () -> {
      Command.Builder cmd = commands.setFailoverPaused(req);
      write(out, req.getName(), "SetFailoverPaused", () -> writer.submit(cmd));
    });
  }

  @Override
  public void failover(FailoverRequest req, StreamObserver<WriteReply> out) {
    guard(out, "Failover", () -> {
      commands.masterName("name", req.getName());
      switch (req.getMode()) {
        case FAILOVER_MODE_FORCE -> {
          if (req.hasTo() || req.getTimeoutMs() != 0) {
            throw errors.invalid("mode", "'to' and 'timeout_ms' apply to FAILOVER_MODE_COORDINATED only");
          }
          write(out, req.getName(), "Failover", () -> writer.failover(req.getName()));
        }
        case FAILOVER_MODE_COORDINATED -> {
          InstanceAddress to = commands.switchoverTarget(req);
          long timeoutMs = commands.switchoverTimeout(req);
          write(out, req.getName(), "Failover", () -> writer.switchover(req.getName(), to, timeoutMs));
        }
        default -> throw errors.invalid("mode", "unknown failover mode " + req.getModeValue());
      }
    });
  }

  // ---- plumbing ----

  private MasterRecord master(TopologyState s, String name) {
    MasterRecord m = s.master(name);
    if (m == null) {
      throw errors.notFound(name);
    }
    return m;
  }

  private <T> void read(Consistency consistency, StreamObserver<T> out,
      BiFunction<TopologyState, ReadInfo, T> answer) {
    switch (consistency) {
      case LOCAL -> {
        if (!query.ready()) {
          throw errors.status(Status.UNAVAILABLE.withDescription("node " + query.nodeId()
              + " is still catching up with the Raft log; ask another node or retry"));
        }
        reply(out, answer.apply(query.state(), views.readInfo()));
      }
      case LINEARIZABLE -> {
        Context ctx = Context.current();
        CompletableFuture<TopologyState> f = query.linearizableState().copy()
            .orTimeout(budgetMs(settings.readTimeout(), ctx), TimeUnit.MILLISECONDS);
        f.whenComplete((s, e) -> {
          if (e != null) {
            out.onError(errors.failure(e, deadlineExpired(ctx), "linearizable read", true));
          } else {
            guard(out, "linearizable read", () -> reply(out, answer.apply(s, views.readInfo())));
          }
        });
      }
      default -> throw errors.invalid("consistency", "unknown value " + consistency);
    }
  }

  private void write(StreamObserver<WriteReply> out, String subject, String what,
      Supplier<CompletableFuture<WriteResult>> proposal) {
    Context ctx = Context.current();
    proposal.get().copy().orTimeout(budgetMs(settings.writeTimeout(), ctx), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> {
          if (e != null) {
            out.onError(errors.failure(e, deadlineExpired(ctx), what, false));
          } else if (!r.ok()) {
            out.onError(errors.rejected(r, subject));
          } else {
            reply(out, WriteReply.newBuilder().setIndex(r.index()).setEpoch(r.epoch()).setCount(r.count())
                .setMessage(r.message() == null ? "" : r.message()).build());
          }
        });
  }

  /**
   * Our own time-out, shortened to the caller's deadline, rounded up: a time-out that fires a fraction
   * of a millisecond before the deadline would be answered as UNAVAILABLE instead of DEADLINE_EXCEEDED.
   */
  private static long budgetMs(Duration ours, Context ctx) {
    long ms = ours.toMillis();
    Deadline d = ctx.getDeadline();
    if (d == null) {
      return ms;
    }
    long remainingMs = (d.timeRemaining(TimeUnit.NANOSECONDS) + 999_999) / 1_000_000;
    return Math.max(1, Math.min(ms, remainingMs));
  }

  private static boolean deadlineExpired(Context ctx) {
    Deadline d = ctx.getDeadline();
    return d != null && d.isExpired();
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  /** The service edge: whatever escapes a handler becomes a status with a message, never UNKNOWN. */
  private void guard(StreamObserver<?> out, String what, Runnable body) {
    try {
      body.run();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    } catch (RuntimeException e) {
      LOG.debug("{} failed", what, e);
      out.onError(errors.failure(e, false, what, true));
    }
  }
}
