package io.raftsentinel.node.failover;

import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.FailoverEnded;
import io.raftsentinel.proto.state.FailoverPromoted;
import io.raftsentinel.proto.state.ReplicaReconfigured;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.FailoverStep;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives failovers while this node is the ready Raft leader. It reacts to committed state only:
 * a committed ODOWN starts a failover, each committed step leads to the next action on Redis, and
 * each action's result is committed before the following one. Everything runs on one thread; Redis
 * calls are asynchronous and bounded, so a hung instance delays only its own master's failover.
 */
public final class FailoverCoordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverCoordinator.class);
  private static final long TICK_MS = 100;
  private static final long ROLE_POLL_MS = 10;

  private final Supplier<TopologyState> state;
  private final Proposer proposer;
  private final RedisActions redis;
  private final CandidateSource candidates;
  private final LeaderGate gate;
  private final FailoverHooks hooks;
  private final BiPredicate<MasterRecord, InstanceAddress> unreachable;
  private final LongSupplier wallClockMs;
  private final int maxParallel;
  private final ScheduledExecutorService executor;
  private final SwitchoverDriver switchover;
  /** Master name → the action under way for it. Touched only on the executor thread. */
  private final Map<String, CompletableFuture<?>> inFlight = new HashMap<>();
  private volatile long term = -1;
  private final Object epochLock = new Object();
  private long lastProposedEpoch;
  private ScheduledFuture<?> ticker;

  public FailoverCoordinator(Supplier<TopologyState> state, Proposer proposer, RedisActions redis,
      CandidateSource candidates, LeaderGate gate, FailoverHooks hooks,
      BiPredicate<MasterRecord, InstanceAddress> unreachable, LongSupplier wallClockMs, int maxParallel) {
    this.state = state;
    this.proposer = proposer;
    this.redis = redis;
    this.candidates = candidates;
    this.gate = gate;
    this.hooks = hooks;
    this.unreachable = unreachable;
    this.wallClockMs = wallClockMs;
    this.maxParallel = maxParallel;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "failover-coordinator");
      t.setDaemon(true);
      return t;
    });
    this.switchover = new SwitchoverDriver(redis, proposer, gate, hooks, wallClockMs, executor);
  }

  /** This node became the ready leader of {@code term}: start (or resume) leader duties. */
  public void onLeaderReady(long newTerm) {
    executor.execute(() -> {
      term = newTerm;
      LOG.info("Leading in term {}: failover coordination active", newTerm);
      if (ticker == null) {
        ticker = executor.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
      }
      tick();
    });
  }

  /** Leadership lost: stop acting at once (checked before every Redis action too). */
  public void onNotLeader() {
    term = -1;
    if (executor.isShutdown()) {
      return; // the node is closing: leadership ends with it
    }
    try {
      executor.execute(() -> {
        if (ticker != null) {
          ticker.cancel(false);
          ticker = null;
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Coordinator already closed when leadership ended", e);
    }
  }

  /** Something was committed: re-evaluate now rather than at the next tick. */
  public void poke() {
    if (term > 0 && !executor.isShutdown()) {
      try {
        executor.execute(this::tick);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.debug("Coordinator closed while poked", e);
      }
    }
  }

  public boolean active() {
    return term > 0;
  }

  private void tick() {
    try {
      evaluate();
    } catch (RuntimeException e) {
      // The ticker must survive anything: a scheduled task that throws is never run again.
      LOG.error("Failover evaluation failed", e);
    }
  }

  private void evaluate() {
    long t = term;
    if (t <= 0) {
      return;
    }
    TopologyState s = state.get();
    for (MasterRecord m : s.masters().values()) {
      if (inFlight.containsKey(m.name()) || inFlight.size() >= maxParallel) {
        continue;
      }
      CompletableFuture<?> action = null;
      if (m.failover() != null) {
        action = drive(m, m.failover(), t);
      } else if (s.isOdown(m) && !s.isFailoverPaused(m) && cooldownPassed(m)) {
        // Maintenance mode: a paused master gets no new automatic attempt; one in progress (above) goes on.
        action = start(m, t);
      }
      if (action != null) {
        track(m.name(), action);
      }
    }
  }

  private void track(String master, CompletableFuture<?> action) {
    inFlight.put(master, action);
    action.whenCompleteAsync((r, e) -> {
      inFlight.remove(master);
      if (e != null) {
        LOG.warn("Failover action for {} failed; retrying: {}", master, rootMessage(e));
      }
      tick();
    }, executor);
  }

  private boolean cooldownPassed(MasterRecord m) {
    return m.lastFailoverStartMs() == 0
        || wallClockMs.getAsLong() >= m.lastFailoverStartMs() + 2 * m.settings().failoverTimeoutMs();
  }

  // ---- start ----

  private CompletableFuture<?> start(MasterRecord m, long t) {
    return candidates.select(m).thenCompose(choice -> {
      StartFailover.Builder b = StartFailover.newBuilder().setMaster(m.name()).setTerm(t);
      choice.ifPresent(c -> b.setCandidate(c.address().toProto()).setCandidatePriority(c.priority())
          .setCandidateOffset(c.offset()).setCandidateRunId(c.runId()));
      if (choice.isEmpty()) {
        LOG.warn("No replica of {} qualifies for promotion", m.name());
      }
      return proposeStart(b);
    }).thenAcceptAsync(reply -> {
      if (reply.code() == ResultCode.OK) {
        hooks.afterStartCommitted(m.name(), reply.epoch());
      }
    }, executor);
  }

  /**
   * Numbers the attempt and proposes it in one step, so that starts of several masters at once are
   * proposed, and therefore committed, in epoch order (the client keeps its requests in order).
   */
  private CompletableFuture<WriteResult> proposeStart(StartFailover.Builder b) {
    synchronized (epochLock) {
      long epoch = Math.max(state.get().currentEpoch(), lastProposedEpoch) + 1;
      lastProposedEpoch = epoch;
      return commit(Command.newBuilder().setStartFailover(b.setEpoch(epoch)), "start failover of " + b.getMaster());
    }
  }

  // ---- drive a failover in progress ----

  private CompletableFuture<?> drive(MasterRecord m, FailoverRecord f, long t) {
    long now = wallClockMs.getAsLong();
    long timeout = m.settings().failoverTimeoutMs();
    if (f.step() == FailoverStep.SELECTED) {
      if (f.coordinated()) {
        return switchover.drive(m, f, t, f.startedAtMs() + timeout);
      }
      if (now - f.startedAtMs() > timeout) {
        return commit(Command.newBuilder().setFailoverAborted(FailoverAborted.newBuilder().setMaster(m.name())
            .setEpoch(f.epoch()).setTerm(t).setReason(AbortReason.ABORT_SLAVE_TIMEOUT)
            .setDetail(f.candidate().name() + " was not promoted within failover-timeout")), "abort failover");
      }
      return promote(m, f, t, f.startedAtMs() + timeout);
    }
    if (now - f.promotedAtMs() > timeout) {
      return end(m, f, t, true);
    }
    List<InstanceAddress> pending = new ArrayList<>();
    for (InstanceAddress r : m.replicas().keySet()) {
      if (!f.reconfigured().contains(r) && !unreachable.test(m, r)) {
        pending.add(r);
      }
    }
    if (pending.isEmpty()) {
      return end(m, f, t, false);
    }
    List<CompletableFuture<?>> batch = new ArrayList<>();
    for (InstanceAddress r : pending.subList(0, Math.min(pending.size(), m.settings().parallelSyncs()))) {
      batch.add(reconfigure(m, f, r, t));
    }
    return CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<?> promote(MasterRecord m, FailoverRecord f, long t, long deadlineMs) {
    InstanceAddress candidate = f.candidate();
    return redis.role(m, candidate)
        .exceptionally(e -> "")
        .thenCompose(role -> {
          if ("master".equals(role)) {
            // Already promoted (by us before a restart, or by a predecessor): just record it.
            return CompletableFuture.completedFuture(null);
          }
          requireLeader(t, "promote " + candidate.name());
          LOG.info("Promoting {} for {} (epoch {})", candidate.name(), m.name(), f.epoch());
          long sentAt = System.nanoTime();
          return redis.promote(m, candidate).thenCompose(after -> {
            LOG.info("{} answered the promotion in {} ms, role now {}", candidate.name(),
                (System.nanoTime() - sentAt) / 1_000_000, after);
            return "master".equals(after) ? CompletableFuture.completedFuture(null)
                : awaitRole(m, candidate, "master", deadlineMs);
          });
        })
        .thenCompose(v -> commit(Command.newBuilder().setFailoverPromoted(FailoverPromoted.newBuilder()
            .setMaster(m.name()).setEpoch(f.epoch()).setTerm(t)), "record promotion of " + candidate.name()))
        .thenAcceptAsync(reply -> {
          if (reply.code() == ResultCode.OK) {
            hooks.afterPromotionCommitted(m.name(), f.epoch());
          }
        }, executor);
  }

  /** Confirms the promotion actively with ROLE instead of waiting for a periodic INFO. */
  private CompletableFuture<Void> awaitRole(MasterRecord m, InstanceAddress instance, String wanted, long deadlineMs) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pollRole(m, instance, wanted, deadlineMs, done);
    return done;
  }

  private void pollRole(MasterRecord m, InstanceAddress instance, String wanted, long deadlineMs,
      CompletableFuture<Void> done) {
    redis.role(m, instance).whenComplete((role, e) -> {
      if (e == null && wanted.equals(role)) {
        done.complete(null);
      } else if (wallClockMs.getAsLong() > deadlineMs) {
        done.completeExceptionally(new IllegalStateException(instance.name() + " did not report role " + wanted));
      } else {
        executor.schedule(() -> pollRole(m, instance, wanted, deadlineMs, done), ROLE_POLL_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  private CompletableFuture<?> reconfigure(MasterRecord m, FailoverRecord f, InstanceAddress replica, long t) {
    if (!gate.leadsInTerm(t)) {
      return CompletableFuture.failedFuture(
          new NotLeaderAnymoreException("not leader in term " + t + " any more; will not reconfigure " + replica));
    }
    return redis.replicaOf(m, replica, m.address())
        .handle((v, e) -> {
          if (e != null) {
            LOG.warn("REPLICAOF on {} failed: {}", replica.name(), rootMessage(e));
          }
          return e == null;
        })
        .thenCompose(ack -> ack
            ? commit(Command.newBuilder().setReplicaReconfigured(ReplicaReconfigured.newBuilder().setMaster(m.name())
                .setEpoch(f.epoch()).setTerm(t).setReplica(replica.toProto()).setAcknowledged(true)),
                "record reconfiguration of " + replica.name())
            : CompletableFuture.completedFuture(null));
  }

  private CompletableFuture<?> end(MasterRecord m, FailoverRecord f, long t, boolean timedOut) {
    return commit(Command.newBuilder().setFailoverEnded(FailoverEnded.newBuilder().setMaster(m.name())
        .setEpoch(f.epoch()).setTerm(t).setTimedOut(timedOut)), "end failover of " + m.name());
  }

  // ---- helpers ----

  private void requireLeader(long t, String action) {
    if (!gate.leadsInTerm(t)) {
      throw new NotLeaderAnymoreException("not leader in term " + t + " any more; will not " + action);
    }
  }

  private CompletableFuture<WriteResult> commit(Command.Builder command, String what) {
    return proposer.propose(command).thenApply(reply -> {
      if (reply.code() != ResultCode.OK) {
        LOG.info("Not committed ({}): {} {}", what, reply.code(), reply.message());
      }
      return reply;
    });
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  @Override
  public void close() {
    term = -1;
    executor.shutdownNow();
  }

  /** Thrown inside an action chain when leadership was lost between two steps. */
  static final class NotLeaderAnymoreException extends IllegalStateException {
    NotLeaderAnymoreException(String message) {
      super(message);
    }
  }
}
