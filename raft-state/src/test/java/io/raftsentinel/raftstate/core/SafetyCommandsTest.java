package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.master;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.TopologySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Safe mode, lag-aware promotion, vetoes and fencing as the log records them. */
class SafetyCommandsTest {
  private final Commands c = Commands.at(FailoverCommandsTest.T1);
  private final Driver d = Driver.standard();

  @Test
  void safeModeIsLoggedOnceWithItsCountsAndClearedOnce() {
    assertEquals(List.of("+safe-mode 3/4 masters down"), d.accept(c.safeMode(true, 3, 4)));
    assertEquals(new SafeMode(FailoverCommandsTest.T1, 3, 4, FailoverCommandsTest.T1 + 5_000), d.state().safeMode());
    assertEquals(List.of(), d.accept(c.safeMode(true, 4, 4)), "re-asserting changes nothing");
    assertEquals(3, d.state().safeMode().down());
    assertEquals(List.of("-safe-mode 0/1 masters down"), d.accept(c.safeMode(false, 0, 0)));
    assertFalse(d.state().safeMode().active());
  }

  @Test
  void safeModeRefusesAutomaticStartsInsideItsWindowOnly() {
    FailoverCommandsTest.odown(d);
    d.accept(c.safeMode(true, 3, 4));
    d.reject(Commands.at(FailoverCommandsTest.T1 + 4_999).start(M, 1, 1, R1), ResultCode.FAILOVER_PAUSED,
        "automatic failover held by safe mode until log time " + (FailoverCommandsTest.T1 + 5_000));
    d.accept(Commands.at(FailoverCommandsTest.T1 + 5_000).start(M, 1, 1, R1));
  }

  @Test
  void theSafeModeWindowIsJudgedInLogTimeWhateverTheProposersClock() {
    FailoverCommandsTest.odown(d);
    d.accept(c.safeMode(true, 3, 4));
    long end = FailoverCommandsTest.T1 + 5_000;
    // A proposer whose clock jumped back cannot hold the window open once the log has passed it ...
    d.accept(Commands.at(end).by("n3").down(M, MASTER_PORT));
    d.accept(Commands.at(end - 3_600_000).start(M, 1, 1, R1));
    assertEquals(end, d.master().failover().startedAtMs(), "recorded at log time, not at the stamp");
  }

  @Test
  void aLaggingStampDoesNotShortenTheSafeModeWindow() {
    FailoverCommandsTest.odown(d);
    d.accept(c.safeMode(true, 3, 4));
    long end = FailoverCommandsTest.T1 + 5_000;
    d.accept(Commands.at(end - 1).by("n3").down(M, MASTER_PORT));
    // ... and one that lags does not reach back before the current log time either.
    d.reject(Commands.at(0).start(M, 1, 1, R1), ResultCode.FAILOVER_PAUSED,
        "automatic failover held by safe mode until log time " + end);
  }

  @Test
  void anOutageCountsAMasterFailedOverAutomaticallyWithinTheWindow() {
    long t1 = FailoverCommandsTest.T1;
    FailoverCommandsTest.odown(d);
    assertEquals(1, d.state().outageCount(t1, 5_000), "reported down");
    d.accept(c.start(M, 1, 1, R1));
    d.accept(c.promoted(M, 1, 1));
    d.accept(c.ended(M, 1, 1, false));
    assertEquals(0, d.state().suspectedDownCount(), "the new master is not reported down");
    assertEquals(1, d.state().outageCount(t1 + 4_999, 5_000), "its failover began inside the window");
    assertEquals(0, d.state().outageCount(t1 + 5_000, 5_000), "and no longer counts after it");
  }

  @Test
  void anOutageDoesNotCountAManualFailover() {
    d.accept(c.startManual(M, 1, 1, R1));
    assertEquals(0, d.state().outageCount(FailoverCommandsTest.T1, 5_000));
  }

  @Test
  void aManualFailoverIsNotHeldBySafeMode() {
    d.accept(c.safeMode(true, 3, 4));
    d.accept(c.startManual(M, 1, 1, R1));
  }

  @Test
  void safeModeNeedsSensibleCounts() {
    d.reject(c.safeMode(true, 0, 4), ResultCode.INVALID_ARGUMENT, "safe mode needs 0 < down <= total, got 0/4");
    d.reject(c.safeMode(true, 5, 4), ResultCode.INVALID_ARGUMENT, "safe mode needs 0 < down <= total, got 5/4");
  }

  @Test
  void safeModeSurvivesASnapshot() {
    d.accept(c.safeMode(true, 3, 4));
    TopologySnapshot snap = SnapshotCodec.encode(d.state(), 1, 10);
    assertEquals(d.state(), SnapshotCodec.decode(snap));
  }

