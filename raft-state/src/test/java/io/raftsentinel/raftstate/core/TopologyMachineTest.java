package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyMachineTest {

  @Test
  void logTimeIsTheLargestTimestampSoFar() {
    Driver d = Driver.standard();
    d.accept(Commands.at(9_000).down(M, MASTER_PORT));
    assertEquals(9_000, d.state().logTimeMs());
    // A proposer with a slower clock does not move it back, and its events carry the log time.
    ApplyResult r = d.apply(Commands.at(8_000).up(M, MASTER_PORT));
    assertEquals(9_000, r.state().logTimeMs());
    assertEquals(9_000, r.events().get(0).timeMs());
    d.accept(Commands.at(-5).down(M, MASTER_PORT));
    assertEquals(9_000, d.state().logTimeMs());
    d.accept(Commands.at(9_001).monitor(M, MASTER_PORT, 2));
    assertEquals(9_001, d.state().logTimeMs());
  }

  @Test
  void aRejectedCommandDoesNotAdvanceTheLogClock() {
    Driver d = Driver.standard();
    d.reject(Commands.at(50_000).remove("nope"), ResultCode.UNKNOWN_MASTER, "No such master with that name");
    assertEquals(Driver.T0, d.state().logTimeMs());
  }

  @Test
  void aCommandWithoutBodyIsMalformed() {
    Driver d = Driver.standard();
    d.reject(Command.newBuilder().setTimestampMs(50_000).setProposer("n1").build(), ResultCode.MALFORMED,
        "command has no body");
  }

  @Test
  void eventsCarryTheLogIndex() {
    ApplyResult r = TopologyMachine.apply(TopologyState.EMPTY, Commands.at(7).monitor(M, MASTER_PORT, 1), 42);
    assertEquals(List.of(new SentinelEvent(42, 7, M, "+monitor", "master mymaster 127.0.0.1 6379 quorum 1", "")),
        r.events());
  }

  @Test
  void aSnapshotRoundTripGivesAnEqualState() throws Exception {
    Driver d = Driver.standard();
    FailoverCommandsTest.odown(d);
    d.accept(Commands.at(3_000).start(M, 1, 2, Driver.R1));
    d.accept(Commands.at(3_000).promoted(M, 1, 2));
    d.accept(Commands.at(3_000).reconfigured(M, 1, 2, Driver.R2, true));
    byte[] bytes = SnapshotCodec.encode(d.state(), 2, d.index()).toByteArray();
    TopologyState back = SnapshotCodec.decode(io.raftsentinel.proto.state.TopologySnapshot.parseFrom(bytes));
    assertEquals(d.state(), back);
    assertEquals(List.of(bytes.length), List.of(SnapshotCodec.encode(back, 2, d.index()).toByteArray().length));
  }
}
