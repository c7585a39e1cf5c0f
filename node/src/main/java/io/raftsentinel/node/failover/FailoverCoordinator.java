package io.raftsentinel.node.failover;

import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.FailoverEnded;
import io.raftsentinel.proto.state.FailoverPromoted;
import io.raftsentinel.proto.state.ReplicaReconfigured;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetSafeMode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.FailoverStep;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private static final long LAG_RECHECK_MS = 250;

  private final Supplier<TopologyState> state;
  private final Proposer proposer;
  private final RedisActions redis;
  private final CandidateSource candidates;
  private final LeaderGate gate;
  private final FailoverHooks hooks;
  private final BiPredicate<MasterRecord, InstanceAddress> unreachable;
  private final LongSupplier logClockMs;
  private final int maxParallel;
  private final FailoverGuards guards;
  private final ScheduledExecutorService executor;
  private final SwitchoverDriver switchover;
  /** Master name → the action under way for it. Touched only on the executor thread. */
  private final Map<String, CompletableFuture<?>> inFlight = new HashMap<>();
  /** Master name → when this leader began waiting for a replica within max-promotion-lag. Executor thread only. */
  private final Map<String, Long> lagWaitSince = new HashMap<>();
  /** "master/epoch" of failovers whose pre-promote check passed here (it runs once per attempt). Executor thread only. */
  private final Set<String> vetted = new HashSet<>();
  /**
   * Master name → epoch of a StartFailover this leader proposed whose client reply has not arrived. The
   * reply can lag the local apply by hundreds of ms under load, so the failover is driven as soon as the
   * start is applied here. Executor thread only.
   */
  private final Map<String, Long> startsAwaitingReply = new HashMap<>();
  /**
   * "master/epoch" of starts this leader proposed right after fresh INFO showed the candidate a replica:
   * the first promotion attempt skips its ROLE check (one round trip). Executor thread only.
   */
  private final Set<String> rankedHere = new HashSet<>();
  /** A safe-mode change being committed, so that it is proposed once. Executor thread only. */
  private CompletableFuture<?> safeModeProposal = CompletableFuture.completedFuture(null);
  private boolean loggedHoldOver;
  private volatile long term = -1;
  private final StartBatcher starts;
  private ScheduledFuture<?> ticker;
  private final AtomicBoolean pokeQueued = new AtomicBoolean();

  public FailoverCoordinator(Supplier<TopologyState> state, Proposer proposer, RedisActions redis,
      CandidateSource candidates, LeaderGate gate, FailoverHooks hooks,
      BiPredicate<MasterRecord, InstanceAddress> unreachable, LongSupplier logClockMs, int maxParallel,
      FailoverGuards guards) {
    this.state = state;
    this.proposer = proposer;
    this.redis = redis;
    this.candidates = candidates;
    this.gate = gate;
    this.hooks = hooks;
    this.unreachable = unreachable;
    this.logClockMs = logClockMs;
    this.maxParallel = maxParallel;
    this.guards = guards;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "failover-coordinator");
      t.setDaemon(true);
      return t;
    });
    this.starts = new StartBatcher(c -> commit(c, c.hasStartFailover()
        ? "start failover of " + c.getStartFailover().getMaster()
        : "start " + c.getStartFailovers().getStartsCount() + " failovers"), state, executor);
    this.switchover = new SwitchoverDriver(redis, proposer, gate, hooks, logClockMs, executor);
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
        rankedHere.clear(); // another leader may act before this node leads again
        if (ticker != null) {
          ticker.cancel(false);
          ticker = null;
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("Coordinator already closed when leadership ended", e);
    }
  }

  /**
   * Something was committed: re-evaluate now rather than at the next tick. Pokes coalesce: while one
   * evaluation is queued, more pokes add nothing (it reads the state when it runs). One queued per
   * commit put hundreds of evaluations of every master ahead of the failovers' own steps in a mass
   * failure, on this one thread.
   */
  public void poke() {
    if (term > 0 && !executor.isShutdown() && pokeQueued.compareAndSet(false, true)) {
      try {
        executor.execute(() -> {
          pokeQueued.set(false);
          tick();
        });
      } catch (RejectedExecutionException e) {
        pokeQueued.set(false);
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
    boolean hold = safeModeHold(s);
    for (MasterRecord m : s.masters().values()) {
      if (!s.isOdown(m)) {
        lagWaitSince.remove(m.name());
      }
      if (inFlight.containsKey(m.name())) {
        if (m.failover() == null || !startsAwaitingReply.remove(m.name(), m.failover().epoch())) {
          continue;
        }
        // Our start is applied here before its reply arrived: drive it now (it keeps its slot).
        hooks.afterStartCommitted(m.name(), m.failover().epoch());
      } else if (inFlight.size() >= maxParallel) {
        continue;
      }
      CompletableFuture<?> action = null;
      if (m.failover() != null) {
        action = drive(m, m.failover(), t);
      } else if (s.isOdown(m) && !s.isFailoverPaused(m) && cooldownPassed(m) && !hold) {
        // Maintenance mode and safe mode hold new automatic attempts only; one in progress (above) goes on.
        action = start(m, t);
      }
      if (action != null) {
        track(m.name(), action);
      }
    }
  }

  /**
   * Safe mode: when more than the configured share of masters is reported down at once (by any node:
   * the first reports come before any quorum, so a mass outage is seen before the first failover; a
   * master whose automatic failover started within the window counts too), commit
   * +safe-mode and hold new automatic failovers for the confirmation window (in log time, so a new
   * leader honours the same window); commit -safe-mode once the share drops again.
   */
  private boolean safeModeHold(TopologyState s) {
    long now = logClockMs.getAsLong();
    int down = s.outageCount(now, guards.safeMode().window().toMillis());
    int total = s.masters().size();
    boolean triggered = guards.safeMode().triggeredBy(down, total);
    // Entered at once; left only once the window is over and the share has dropped.
    boolean change = triggered ? !s.safeMode().active() : s.safeMode().active() && !s.safeMode().holds(now);
    if (change && safeModeProposal.isDone()) {
      if (triggered) {
        LOG.warn("{}/{} masters are down at once: entering safe mode, automatic failovers held for {} ms", down,
            total, guards.safeMode().window().toMillis());
      } else {
        LOG.warn("{}/{} masters down: leaving safe mode", down, total);
      }
      safeModeProposal = commit(Command.newBuilder().setSetSafeMode(SetSafeMode.newBuilder().setActive(triggered)
          .setDown(triggered ? down : 0).setTotal(triggered ? total : 0)
          .setHoldMs(triggered ? guards.safeMode().window().toMillis() : 0)),
          triggered ? "enter safe mode" : "leave safe mode");
    }
    if (!s.safeMode().active()) {
      loggedHoldOver = false;
      return triggered; // being committed: hold until it is
    }
    boolean hold = s.safeMode().holds(now);
    if (!hold && !loggedHoldOver) {
      loggedHoldOver = true;
      LOG.warn("Safe mode confirmation window over with {}/{} masters still down: automatic failovers go on",
          down, total);
    }
    return hold;
  }

  private void track(String master, CompletableFuture<?> action) {
    inFlight.put(master, action);
    action.whenCompleteAsync((r, e) -> {
      inFlight.remove(master, action); // a start may have handed its slot to the drive that followed it
      if (e != null) {
        LOG.warn("Failover action for {} failed; retrying: {}", master, rootMessage(e));
      }
      tick();
    }, executor);
  }

  private boolean cooldownPassed(MasterRecord m) {
    return m.lastFailoverStartMs() == 0
        || logClockMs.getAsLong() >= m.lastFailoverStartMs() + 2 * m.settings().failoverTimeoutMs();
  }

  // ---- start ----

  private CompletableFuture<?> start(MasterRecord m, long t) {
    long now = logClockMs.getAsLong();
    long waitingSince = lagWaitSince.getOrDefault(m.name(), now);
    return candidates.rank(m).thenComposeAsync(ranked -> {
      PromotionLagRule.Verdict verdict = PromotionLagRule.decide(m.settings(), ranked, now - waitingSince);
      StartFailover.Builder b = StartFailover.newBuilder().setMaster(m.name()).setTerm(t);
      if (verdict instanceof PromotionLagRule.Wait w) {
        if (!lagWaitSince.containsKey(m.name())) {
          LOG.warn("Failover of {} waits for a replica within max-promotion-lag: {}", m.name(), w.why());
        }
        lagWaitSince.putIfAbsent(m.name(), now);
        // Paced: each look costs a fresh INFO from every replica.
        return delay(LAG_RECHECK_MS);
      } else if (verdict instanceof PromotionLagRule.Refuse r) {
        LOG.warn("Failover of {} refused: {}", m.name(), r.why());
        b.setNoCandidateReason(AbortReason.ABORT_PROMOTION_LAG).setNoCandidateDetail(r.why());
      } else if (verdict instanceof PromotionLagRule.Promote p) {
        Candidate c = p.candidate();
        b.setCandidate(c.address().toProto()).setCandidatePriority(c.priority()).setCandidateOffset(c.offset())
            .setCandidateRunId(c.runId()).setCandidateLag(c.lag());
      } else {
        LOG.warn("No replica of {} qualifies for promotion", m.name());
      }
      lagWaitSince.remove(m.name());
      // Numbered and proposed in one step, in epoch order; starts ready together share a log entry.
      CompletableFuture<WriteResult> proposed = starts.propose(b);
      long epoch = b.getEpoch();
      startsAwaitingReply.put(m.name(), epoch);
      if (b.hasCandidate()) {
        rankedHere.add(m.name() + "/" + epoch);
      }
      return proposed.handleAsync((reply, e) -> {
        boolean first = startsAwaitingReply.remove(m.name(), epoch);
        if (e != null) {
          throw new CompletionException(e);
        }
        if (reply.code() != ResultCode.OK) {
          rankedHere.remove(m.name() + "/" + epoch);
        } else if (first) {
          hooks.afterStartCommitted(m.name(), reply.epoch());
        }
        return null;
      }, executor);
    }, executor);
  }

  private CompletableFuture<Void> delay(long ms) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.schedule(() -> done.complete(null), ms, TimeUnit.MILLISECONDS);
    return done;
  }


  // ---- drive a failover in progress ----

  private CompletableFuture<?> drive(MasterRecord m, FailoverRecord f, long t) {
    long now = logClockMs.getAsLong();
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

  private CompletableFuture<Void> promote(MasterRecord m, FailoverRecord f, long t, long deadlineMs) {
    InstanceAddress candidate = f.candidate();
    // Fresh INFO showed it a replica just before this leader proposed the start: no second look.
    CompletableFuture<String> roleNow = rankedHere.remove(m.name() + "/" + f.epoch())
        ? CompletableFuture.completedFuture("slave") : redis.role(m, candidate);
    return roleNow
        .exceptionally(e -> "")
        .thenComposeAsync(role -> {
          if ("master".equals(role)) {
            // Already promoted (by us before a restart, or by a predecessor): just record it.
            return recordPromotion(m, f, t, false);
          }
          return vet(m, f).thenComposeAsync(veto -> {
            if (veto.isPresent()) {
              return commit(Command.newBuilder().setFailoverAborted(FailoverAborted.newBuilder().setMaster(m.name())
                  .setEpoch(f.epoch()).setTerm(t).setReason(AbortReason.ABORT_VETOED).setDetail(veto.get())),
                  "abort vetoed failover of " + m.name()).thenAccept(r -> { });
            }
            return fence(m, f, t).thenCompose(fenced -> {
              requireLeader(t, "promote " + candidate.name());
              LOG.info("Promoting {} for {} (epoch {})", candidate.name(), m.name(), f.epoch());
              long sentAt = System.nanoTime();
              return redis.promote(m, candidate).thenCompose(after -> {
                LOG.info("{} answered the promotion in {} ms, role now {}", candidate.name(),
                    (System.nanoTime() - sentAt) / 1_000_000, after);
                return "master".equals(after) ? CompletableFuture.completedFuture(null)
                    : awaitRole(m, candidate, "master", deadlineMs);
              }).thenCompose(v -> recordPromotion(m, f, t, fenced));
            });
          }, executor);
        }, executor);
  }

  /** The pre-promote check, once per attempt on this leader (a retried promotion does not ask again). */
  private CompletableFuture<Optional<String>> vet(MasterRecord m, FailoverRecord f) {
    String key = m.name() + "/" + f.epoch();
    if (vetted.contains(key)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guards.prePromote().veto(m, f).thenApplyAsync(veto -> {
      if (veto.isEmpty()) {
        vetted.add(key);
      }
      return veto;
    }, executor);
  }

  /**
   * Fencing: an old master that this leader still reaches is demoted before the promotion, so there
   * is no moment with two writable masters. One that does not answer (the usual failover) is left
   * to the reconciler for when it returns. Completes with whether it was demoted; never fails.
   */
  private CompletableFuture<Boolean> fence(MasterRecord m, FailoverRecord f, long t) {
    InstanceAddress old = f.oldMaster();
    if (unreachable.test(m, old)) {
      return CompletableFuture.completedFuture(false);
    }
    requireLeader(t, "fence " + old.name());
    LOG.info("Fencing old master {} of {}: demoting it to a replica of {} before the promotion", old.name(),
        m.name(), f.candidate().name());
    return redis.fence(m, old, f.candidate()).handle((v, e) -> {
      if (e != null) {
        LOG.warn("Could not fence {} ({}); promoting {} anyway", old.name(), rootMessage(e), f.candidate().name());
      }
      return e == null;
    });
  }

  private CompletableFuture<Void> recordPromotion(MasterRecord m, FailoverRecord f, long t, boolean fenced) {
    return commit(Command.newBuilder().setFailoverPromoted(FailoverPromoted.newBuilder()
        .setMaster(m.name()).setEpoch(f.epoch()).setTerm(t).setOldMasterFenced(fenced)),
        "record promotion of " + f.candidate().name())
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
      } else if (logClockMs.getAsLong() > deadlineMs) {
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
                .thenAcceptAsync(reply -> {
                  if (reply.code() == ResultCode.OK) {
                    hooks.afterReplicaReconfigured(m.name(), f.epoch(), replica);
                  }
                }, executor)
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
