package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several failover starts in one entry apply exactly as the same starts one entry each. */
class StartFailoversTest {
  private static final String OTHER = "other";
  private static final int OTHER_PORT = 7379;
  private static final int OTHER_REPLICA = 7380;
  private static final String IDLE = "idle";
  private static final int IDLE_PORT = 8379;

  private final Commands c = Commands.at(FailoverCommandsTest.T1);

  /** The standard group plus two more masters, the first two objectively down, the third healthy. */
  private Driver twoDown() {
    Driver d = Driver.standard();
    d.accept(c.monitor(OTHER, OTHER_PORT, 2));
    d.accept(c.replicas(OTHER, Commands.replica(OTHER_REPLICA, Commands.runId('c'), 100)));
    d.accept(c.monitor(IDLE, IDLE_PORT, 2));
    for (String node : List.of("n1", "n2")) {
      d.accept(c.by(node).down(M, MASTER_PORT));
      d.accept(c.by(node).down(OTHER, OTHER_PORT));
    }
    assertTrue(d.state().isOdown(d.state().master(M)));
    assertTrue(d.state().isOdown(d.state().master(OTHER)));
    return d;
  }

  private static StartFailover.Builder start(String master, long epoch, int candidate) {
    return Commands.startBody(master, epoch, 1).setCandidate(Commands.addr(candidate)).setCandidatePriority(100);
  }

  @Test
  void aBatchEqualsItsStartsAppliedOneByOne() {
    Driver batched = twoDown();
    Driver single = twoDown();
    ApplyResult r = batched.apply(c.startAll(start(M, 1, R1), start(OTHER, 2, OTHER_REPLICA)));
    assertEquals(ResultCode.OK, r.code());
    assertEquals("OK", r.message());
    assertEquals(2, r.count());
    List<String> one = new ArrayList<>(single.accept(c.start(start(M, 1, R1))));
    one.addAll(single.accept(c.start(start(OTHER, 2, OTHER_REPLICA))));
    assertEquals(one, Driver.lines(r), "the same events, in order");
    assertEquals(single.state(), batched.state());
    assertEquals(2, batched.state().currentEpoch());
    assertTrue(batched.state().master(M).attempted(1));
    assertTrue(batched.state().master(OTHER).attempted(2));
    assertFalse(batched.state().master(OTHER).attempted(1));
    assertTrue(r.events().stream().allMatch(e -> e.index() == batched.index()), "stamped with the entry's index");
  }

  @Test
  void aStartThatDoesNotApplyIsSkippedAndTheOthersGoOn() {
    Driver d = twoDown();
    ApplyResult r = d.apply(c.startAll(start(M, 1, R1), start(IDLE, 2, IDLE_PORT + 1), start(OTHER, 3,
        OTHER_REPLICA)));
    assertEquals(ResultCode.OK, r.code());
    assertEquals(2, r.count());
    assertEquals("OK; not started: idle: master idle is not objectively down", r.message());
    assertEquals(1, d.state().master(M).failover().epoch());
    assertEquals(3, d.state().master(OTHER).failover().epoch());
    assertNull(d.state().master(IDLE).failover());
    assertFalse(d.state().master(IDLE).attempted(2));
    assertEquals(3, d.state().currentEpoch());
  }

  @Test
  void aBatchOfWhichNothingAppliesChangesNothing() {
    Driver d = twoDown();
    d.accept(c.start(start(M, 5, R1)));
    d.reject(c.startAll(start(M, 6, R1), start(OTHER, 4, OTHER_REPLICA)), ResultCode.FAILOVER_IN_PROGRESS,
        "Failover already in progress");
    d.reject(c.startAll(), ResultCode.INVALID_ARGUMENT, "no failover to start");
  }
}
