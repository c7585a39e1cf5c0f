package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.master;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.TopologySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceCommandsTest {
  private final Commands c = Commands.at(FailoverCommandsTest.T1);
  private final Driver d = Driver.standard();

  @Test
  void pausingAMasterIsLoggedOnceAndResumingClearsIt() {
    assertEquals(List.of("+failover-paused " + master(MASTER_PORT)), d.accept(c.paused(M, true)));
    assertTrue(d.master().failoverPaused());
    assertTrue(d.state().isFailoverPaused(d.master()));
    assertFalse(d.state().failoverPaused());
    // Pausing again changes nothing and says nothing.
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.paused(M, true)));
    assertEquals(before, d.state());
    assertEquals(List.of("-failover-paused " + master(MASTER_PORT)), d.accept(c.paused(M, false)));
    assertFalse(d.state().isFailoverPaused(d.master()));
  }

  @Test
  void theGlobalSwitchPausesEveryMaster() {
    assertEquals(List.of("+failover-paused all"), d.accept(c.paused("", true)));
    assertTrue(d.state().failoverPaused());
    assertFalse(d.master().failoverPaused());
    assertTrue(d.state().isFailoverPaused(d.master()));
    assertEquals(List.of(), d.accept(c.paused("", true)));
    assertEquals(List.of("-failover-paused all"), d.accept(c.paused("", false)));
    assertFalse(d.state().isFailoverPaused(d.master()));
  }

  @Test
  void anUnknownMasterIsRejected() {
    d.reject(c.paused("nope", true), ResultCode.UNKNOWN_MASTER, MasterCommands.NO_SUCH_MASTER);
  }

  @Test
  void aPausedMasterGetsNoAutomaticFailover() {
    FailoverCommandsTest.odown(d);
    d.accept(c.paused(M, true));
    d.reject(c.start(M, 1, 1, R1), ResultCode.FAILOVER_PAUSED, "automatic failover of mymaster is paused");
    d.reject(c.startWithoutCandidate(M, 1, 1), ResultCode.FAILOVER_PAUSED, "automatic failover of mymaster is paused");
    d.accept(c.paused(M, false));
    d.accept(c.start(M, 1, 1, R1));
    assertTrue(d.master().failoverInProgress());
  }

  @Test
  void theGlobalPauseStopsAutomaticFailoverToo() {
    FailoverCommandsTest.odown(d);
    d.accept(c.paused("", true));
    d.reject(c.start(M, 1, 1, R1), ResultCode.FAILOVER_PAUSED,
        "automatic failover of mymaster is paused (all masters)");
    assertEquals(0, d.state().currentEpoch());
  }

  @Test
  void aManualFailoverIsAllowedWhilePaused() {
    d.accept(c.paused(M, true));
    d.accept(c.paused("", true));
    d.accept(c.startManual(M, 1, 1, R1));
    assertTrue(d.master().failover().manual());
  }

  @Test
  void aFailoverInProgressFinishesAfterAPause() {
    FailoverCommandsTest.odown(d);
    d.accept(c.start(M, 1, 1, R1));
    d.accept(c.paused(M, true));
    d.accept(c.promoted(M, 1, 1));
    d.accept(c.ended(M, 1, 1, false));
    assertEquals(R1, d.master().address().port());
    assertTrue(d.master().failoverPaused());
  }

  @Test
  void resetKeepsTheOperatorsPause() {
    d.accept(c.paused(M, true));
    d.accept(c.reset("*"));
    assertTrue(d.master().failoverPaused());
  }

  @Test
  void bothFlagsSurviveASnapshot() throws Exception {
    d.accept(c.paused(M, true));
    d.accept(c.paused("", true));
    byte[] bytes = SnapshotCodec.encode(d.state(), 2, d.index()).toByteArray();
    TopologyState back = SnapshotCodec.decode(TopologySnapshot.parseFrom(bytes));
    assertEquals(d.state(), back);
    assertTrue(back.failoverPaused());
    assertTrue(back.master(M).failoverPaused());
  }
}
