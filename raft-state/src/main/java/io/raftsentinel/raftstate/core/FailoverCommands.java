package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.FailoverEnded;
import io.raftsentinel.proto.state.FailoverPromoted;
import io.raftsentinel.proto.state.ReplicaReconfigured;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.proto.state.StartFailovers;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The failover steps. Each is committed by the Raft leader before (start) or after (promoted,
 * reconfigured, ended) it acts on Redis; a step that does not follow from the committed state is
 * rejected, so a deposed leader's late proposals cannot change anything.
 */
final class FailoverCommands {
  private FailoverCommands() {}

  /**
   * Several starts in one entry, each applied to the state the previous ones left, exactly as if each
   * were its own entry: a start that does not apply is skipped with its reason, the others go on.
   * Rejected as a whole (nothing changes) only when none applies.
   */
  static ApplyResult startAll(TopologyState state, String proposer, StartFailovers cmd, Emitter out) {
    if (cmd.getStartsCount() == 0) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "no failover to start");
    }
    TopologyState next = state;
    int started = 0;
    ApplyResult firstRejection = null;
    List<String> skipped = new ArrayList<>();
    for (StartFailover one : cmd.getStartsList()) {
      Emitter events = out.sibling();
      ApplyResult r = start(next, proposer, one, events);
      if (r.ok()) {
        next = r.state();
        out.addAll(events);
        started++;
      } else {
        firstRejection = firstRejection == null ? r : firstRejection;
        skipped.add(one.getMaster() + ": " + r.message());
      }
    }
    if (started == 0) {
      return TopologyMachine.reject(state, firstRejection.code(), firstRejection.message());
    }
    String message = skipped.isEmpty() ? "OK" : "OK; not started: " + String.join("; ", skipped);
    return new ApplyResult(next, ResultCode.OK, message, out.events(), started);
  }

  static ApplyResult start(TopologyState state, String proposer, StartFailover cmd, Emitter out) {
    MasterRecord m = state.master(cmd.getMaster());
    if (m == null) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_MASTER, MasterCommands.NO_SUCH_MASTER);
    }
    if (m.failoverInProgress()) {
      return TopologyMachine.reject(state, ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress");
    }
    // Epochs only grow and each failover attempt has its own; gaps are allowed so that a leader can
    // start failovers of several masters at once, numbering them in the order it proposes them.
    if (cmd.getEpoch() <= state.currentEpoch()) {
      return TopologyMachine.reject(state, ResultCode.STALE_EPOCH,
          "failover epoch " + cmd.getEpoch() + " is not above the current epoch (" + state.currentEpoch() + ")");
    }
    if (cmd.getTerm() <= 0) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "failover needs the leader's term");
    }
    if (!cmd.getManual()) {
      // Maintenance mode stops new automatic attempts only; an operator's manual failover goes on.
      if (state.isFailoverPaused(m)) {
        return TopologyMachine.reject(state, ResultCode.FAILOVER_PAUSED, "automatic failover of " + m.name()
            + " is paused" + (state.failoverPaused() ? " (all masters)" : ""));
      }
      if (state.safeMode().holds(out.timeMs())) {
        return TopologyMachine.reject(state, ResultCode.FAILOVER_PAUSED, "automatic failover held by safe mode until "
            + "log time " + state.safeMode().holdUntilMs());
      }
      if (!state.isOdown(m)) {
        return TopologyMachine.reject(state, ResultCode.NOT_ODOWN, "master " + m.name() + " is not objectively down");
      }
      // Saturating: SET accepts any positive failover-timeout, and an overflow would lift the cooldown.
      long cooldown = m.settings().failoverTimeoutMs() > Long.MAX_VALUE / 2
          ? Long.MAX_VALUE : 2 * m.settings().failoverTimeoutMs();
      long next = m.lastFailoverStartMs() > Long.MAX_VALUE - cooldown
          ? Long.MAX_VALUE : m.lastFailoverStartMs() + cooldown;
      if (m.lastFailoverStartMs() > 0 && out.timeMs() < next) {
        return TopologyMachine.reject(state, ResultCode.COOLDOWN,
            "next failover of " + m.name() + " not before log time " + next);
      }
    }
    InstanceAddress candidate = null;
    if (cmd.hasCandidate()) {
      candidate = InstanceAddress.of(cmd.getCandidate());
      ReplicaRecord r = m.replicas().get(candidate);
      if (r == null) {
        return TopologyMachine.reject(state, ResultCode.UNKNOWN_REPLICA,
            candidate.name() + " is not a known replica of " + m.name());
      }
      if (r.priority() == 0) {
        return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT,
            candidate.name() + " has replica-priority 0 and is never promoted");
      }
    } else if (cmd.getManual()) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "a manual failover needs a candidate");
    }
    if (cmd.getCoordinated() && !cmd.getManual()) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "a coordinated switchover is manual");
    }
    if (cmd.getSwitchoverTimeoutMs() < 0) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "switchover time-out must not be negative");
    }
    String details = EventDetails.master(m.name(), m.address());
    out.emit("", "+new-epoch", Long.toString(cmd.getEpoch()));
    out.emit(m.name(), "+try-failover", details);
    out.emit(m.name(), "+elected-leader", details);
    out.emit(m.name(), "+failover-state-select-slave", details);
    MasterRecord started = m.withLastFailoverStartMs(out.timeMs());
    if (candidate == null) {
      AbortReason why = cmd.getNoCandidateReason() == AbortReason.ABORT_REASON_UNSPECIFIED
          ? AbortReason.ABORT_NO_GOOD_SLAVE : cmd.getNoCandidateReason();
      out.emit(m.name(), "-failover-abort-" + abortName(why), details);
      String reason = abortName(why) + (cmd.getNoCandidateDetail().isEmpty() ? "" : ": " + cmd.getNoCandidateDetail());
      started = started.withHistoryEntry(new FailoverHistoryEntry(cmd.getEpoch(), proposer, cmd.getManual(),
          m.address(), null, 0, 0, "", out.timeMs(), 0, out.timeMs(), FailoverHistoryEntry.ABORTED, reason,
          cmd.getCoordinated(), -1));
    } else {
      started = started.withFailover(new FailoverRecord(cmd.getEpoch(), cmd.getTerm(), proposer, candidate,
          m.address(), cmd.getManual(), FailoverStep.SELECTED, out.timeMs(), 0, new TreeSet<>(),
          cmd.getCandidatePriority(), cmd.getCandidateOffset(), cmd.getCandidateRunId(),
          cmd.getCoordinated() ? switchoverTimeout(cmd) : 0, cmd.getCoordinated(), cmd.getCandidateLag()));
      String replica = EventDetails.replica(candidate, m.name(), m.address());
      out.emit(m.name(), "+selected-slave", replica);
      if (cmd.getCoordinated()) {
        // Not in Sentinel: the attempt is a planned switchover (writes paused until the replica caught up).
        out.emit(m.name(), "+switchover-requested", replica + " timeout " + switchoverTimeout(cmd));
      }
      out.emit(m.name(), "+failover-state-send-slaveof-noone", replica);
    }
    return TopologyMachine.ok(state.withCurrentEpoch(cmd.getEpoch()).withMaster(started), out);
  }

  static ApplyResult promoted(TopologyState state, FailoverPromoted cmd, Emitter out) {
    Check c = check(state, cmd.getMaster(), cmd.getEpoch(), cmd.getTerm());
    if (c.rejection != null) {
      return c.rejection;
    }
    MasterRecord m = c.master;
    FailoverRecord f = m.failover();
    if (f.step() == FailoverStep.PROMOTED) {
      return TopologyMachine.ok(state, out);
    }
    InstanceAddress oldMaster = m.address();
    InstanceAddress newMaster = f.candidate();
    SortedMap<InstanceAddress, ReplicaRecord> replicas = Maps.without(m.replicas(), newMaster);
    // The old master stays listed as a replica so that it is demoted when it comes back.
    replicas = Maps.with(replicas, oldMaster, new ReplicaRecord(oldMaster, "", ReplicaRecord.DEFAULT_PRIORITY, true,
        out.timeMs()));
    MasterRecord switched = m.withAddress(newMaster)
        .withConfigEpoch(f.epoch())
        .withReplicas(replicas)
        .withFailover(f.promoted(out.timeMs(), cmd.getTerm()));
    TopologyState next = state.withMaster(switched);
    if (cmd.getOldMasterFenced()) {
      out.emit(m.name(), "+fenced-old-master", EventDetails.master(m.name(), oldMaster));
    }
    out.emit(m.name(), "+promoted-slave", EventDetails.replica(newMaster, m.name(), oldMaster));
    out.emit(m.name(), "+failover-state-reconf-slaves", EventDetails.master(m.name(), oldMaster));
    TopologyMachine.emitOdownChange(state, next, m.name(), out);
    out.emit(m.name(), "+switch-master", m.name() + " " + oldMaster.host() + " " + oldMaster.port() + " "
        + newMaster.host() + " " + newMaster.port());
    for (InstanceAddress r : replicas.keySet()) {
      out.emit(m.name(), "+slave", EventDetails.replica(r, m.name(), newMaster));
    }
    return TopologyMachine.ok(next, out);
  }

  static ApplyResult reconfigured(TopologyState state, ReplicaReconfigured cmd, Emitter out) {
    Check c = check(state, cmd.getMaster(), cmd.getEpoch(), cmd.getTerm());
    if (c.rejection != null) {
      return c.rejection;
    }
    MasterRecord m = c.master;
    FailoverRecord f = m.failover();
    if (f.step() != FailoverStep.PROMOTED) {
      return TopologyMachine.reject(state, ResultCode.WRONG_STEP, "replicas are reconfigured only after promotion");
    }
    if (!cmd.hasReplica()) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "replica is required");
    }
    InstanceAddress replica = InstanceAddress.of(cmd.getReplica());
    if (!m.replicas().containsKey(replica)) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_REPLICA,
          replica.name() + " is not a known replica of " + m.name());
    }
    if (f.reconfigured().contains(replica)) {
      return TopologyMachine.ok(state, out);
    }
    String details = EventDetails.replica(replica, m.name(), m.address());
    out.emit(m.name(), "+slave-reconf-sent", details);
    out.emit(m.name(), cmd.getAcknowledged() ? "+slave-reconf-done" : "-slave-reconf-sent-timeout", details);
    return TopologyMachine.ok(state.withMaster(m.withFailover(f.withReconfigured(replica, cmd.getTerm()))), out);
  }

  static ApplyResult ended(TopologyState state, FailoverEnded cmd, Emitter out) {
    Check c = check(state, cmd.getMaster(), cmd.getEpoch(), cmd.getTerm());
    if (c.rejection != null) {
      return c.rejection;
    }
    MasterRecord m = c.master;
    if (m.failover().step() != FailoverStep.PROMOTED) {
      return TopologyMachine.reject(state, ResultCode.WRONG_STEP, "a failover ends only after promotion");
    }
    String details = EventDetails.master(m.name(), m.address());
    if (cmd.getTimedOut()) {
      out.emit(m.name(), "+failover-end-for-timeout", details);
    }
    out.emit(m.name(), "+failover-end", details);
    FailoverHistoryEntry done = FailoverHistoryEntry.of(m.failover(), out.timeMs(), FailoverHistoryEntry.ENDED,
        cmd.getTimedOut() ? "timeout" : "");
    return TopologyMachine.ok(state.withMaster(m.withFailover(null).withHistoryEntry(done)), out);
  }

  static ApplyResult aborted(TopologyState state, FailoverAborted cmd, Emitter out) {
    Check c = check(state, cmd.getMaster(), cmd.getEpoch(), cmd.getTerm());
    if (c.rejection != null) {
      return c.rejection;
    }
    MasterRecord m = c.master;
    if (m.failover().step() != FailoverStep.SELECTED) {
      // Once the promotion is committed there is no way back, only forward (as in Sentinel).
      return TopologyMachine.reject(state, ResultCode.WRONG_STEP, "a promoted failover cannot be aborted");
    }
    out.emit(m.name(), "-failover-abort-" + abortName(cmd.getReason()), EventDetails.master(m.name(), m.address()));
    String reason = abortName(cmd.getReason()) + (cmd.getDetail().isEmpty() ? "" : ": " + cmd.getDetail());
    FailoverHistoryEntry done = FailoverHistoryEntry.of(m.failover(), out.timeMs(), FailoverHistoryEntry.ABORTED,
        reason);
    return TopologyMachine.ok(state.withMaster(m.withFailover(null).withHistoryEntry(done)), out);
  }

  private static long switchoverTimeout(StartFailover cmd) {
    return cmd.getSwitchoverTimeoutMs() > 0 ? cmd.getSwitchoverTimeoutMs() : FailoverRecord.DEFAULT_SWITCHOVER_TIMEOUT_MS;
  }

  static String abortName(AbortReason reason) {
    return switch (reason) {
      case ABORT_NO_GOOD_SLAVE -> "no-good-slave";
      case ABORT_NOT_ELECTED -> "not-elected";
      case ABORT_SWITCHOVER_TIMEOUT -> "switchover-timeout";
      case ABORT_PROMOTION_LAG -> "promotion-lag";
      case ABORT_VETOED -> "vetoed";
      case ABORT_SLAVE_TIMEOUT, ABORT_REASON_UNSPECIFIED, UNRECOGNIZED -> "slave-timeout";
    };
  }

  private record Check(MasterRecord master, ApplyResult rejection) {}

  /** The failover this step belongs to must be the one in progress, and its leader not deposed. */
  private static Check check(TopologyState state, String name, long epoch, long term) {
    MasterRecord m = state.master(name);
    if (m == null) {
      return new Check(null, TopologyMachine.reject(state, ResultCode.UNKNOWN_MASTER, MasterCommands.NO_SUCH_MASTER));
    }
    FailoverRecord f = m.failover();
    if (f == null) {
      return new Check(m, TopologyMachine.reject(state, ResultCode.NO_FAILOVER_IN_PROGRESS,
          "no failover in progress for " + name));
    }
    if (f.epoch() != epoch) {
      return new Check(m, TopologyMachine.reject(state, ResultCode.STALE_EPOCH,
          "failover of " + name + " in progress has epoch " + f.epoch() + ", not " + epoch));
    }
    if (term < f.term()) {
      return new Check(m, TopologyMachine.reject(state, ResultCode.STALE_TERM,
          "step from term " + term + " but the failover was last advanced in term " + f.term()));
    }
    return new Check(m, null);
  }
}
