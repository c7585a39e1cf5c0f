package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.R2;
import static io.raftsentinel.raftstate.core.Driver.master;
import static io.raftsentinel.raftstate.core.Driver.slave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.ResultCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailoverCommandsTest {
  static final long T1 = 2_000;
  /** Twice the default failover-timeout. */
  static final long COOLDOWN = 2 * MasterSettings.DEFAULT_FAILOVER_TIMEOUT_MS;

  private final Commands c = Commands.at(T1);
  private final Driver d = Driver.standard();

  /** Makes the standard master ODOWN and runs a failover of epoch currentEpoch+1 up to the promotion. */
  static void promote(Driver d, int candidate) {
    Commands c = Commands.at(T1);
    odown(d);
    long epoch = d.state().currentEpoch() + 1;
    d.accept(c.start(M, epoch, 1, candidate));
    d.accept(c.promoted(M, epoch, 1));
  }

  static void odown(Driver d) {
    Commands c = Commands.at(T1);
    d.accept(c.by("n1").down(M, MASTER_PORT));
    d.accept(c.by("n2").down(M, MASTER_PORT));
    assertTrue(d.state().isOdown(d.master()));
  }

  @Test
  void automaticStartSelectsTheCandidateAndRaisesTheEpoch() {
    odown(d);
    assertEquals(List.of(
        "+new-epoch 1",
        "+try-failover " + master(MASTER_PORT),
        "+elected-leader " + master(MASTER_PORT),
        "+failover-state-select-slave " + master(MASTER_PORT),
        "+selected-slave " + slave(R1, MASTER_PORT),
        "+failover-state-send-slaveof-noone " + slave(R1, MASTER_PORT)), d.accept(c.start(M, 1, 3, R1)));
    assertEquals(1, d.state().currentEpoch());
    FailoverRecord f = d.master().failover();
    assertEquals(1, f.epoch());
    assertEquals(3, f.term());
    assertEquals("n1", f.leaderNode());
    assertEquals(FailoverStep.SELECTED, f.step());
    assertEquals(new InstanceAddress(Commands.HOST, R1), f.candidate());
    assertEquals(new InstanceAddress(Commands.HOST, MASTER_PORT), f.oldMaster());
    assertFalse(f.manual());
    assertEquals(T1, f.startedAtMs());
    assertEquals(T1, d.master().lastFailoverStartMs());
    // Nothing switches before the promotion is confirmed.
    assertEquals(MASTER_PORT, d.master().address().port());
    assertEquals(0, d.master().configEpoch());
  }

  @Test
  void automaticStartNeedsObjectiveDown() {
    d.accept(c.by("n1").down(M, MASTER_PORT));
    d.reject(c.start(M, 1, 1, R1), ResultCode.NOT_ODOWN, "master mymaster is not objectively down");
  }

  @Test
  void startEpochMustBeAboveTheCurrentEpoch() {
    odown(d);
    d.reject(c.start(M, 0, 1, R1), ResultCode.STALE_EPOCH, "failover epoch 0 is not above the current epoch (0)");
    d.accept(c.startWithoutCandidate(M, 3, 1));
    assertEquals(3, d.state().currentEpoch(), "a gap is allowed: concurrent starts are numbered by their proposer");
    d.reject(c.startManual(M, 3, 1, R1), ResultCode.STALE_EPOCH, "failover epoch 3 is not above the current epoch (3)");
    d.reject(c.startManual(M, 2, 1, R1), ResultCode.STALE_EPOCH, "failover epoch 2 is not above the current epoch (3)");
    assertEquals(3, d.state().currentEpoch());
  }

  @Test
  void startRejectsMissingTermUnknownMasterAndBadCandidates() {
    odown(d);
    d.reject(c.start(M, 1, 0, R1), ResultCode.INVALID_ARGUMENT, "failover needs the leader's term");
    d.reject(c.start("nope", 1, 1, R1), ResultCode.UNKNOWN_MASTER, "No such master with that name");
    d.reject(c.start(M, 1, 1, 7777), ResultCode.UNKNOWN_REPLICA, "127.0.0.1:7777 is not a known replica of mymaster");
    d.accept(c.replicas(M, Commands.replica(R2, Commands.runId('b'), 0)));
    d.reject(c.start(M, 1, 1, R2), ResultCode.INVALID_ARGUMENT,
        "127.0.0.1:6381 has replica-priority 0 and is never promoted");
    d.reject(c.start(Commands.startBody(M, 1, 1).setManual(true)), ResultCode.INVALID_ARGUMENT,
        "a manual failover needs a candidate");
  }

  @Test
  void onlyOneFailoverAtATime() {
    odown(d);
    d.accept(c.start(M, 1, 1, R1));
    d.reject(c.start(M, 2, 1, R2), ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress");
    d.reject(c.startManual(M, 2, 1, R2), ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress");
    d.accept(c.promoted(M, 1, 1));
    d.reject(c.startManual(M, 2, 1, R2), ResultCode.FAILOVER_IN_PROGRESS, "Failover already in progress");
  }

  @Test
  void startWithoutCandidateRecordsTheAttemptAndAbortsAtOnce() {
    odown(d);
    assertEquals(List.of(
        "+new-epoch 1",
        "+try-failover " + master(MASTER_PORT),
        "+elected-leader " + master(MASTER_PORT),
        "+failover-state-select-slave " + master(MASTER_PORT),
        "-failover-abort-no-good-slave " + master(MASTER_PORT)), d.accept(c.startWithoutCandidate(M, 1, 1)));
    assertEquals(1, d.state().currentEpoch());
    assertNull(d.master().failover());
    assertEquals(T1, d.master().lastFailoverStartMs());
  }

  @Test
  void automaticAttemptsWaitTwiceTheFailoverTimeoutInLogTime() {
    odown(d);
    d.accept(c.startWithoutCandidate(M, 1, 1));
    long next = T1 + COOLDOWN;
    d.reject(Commands.at(next - 1).start(M, 2, 1, R1), ResultCode.COOLDOWN,
        "next failover of mymaster not before log time " + next);
    // A proposer whose clock lags still cannot start early: the log time decides.
    d.reject(Commands.at(0).start(M, 2, 1, R1), ResultCode.COOLDOWN,
        "next failover of mymaster not before log time " + next);
    // Once the log clock has passed the cooldown, even a lagging proposer's stamp is fine.
    d.accept(Commands.at(next).by("n3").down(M, MASTER_PORT));
    d.accept(Commands.at(5).start(M, 2, 1, R1));
    assertEquals(next, d.master().failover().startedAtMs());
  }

  @Test
  void cooldownFollowsTheFailoverTimeoutSetting() {
    d.accept(c.set(Commands.options(M).setFailoverTimeoutMs(1_000)));
    odown(d);
    d.accept(c.startWithoutCandidate(M, 1, 1));
    d.reject(Commands.at(T1 + 1_999).start(M, 2, 1, R1), ResultCode.COOLDOWN,
        "next failover of mymaster not before log time " + (T1 + 2_000));
    d.accept(Commands.at(T1 + 2_000).start(M, 2, 1, R1));
  }

  @Test
  void aHugeFailoverTimeoutNeverLetsTheCooldownOverflow() {
    d.accept(c.set(Commands.options(M).setFailoverTimeoutMs(Long.MAX_VALUE)));
    odown(d);
    d.accept(c.startWithoutCandidate(M, 1, 1));
    ApplyResult r = d.apply(Commands.at(T1 + COOLDOWN).start(M, 2, 1, R1));
    assertEquals(ResultCode.COOLDOWN, r.code(), r.message());
  }

  @Test
  void manualFailoverSkipsObjectiveDownAndCooldown() {
    assertFalse(d.state().isOdown(d.master()));
    List<String> events = d.accept(c.startManual(M, 1, 1, R1));
    assertEquals("+new-epoch 1", events.get(0));
    assertEquals("+selected-slave " + slave(R1, MASTER_PORT), events.get(4));
    assertTrue(d.master().failover().manual());
    d.accept(c.aborted(M, 1, 1, AbortReason.ABORT_SLAVE_TIMEOUT));
    // Straight away, well inside the automatic cooldown.
    d.accept(Commands.at(T1 + 1).startManual(M, 2, 1, R2));
    assertEquals(2, d.state().currentEpoch());
  }

  @Test
  void promotedSwitchesTheMasterAndKeepsTheOldOneAsReplica() {
    odown(d);
    d.accept(c.start(M, 1, 1, R1));
    List<String> events = d.accept(Commands.at(T1 + 500).promoted(M, 1, 1));
    assertEquals(List.of(
        "+promoted-slave " + slave(R1, MASTER_PORT),
        "+failover-state-reconf-slaves " + master(MASTER_PORT),
        "-odown " + master(MASTER_PORT),
        "+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380",
        "+slave " + slave(MASTER_PORT, R1),
        "+slave " + slave(R2, R1)), events);
    MasterRecord m = d.master();
    assertEquals(new InstanceAddress(Commands.HOST, R1), m.address());
    assertEquals(1, m.configEpoch());
    assertEquals(Set.of(new InstanceAddress(Commands.HOST, MASTER_PORT), new InstanceAddress(Commands.HOST, R2)),
        m.replicas().keySet());
    ReplicaRecord old = m.replicas().get(new InstanceAddress(Commands.HOST, MASTER_PORT));
    assertEquals(ReplicaRecord.DEFAULT_PRIORITY, old.priority());
    assertEquals(T1 + 500, old.addedAtMs());
    assertEquals(FailoverStep.PROMOTED, m.failover().step());
    assertEquals(T1 + 500, m.failover().promotedAtMs());
    assertFalse(d.state().isOdown(m));
  }

  @Test
  void promotedTwiceIsANoOp() {
    promote(d, R1);
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.promoted(M, 1, 1)));
    assertEquals(before, d.state());
  }

  @Test
  void stepsMustBelongToTheFailoverInProgress() {
    d.reject(c.promoted(M, 1, 1), ResultCode.NO_FAILOVER_IN_PROGRESS, "no failover in progress for mymaster");
    d.reject(c.promoted("nope", 1, 1), ResultCode.UNKNOWN_MASTER, "No such master with that name");
    odown(d);
    d.accept(c.start(M, 1, 5, R1));
    d.reject(c.promoted(M, 2, 5), ResultCode.STALE_EPOCH, "failover of mymaster in progress has epoch 1, not 2");
    d.reject(c.promoted(M, 1, 4), ResultCode.STALE_TERM,
        "step from term 4 but the failover was last advanced in term 5");
    d.reject(c.aborted(M, 1, 4, AbortReason.ABORT_SLAVE_TIMEOUT), ResultCode.STALE_TERM,
        "step from term 4 but the failover was last advanced in term 5");
    // A newer leader finishes it and from then on its term is the bar.
    d.accept(c.promoted(M, 1, 6));
    assertEquals(6, d.master().failover().term());
    d.reject(c.reconfigured(M, 1, 5, R2, true), ResultCode.STALE_TERM,
        "step from term 5 but the failover was last advanced in term 6");
    d.reject(c.ended(M, 1, 5, false), ResultCode.STALE_TERM,
        "step from term 5 but the failover was last advanced in term 6");
  }

  @Test
  void abortedOnlyBeforePromotion() {
    odown(d);
    d.accept(c.start(M, 1, 1, R1));
    assertEquals(List.of("-failover-abort-slave-timeout " + master(MASTER_PORT)),
        d.accept(c.aborted(M, 1, 1, AbortReason.ABORT_SLAVE_TIMEOUT)));
    assertNull(d.master().failover());
    assertEquals(MASTER_PORT, d.master().address().port());
    assertEquals(1, d.state().currentEpoch());
    d.reject(c.aborted(M, 1, 1, AbortReason.ABORT_SLAVE_TIMEOUT), ResultCode.NO_FAILOVER_IN_PROGRESS,
        "no failover in progress for mymaster");

    d.accept(c.startManual(M, 2, 1, R1));
    d.accept(c.promoted(M, 2, 1));
    d.reject(c.aborted(M, 2, 1, AbortReason.ABORT_SLAVE_TIMEOUT), ResultCode.WRONG_STEP,
        "a promoted failover cannot be aborted");
  }

  @Test
  void abortReasonsUseSentinelsEventNames() {
    assertEquals("no-good-slave", FailoverCommands.abortName(AbortReason.ABORT_NO_GOOD_SLAVE));
    assertEquals("not-elected", FailoverCommands.abortName(AbortReason.ABORT_NOT_ELECTED));
    assertEquals("slave-timeout", FailoverCommands.abortName(AbortReason.ABORT_SLAVE_TIMEOUT));
    assertEquals("slave-timeout", FailoverCommands.abortName(AbortReason.ABORT_REASON_UNSPECIFIED));
    d.accept(c.startManual(M, 1, 1, R1));
    assertEquals(List.of("-failover-abort-not-elected " + master(MASTER_PORT)),
        d.accept(c.aborted(M, 1, 1, AbortReason.ABORT_NOT_ELECTED)));
  }

  @Test
  void reconfiguredOnlyAfterPromotionAndOncePerReplica() {
    odown(d);
    d.accept(c.start(M, 1, 1, R1));
    d.reject(c.reconfigured(M, 1, 1, R2, true), ResultCode.WRONG_STEP,
        "replicas are reconfigured only after promotion");
    d.accept(c.promoted(M, 1, 1));
    d.reject(c.reconfigured(M, 1, 1, 7777, true), ResultCode.UNKNOWN_REPLICA,
        "127.0.0.1:7777 is not a known replica of mymaster");
    d.reject(c.reconfigured(M, 1, 1, R1, true), ResultCode.UNKNOWN_REPLICA,
        "127.0.0.1:6380 is not a known replica of mymaster");
    d.reject(c.wrap(c.reconfigured(M, 1, 1, R2, true).toBuilder().setReplicaReconfigured(
            c.reconfigured(M, 1, 1, R2, true).getReplicaReconfigured().toBuilder().clearReplica())),
        ResultCode.INVALID_ARGUMENT, "replica is required");
    assertEquals(List.of("+slave-reconf-sent " + slave(R2, R1), "+slave-reconf-done " + slave(R2, R1)),
        d.accept(c.reconfigured(M, 1, 1, R2, true)));
    assertEquals(List.of(), d.accept(c.reconfigured(M, 1, 1, R2, false)));
    assertEquals(List.of("+slave-reconf-sent " + slave(MASTER_PORT, R1),
        "-slave-reconf-sent-timeout " + slave(MASTER_PORT, R1)), d.accept(c.reconfigured(M, 1, 1, MASTER_PORT, false)));
    assertEquals(2, d.master().failover().reconfigured().size());
  }

  @Test
  void endedOnlyAfterPromotion() {
    odown(d);
    d.accept(c.start(M, 1, 1, R1));
    d.reject(c.ended(M, 1, 1, false), ResultCode.WRONG_STEP, "a failover ends only after promotion");
    d.accept(c.promoted(M, 1, 1));
    assertEquals(List.of("+failover-end " + master(R1)), d.accept(c.ended(M, 1, 1, false)));
    assertNull(d.master().failover());
    assertEquals(1, d.master().configEpoch());
    d.reject(c.ended(M, 1, 1, false), ResultCode.NO_FAILOVER_IN_PROGRESS, "no failover in progress for mymaster");
  }

  @Test
  void endedForTimeoutSaysSo() {
    promote(d, R1);
    assertEquals(List.of("+failover-end-for-timeout " + master(R1), "+failover-end " + master(R1)),
        d.accept(c.ended(M, 1, 1, true)));
  }

  @Test
  void aSecondFailoverMovesTheMasterOnAndRaisesTheConfigEpoch() {
    promote(d, R1);
    d.accept(c.ended(M, 1, 1, false));
    // The old master came back as a replica.
    assertEquals(List.of("-sdown " + slave(MASTER_PORT, R1)), d.accept(c.by("n1").up(M, MASTER_PORT)));
    d.accept(c.by("n2").up(M, MASTER_PORT));
    d.accept(Commands.at(T1 + 10).startManual(M, 2, 2, MASTER_PORT));
    assertEquals(List.of(
        "+promoted-slave " + slave(MASTER_PORT, R1),
        "+failover-state-reconf-slaves " + master(R1),
        "+switch-master mymaster 127.0.0.1 6380 127.0.0.1 6379",
        "+slave " + slave(R1, MASTER_PORT),
        "+slave " + slave(R2, MASTER_PORT)), d.accept(Commands.at(T1 + 20).promoted(M, 2, 2)));
    assertEquals(2, d.master().configEpoch());
    assertEquals(MASTER_PORT, d.master().address().port());
  }
}