  @Test
  void aStartRefusedForLagIsRecordedAsAPromotionLagAbort() {
    FailoverCommandsTest.odown(d);
    assertEquals(List.of(
        "+new-epoch 1",
        "+try-failover " + master(MASTER_PORT),
        "+elected-leader " + master(MASTER_PORT),
        "+failover-state-select-slave " + master(MASTER_PORT),
        "-failover-abort-promotion-lag " + master(MASTER_PORT)),
        d.accept(c.start(Commands.startBody(M, 1, 1).setNoCandidateReason(AbortReason.ABORT_PROMOTION_LAG)
            .setNoCandidateDetail("best replica 127.0.0.1:6380 is 5000 bytes behind (max-promotion-lag 1000)"))));
    assertNull(d.master().failover());
    FailoverHistoryEntry e = d.master().history().get(0);
    assertEquals(FailoverHistoryEntry.ABORTED, e.outcome());
    assertEquals("promotion-lag: best replica 127.0.0.1:6380 is 5000 bytes behind (max-promotion-lag 1000)",
        e.reason());
  }

  @Test
  void aStartWithoutCandidateOrReasonIsStillNoGoodSlave() {
    FailoverCommandsTest.odown(d);
    List<String> events = d.accept(c.startWithoutCandidate(M, 1, 1));
    assertEquals("-failover-abort-no-good-slave " + master(MASTER_PORT), events.get(events.size() - 1));
    assertEquals("no-good-slave", d.master().history().get(0).reason());
  }

  @Test
  void aVetoAbortsWithTheScriptOutput() {
    FailoverCommandsTest.odown(d);
    d.accept(c.start(M, 1, 1, R1));
    assertEquals(List.of("-failover-abort-vetoed " + master(MASTER_PORT)),
        d.accept(c.wrap(io.raftsentinel.proto.state.Command.newBuilder().setFailoverAborted(
            io.raftsentinel.proto.state.FailoverAborted.newBuilder().setMaster(M).setEpoch(1).setTerm(1)
                .setReason(AbortReason.ABORT_VETOED).setDetail("pre-promote-script exited 3: not today")))));
    assertEquals("vetoed: pre-promote-script exited 3: not today", d.master().history().get(0).reason());
  }

  @Test
  void theCandidateLagIsKeptFromStartToHistory() {
    FailoverCommandsTest.odown(d);
    d.accept(c.start(Commands.startBody(M, 1, 1).setCandidate(Commands.addr(R1)).setCandidatePriority(100)
        .setCandidateLag(777)));
    assertEquals(777, d.master().failover().candidateLag());
    assertEquals(d.state(), SnapshotCodec.decode(SnapshotCodec.encode(d.state(), 1, 10)));
    d.accept(c.promoted(M, 1, 1));
    d.accept(c.ended(M, 1, 1, false));
    assertEquals(777, d.master().history().get(0).candidateLag());
  }

  @Test
  void aFencedOldMasterIsAnnouncedBeforeThePromotion() {
    FailoverCommandsTest.odown(d);
    d.accept(c.start(M, 1, 1, R1));
    List<String> events = d.accept(c.promotedFenced(M, 1, 1));
    assertEquals("+fenced-old-master " + master(MASTER_PORT), events.get(0));
    assertTrue(events.get(1).startsWith("+promoted-slave"));
  }

  @Test
  void lagPolicyIsSetAllOrNothing() {
    assertEquals(List.of(
        "+set " + master(MASTER_PORT) + " promotion-lag-policy refuse",
        "+set " + master(MASTER_PORT) + " max-promotion-lag 1048576"),
        d.accept(c.set(Commands.options(M).setPromotionLagPolicy("REFUSE").setMaxPromotionLag(1 << 20))));
    assertEquals(PromotionLagPolicy.REFUSE, d.master().settings().promotionLagPolicy());
    assertEquals(1 << 20, d.master().settings().maxPromotionLag());
    d.reject(c.set(Commands.options(M).setPromotionLagPolicy("sometimes").setMaxPromotionLag(5)),
        ResultCode.INVALID_ARGUMENT,
        "Invalid argument 'sometimes' for SENTINEL SET 'promotion-lag-policy' (allow, refuse or wait)");
    d.reject(c.set(Commands.options(M).setMaxPromotionLag(-1)), ResultCode.INVALID_ARGUMENT,
        "Invalid argument '-1' for SENTINEL SET 'max-promotion-lag'");
    assertEquals(d.state(), SnapshotCodec.decode(SnapshotCodec.encode(d.state(), 1, 10)));
  }
}
