package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.TopologySnapshot;
import org.junit.jupiter.api.Test;

/** The coordinated (zero-loss) switchover in the replicated state: start, abort on time-out, snapshot. */
class SwitchoverCommandsTest {
  private static final long T1 = FailoverCommandsTest.T1;
  private final Driver d = Driver.standard();

  private static Command switchover(long epoch, int candidatePort, long timeoutMs) {
    return Commands.at(T1).start(Commands.startBody(M, epoch, 1).setManual(true).setCoordinated(true)
        .setSwitchoverTimeoutMs(timeoutMs).setCandidate(Commands.addr(candidatePort)));
  }

  @Test
  void aSwitchoverStartsOnAHealthyMasterAndRecordsItsTimeout() {
    var events = d.accept(switchover(1, R1, 1234));
    FailoverRecord f = d.master().failover();
    assertTrue(f.coordinated());
    assertTrue(f.manual());
    assertEquals(1234, f.switchoverTimeoutMs());
    assertEquals(FailoverStep.SELECTED, f.step());
    assertTrue(events.contains("+switchover-requested " + Driver.slave(R1, MASTER_PORT) + " timeout 1234"),
        events.toString());
  }

  @Test
  void theTimeoutDefaultsWhenNotGiven() {
    d.accept(switchover(1, R1, 0));
    assertEquals(FailoverRecord.DEFAULT_SWITCHOVER_TIMEOUT_MS, d.master().failover().switchoverTimeoutMs());
  }

  @Test
  void aForcedFailoverIsNotCoordinatedAndHasNoSwitchoverTimeout() {
    d.accept(Commands.at(T1).startManual(M, 1, 1, R1));
    assertFalse(d.master().failover().coordinated());
    assertEquals(0, d.master().failover().switchoverTimeoutMs());
  }

  @Test
  void aSwitchoverMustBeManualAndHaveASaneTimeout() {
    d.reject(Commands.at(T1).start(Commands.startBody(M, 1, 1).setCoordinated(true).setManual(true)),
        ResultCode.INVALID_ARGUMENT, "a manual failover needs a candidate");
    FailoverCommandsTest.odown(d);
    d.reject(Commands.at(T1).start(Commands.startBody(M, 1, 1).setCoordinated(true)
        .setCandidate(Commands.addr(R1))), ResultCode.INVALID_ARGUMENT, "a coordinated switchover is manual");
    d.reject(Commands.at(T1).start(Commands.startBody(M, 1, 1).setCoordinated(true).setManual(true)
        .setSwitchoverTimeoutMs(-1).setCandidate(Commands.addr(R1))), ResultCode.INVALID_ARGUMENT,
        "switchover time-out must not be negative");
  }

  @Test
  void maintenanceModeDoesNotBlockASwitchover() {
    d.accept(Commands.at(T1).paused("", true));
    d.accept(Commands.at(T1).paused(M, true));
    d.accept(switchover(1, R2, 2000));
    assertTrue(d.master().failover().coordinated());
  }

  @Test
  void aTimedOutSwitchoverAbortsWithItsOwnReasonAndKeepsTheMaster() {
    d.accept(switchover(1, R1, 500));
    var events = d.accept(Commands.at(T1 + 600).wrap(Command.newBuilder().setFailoverAborted(FailoverAborted
        .newBuilder().setMaster(M).setEpoch(1).setTerm(1).setReason(AbortReason.ABORT_SWITCHOVER_TIMEOUT)
        .setDetail("127.0.0.1:" + R1 + " did not catch up within 500 ms"))));
    assertEquals(java.util.List.of("-failover-abort-switchover-timeout " + Driver.master(MASTER_PORT)), events);
    assertNull(d.master().failover());
    assertEquals(new InstanceAddress(Commands.HOST, MASTER_PORT), d.master().address());
    FailoverHistoryEntry e = d.master().history().get(0);
    assertTrue(e.coordinated());
    assertEquals(FailoverHistoryEntry.ABORTED, e.outcome());
    assertEquals("switchover-timeout: 127.0.0.1:" + R1 + " did not catch up within 500 ms", e.reason());
  }

  @Test
  void aCompletedSwitchoverIsRecordedAsCoordinated() {
    d.accept(switchover(1, R1, 500));
    d.accept(Commands.at(T1 + 100).promoted(M, 1, 1));
    assertTrue(d.master().failover().coordinated(), "kept through promotion");
    assertEquals(500, d.master().failover().switchoverTimeoutMs());
    d.accept(Commands.at(T1 + 200).ended(M, 1, 1, false));
    assertTrue(d.master().history().get(0).coordinated());
    assertEquals(FailoverHistoryEntry.ENDED, d.master().history().get(0).outcome());
  }

  @Test
  void snapshotsKeepTheSwitchoverInProgressAndInHistory() throws Exception {
    d.accept(switchover(1, R1, 700));
    d.accept(Commands.at(T1 + 100).promoted(M, 1, 1));
    d.accept(Commands.at(T1 + 200).ended(M, 1, 1, false));
    d.accept(switchover(2, MASTER_PORT, 900));
    TopologyState back = SnapshotCodec.decode(TopologySnapshot.parseFrom(
        SnapshotCodec.encode(d.state(), 1, d.index()).toByteArray()));
    assertEquals(d.state(), back);
    assertTrue(back.master(M).failover().coordinated());
    assertEquals(900, back.master(M).failover().switchoverTimeoutMs());
    assertTrue(back.master(M).history().get(0).coordinated());
  }
}
