package io.raftsentinel.node.failover;

import io.lettuce.core.RedisCommandExecutionException;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.FailoverPromoted;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a committed coordinated switchover (a {@link FailoverRecord#coordinated()} failover in step
 * SELECTED) on the leader: the master is healthy, so instead of promoting the candidate blindly it
 * asks the old master to hand over with Redis's own {@code FAILOVER TO host port TIMEOUT ms} (writes
 * paused until the candidate has the master's offset, then the roles swap). Where {@code FAILOVER}
 * answers an error it does the same by hand: {@code CLIENT PAUSE WRITE}, wait for offset equality,
 * promote the candidate, demote the old master, {@code CLIENT UNPAUSE}. The swap is confirmed with
 * {@code ROLE} on both instances before {@code FailoverPromoted} is committed; the coordinator then
 * reconfigures the other replicas (and the old master: its clients are killed so they re-resolve).
 *
 * <p>When the switchover's time-out passes first it rolls back: Redis's FAILOVER aborts itself (or is
 * aborted), writes are unpaused, the old master is confirmed master, and {@code FailoverAborted}
 * with {@code ABORT_SWITCHOVER_TIMEOUT} is committed. No acknowledged write is lost either way,
 * because the old master accepts no write from the moment the catch-up starts until it is a replica
 * of the candidate or the switchover is abandoned.
 *
 * <p>Runs on the coordinator's thread; every call of {@link #drive} starts from what Redis reports
 * now, so a new leader resumes a switchover its predecessor started.
 */
final class SwitchoverDriver {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchoverDriver.class);
  private static final long POLL_MS = 10;
  private static final long PROBE_TIMEOUT_MS = 250;
  /** Beyond the write-pause budget: time for the role swap itself (PSYNC handshake) to be seen. */
  static final long CONFIRM_GRACE_MS = 2_000;
  static final String NO_FAILOVER = "no-failover";

  private final RedisActions redis;
  private final Proposer proposer;
  private final LeaderGate gate;
  private final FailoverHooks hooks;
  private final LongSupplier logClockMs;
  private final ScheduledExecutorService executor;

  SwitchoverDriver(RedisActions redis, Proposer proposer, LeaderGate gate, FailoverHooks hooks,
      LongSupplier logClockMs, ScheduledExecutorService executor) {
    this.redis = redis;
    this.proposer = proposer;
    this.gate = gate;
    this.hooks = hooks;
    this.logClockMs = logClockMs;
    this.executor = executor;
  }

  /** What the two instances report right now; "" = no answer. */
  private record Roles(String oldMaster, String oldState, String candidate) {
    boolean swapped() {
      return "master".equals(candidate) && "slave".equals(oldMaster);
    }
  }

  /**
   * One pass over a switchover in step SELECTED: completes when its promotion or abort is committed,
   * or fails (the coordinator retries on its next tick).
   *
   * @param deadlineMs the failover-timeout of the master: a hard bound on the whole switchover
   */
  CompletableFuture<Void> drive(MasterRecord m, FailoverRecord f, long t, long deadlineMs) {
    long pauseDeadline = f.startedAtMs() + f.switchoverTimeoutMs();
    long confirmDeadline = Math.min(pauseDeadline + CONFIRM_GRACE_MS, Math.max(deadlineMs, pauseDeadline));
    return roles(m, f).thenCompose(r -> {
      if (r.swapped()) {
        return promoted(m, f, t); // done already (by us before a retry, or by a predecessor)
      }
      long now = logClockMs.getAsLong();
      if ("master".equals(r.candidate()) && "master".equals(r.oldMaster())) {
        // Two masters: a predecessor's step-by-step switchover stopped between promote and demote (or
        // the candidate was never a replica). Demoting the old master could lose its writes; rolling
        // back cannot (the candidate had no clients), and the reconciler then demotes the candidate.
        return rollback(m, f, t, "found both " + f.oldMaster().name() + " and " + f.candidate().name()
            + " master");
      }
      if (now > confirmDeadline || (now > pauseDeadline && NO_FAILOVER.equals(r.oldState()))) {
        return rollback(m, f, t, "switchover to " + f.candidate().name() + " did not complete within "
            + f.switchoverTimeoutMs() + " ms");
      }
      if (!NO_FAILOVER.equals(r.oldState())) {
        return awaitSwap(m, f, t, confirmDeadline, true); // Redis's FAILOVER is under way
      }
      if (!"master".equals(r.oldMaster())) {
        throw new IllegalStateException(f.oldMaster().name() + " reports role '" + r.oldMaster()
            + "', not master: cannot hand over");
      }
      return handOver(m, f, t, pauseDeadline - now, pauseDeadline, confirmDeadline);
    });
  }

  private CompletableFuture<Void> handOver(MasterRecord m, FailoverRecord f, long t, long remainingMs,
      long pauseDeadline, long confirmDeadline) {
    requireLeader(t, "switch " + f.oldMaster().name() + " over to " + f.candidate().name());
    LOG.info("Switchover of {} (epoch {}): FAILOVER TO {} TIMEOUT {} on {}", m.name(), f.epoch(),
        f.candidate().name(), remainingMs, f.oldMaster().name());
    return redis.failoverTo(m, f.oldMaster(), f.candidate(), remainingMs)
        .handle((ok, e) -> {
          if (e == null) {
            return awaitSwap(m, f, t, confirmDeadline, true);
          }
          Throwable cause = unwrap(e);
          if (!(cause instanceof RedisCommandExecutionException)) {
            throw new CompletionException(cause); // no answer: retry on the next tick, from what Redis says then
          }
          if (cause.getMessage() != null && cause.getMessage().toLowerCase(Locale.ROOT).contains("in progress")) {
            return awaitSwap(m, f, t, confirmDeadline, true);
          }
          LOG.warn("FAILOVER refused by {} ({}): switching over step by step", f.oldMaster().name(),
              cause.getMessage());
          return stepByStep(m, f, t, pauseDeadline, confirmDeadline);
        })
        .thenCompose(next -> next);
  }

  // ---- the same by hand, where FAILOVER is not usable ----

  private CompletableFuture<Void> stepByStep(MasterRecord m, FailoverRecord f, long t, long pauseDeadline,
      long confirmDeadline) {
    long now = logClockMs.getAsLong();
    requireLeader(t, "pause writes on " + f.oldMaster().name());
    // The pause outlasts the catch-up budget by the grace, so that it still holds while we promote
    // and demote; a rollback unpauses at once.
    return redis.clientPause(m, f.oldMaster(), Math.max(1, pauseDeadline - now) + CONFIRM_GRACE_MS)
        .thenCompose(v -> awaitCaughtUp(m, f, pauseDeadline))
        .thenCompose(caughtUp -> {
          if (!caughtUp) {
            return rollback(m, f, t, f.candidate().name() + " did not catch up within " + f.switchoverTimeoutMs()
                + " ms");
          }
          requireLeader(t, "promote " + f.candidate().name());
          return redis.promote(m, f.candidate())
              .thenCompose(role -> demoteAndUnpause(m, f))
              .thenCompose(v -> awaitSwap(m, f, t, confirmDeadline, false));
        });
  }

  private CompletableFuture<Void> demoteAndUnpause(MasterRecord m, FailoverRecord f) {
    return redis.replicaOf(m, f.oldMaster(), f.candidate())
        .thenCompose(v -> redis.clientUnpause(m, f.oldMaster()));
  }

  /** Polls both offsets until the candidate has the old master's; false at the deadline. */
  private CompletableFuture<Boolean> awaitCaughtUp(MasterRecord m, FailoverRecord f, long deadlineMs) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    pollOffsets(m, f, deadlineMs, done);
    return done;
  }

  private void pollOffsets(MasterRecord m, FailoverRecord f, long deadlineMs, CompletableFuture<Boolean> done) {
    CompletableFuture<Long> master = redis.replicationOffset(m, f.oldMaster());
    CompletableFuture<Long> replica = redis.replicationOffset(m, f.candidate());
    // Equal, not "at least": a replica cannot be ahead of its master, so a larger offset means the
    // candidate is not replicating from this master at all.
    master.thenCombine(replica, (a, b) -> a.longValue() == b.longValue()).whenComplete((equal, e) -> {
      if (e == null && equal) {
        done.complete(true);
      } else if (logClockMs.getAsLong() > deadlineMs) {
        done.complete(false);
      } else {
        executor.schedule(() -> pollOffsets(m, f, deadlineMs, done), POLL_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  // ---- confirmation, commit, rollback ----

  /**
   * Polls until the candidate says master and the old master slave, then commits the promotion.
   * With {@code redisFailover}, Redis giving up on its own (no failover in progress, old master still
   * master) ends the wait at once with a rollback.
   */
  private CompletableFuture<Void> awaitSwap(MasterRecord m, FailoverRecord f, long t, long deadlineMs,
      boolean redisFailover) {
    CompletableFuture<Roles> done = new CompletableFuture<>();
    pollSwap(m, f, deadlineMs, redisFailover, done);
    return done.thenCompose(r -> r.swapped() ? promoted(m, f, t)
        : rollback(m, f, t, redisFailover && NO_FAILOVER.equals(r.oldState()) && "master".equals(r.oldMaster())
            ? f.candidate().name() + " did not catch up within " + f.switchoverTimeoutMs()
                + " ms (Redis FAILOVER timed out)"
            : "roles of " + f.oldMaster().name() + " and " + f.candidate().name() + " did not swap within "
                + f.switchoverTimeoutMs() + " ms"));
  }

  private void pollSwap(MasterRecord m, FailoverRecord f, long deadlineMs, boolean redisFailover,
      CompletableFuture<Roles> done) {
    roles(m, f).whenComplete((r, e) -> {
      boolean gaveUp = e == null && redisFailover && NO_FAILOVER.equals(r.oldState())
          && "master".equals(r.oldMaster());
      if (e == null && (r.swapped() || gaveUp)) {
        done.complete(r);
      } else if (logClockMs.getAsLong() > deadlineMs) {
        done.complete(e == null ? r : new Roles("", "", ""));
      } else {
        executor.schedule(() -> pollSwap(m, f, deadlineMs, redisFailover, done), POLL_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  private CompletableFuture<Roles> roles(MasterRecord m, FailoverRecord f) {
    // Bounded well below the command time-out: a hung instance (SIGSTOP) must not stall the switchover's
    // clock; it simply counts as "no answer" for this poll.
    CompletableFuture<String> oldRole = probe(redis.role(m, f.oldMaster()));
    CompletableFuture<String> oldState = probe(redis.failoverState(m, f.oldMaster()));
    CompletableFuture<String> candidate = probe(redis.role(m, f.candidate()));
    return CompletableFuture.allOf(oldRole, oldState, candidate)
        .thenApply(v -> new Roles(oldRole.join(), oldState.join(), candidate.join()));
  }

  private static CompletableFuture<String> probe(CompletableFuture<String> reply) {
    return reply.exceptionally(e -> "").completeOnTimeout("", PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Gives the master back its writes and commits the abort. If the swap won the race after all, the
   * promotion is committed instead. The old master must answer as master before the abort is
   * committed; otherwise this pass fails and the next one tries again.
   */
  private CompletableFuture<Void> rollback(MasterRecord m, FailoverRecord f, long t, String why) {
    InstanceAddress old = f.oldMaster();
    LOG.warn("Switchover of {} (epoch {}) rolls back: {}", m.name(), f.epoch(), why);
    return roles(m, f).thenCompose(r -> {
      if (r.swapped()) {
        return promoted(m, f, t);
      }
      requireLeader(t, "roll back the switchover on " + old.name());
      CompletableFuture<Void> abort = NO_FAILOVER.equals(r.oldState()) ? CompletableFuture.completedFuture(null)
          : redis.failoverAbort(m, old).exceptionally(e -> {
            LOG.warn("FAILOVER ABORT on {} failed: {}", old.name(), unwrap(e).getMessage());
            return null;
          });
      return abort
          .thenCompose(v -> redis.clientUnpause(m, old).exceptionally(e -> null))
          .thenCompose(v -> redis.role(m, old).exceptionally(e -> ""))
          .thenCompose(role -> {
            if ("master".equals(role) || role.isEmpty()) {
              // "": the old master does not answer: it takes no writes either, and an automatic
              // failover can start once the abort is committed.
              return CompletableFuture.completedFuture(role.isEmpty() ? "master" : role);
            }
            // Demoted without the candidate taking over (a hand-made switchover cut short): undo it.
            requireLeader(t, "restore " + old.name() + " as master");
            return redis.promote(m, old);
          })
          .thenCompose(role -> {
            if (!"master".equals(role)) {
              throw new IllegalStateException(old.name() + " reports role '" + role + "' after the roll-back");
            }
            return commit(Command.newBuilder().setFailoverAborted(FailoverAborted.newBuilder().setMaster(m.name())
                .setEpoch(f.epoch()).setTerm(t).setReason(AbortReason.ABORT_SWITCHOVER_TIMEOUT)
                .setDetail(why)), "abort switchover of " + m.name())
                .thenApply(reply -> (Void) null);
          });
    });
  }

  private CompletableFuture<Void> promoted(MasterRecord m, FailoverRecord f, long t) {
    LOG.info("Switchover of {} (epoch {}): {} is master, {} its replica", m.name(), f.epoch(),
        f.candidate().name(), f.oldMaster().name());
    return commit(Command.newBuilder().setFailoverPromoted(FailoverPromoted.newBuilder().setMaster(m.name())
        .setEpoch(f.epoch()).setTerm(t)), "record switchover of " + m.name() + " to " + f.candidate().name())
        .thenAcceptAsync(reply -> {
          if (reply.code() == ResultCode.OK) {
            hooks.afterPromotionCommitted(m.name(), f.epoch());
          }
        }, executor);
  }

  private CompletableFuture<WriteResult> commit(Command.Builder command, String what) {
    return proposer.propose(command).thenApply(reply -> {
      if (reply.code() != ResultCode.OK) {
        LOG.info("Not committed ({}): {} {}", what, reply.code(), reply.message());
      }
      return reply;
    });
  }

  private void requireLeader(long t, String action) {
    if (!gate.leadsInTerm(t)) {
      throw new FailoverCoordinator.NotLeaderAnymoreException("not leader in term " + t + " any more; will not "
          + action);
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
