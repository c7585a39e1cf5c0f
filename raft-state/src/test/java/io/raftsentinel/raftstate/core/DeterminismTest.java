package io.raftsentinel.raftstate.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.TopologySnapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same log gives the same snapshot bytes and the same events, whether a replica applied it
 * straight through or restarted from a snapshot half-way. Seeded: rerun a failure with -Dseed=N.
 */
class DeterminismTest {
  private static final int COMMANDS = 20_000;
  private static final long TERM = 7;

  /** One replica's view of the log: the state and every reply. */
  private record Outcome(TopologyState state, List<String> replies) {}

  @Test
  void replicasAgreeByteForByteAndTheInvariantsHold() {
    long seed = Long.getLong("seed", System.nanoTime());
    String rerun = " (seed " + seed + ", rerun with -Dseed=" + seed + ")";
    List<Command> log = generate(seed, rerun);
    int midpoint = 1 + new java.util.Random(seed).nextInt(COMMANDS - 1);

    Outcome straight = replay(log, -1, rerun);
    Outcome restarted = replay(log, midpoint, rerun);
    Outcome again = replay(log, -1, rerun);

    byte[] expected = snapshot(straight.state());
    assertArrayEquals(expected, snapshot(restarted.state()), "restored at " + midpoint + rerun);
    assertArrayEquals(expected, snapshot(again.state()), "second run" + rerun);
    assertEquals(straight.replies(), restarted.replies(), "replies and events, restored at " + midpoint + rerun);
    assertEquals(straight.replies(), again.replies(), "replies and events, second run" + rerun);
  }

  /** Generates the log while applying it, checking the invariants after every command. */
  private static List<Command> generate(long seed, String rerun) {
    RandomCommands generator = new RandomCommands(seed);
    Map<ResultCode, Integer> verdicts = new EnumMap<>(ResultCode.class);
    List<Command> log = new ArrayList<>(COMMANDS);
    TopologyState state = TopologyState.EMPTY;
    int failovers = 0;
    for (int i = 1; i <= COMMANDS; i++) {
      Command command = generator.next(state);
      log.add(command);
      ApplyResult r = TopologyMachine.apply(state, command, i);
      String where = "command " + i + " " + command.getBodyCase() + ": " + r.code() + " " + r.message() + rerun;
      checkInvariants(state, command, r, where);
      if (r.ok() && command.hasFailoverPromoted() && !r.events().isEmpty()) {
        failovers++;
      }
      verdicts.merge(r.code(), 1, Integer::sum);
      state = r.state();
    }
    // The generator must reach deep states, or the comparison proves little.
    assertTrue(failovers >= 5, "only " + failovers + " promotions " + verdicts + rerun);
    assertTrue(verdicts.getOrDefault(ResultCode.OK, 0) > COMMANDS / 4, verdicts + rerun);
    return log;
  }

  private static void checkInvariants(TopologyState before, Command command, ApplyResult r, String where) {
    TopologyState after = r.state();
    if (!r.ok()) {
      assertEquals(before, after, where);
      assertTrue(r.events().isEmpty(), where);
      return;
    }
    assertTrue(after.currentEpoch() >= before.currentEpoch(), "currentEpoch went down at " + where);
    assertTrue(after.logTimeMs() >= before.logTimeMs(), "log time went back at " + where);
    for (MasterRecord m : after.masters().values()) {
      assertTrue(m.configEpoch() <= after.currentEpoch(), "configEpoch above currentEpoch at " + where);
      MasterRecord old = before.master(m.name());
      if (old != null && m.failover() != null) {
        assertTrue(m.configEpoch() >= old.configEpoch(), "configEpoch went down at " + where);
        assertTrue(m.failover().epoch() <= after.currentEpoch(), where);
        // A failover may replace another only by ending it first: never two in flight.
        if (old.failover() != null && old.failover().epoch() != m.failover().epoch()) {
          fail("a second failover started while one was in progress at " + where);
        }
      }
    }
    if (command.hasStartFailover() && command.getStartFailover().hasCandidate()) {
      MasterRecord old = before.master(command.getStartFailover().getMaster());
      assertTrue(old.failover() == null, "started over a failover in progress at " + where);
    }
    if (command.hasStartFailover() && !command.getStartFailover().getManual()) {
      MasterRecord old = before.master(command.getStartFailover().getMaster());
      assertTrue(!before.isFailoverPaused(old), "automatic failover started while paused at " + where);
    }
  }

  private static Outcome replay(List<Command> log, int restoreAt, String rerun) {
    TopologyState state = TopologyState.EMPTY;
    List<String> replies = new ArrayList<>(log.size());
    for (int i = 1; i <= log.size(); i++) {
      if (i == restoreAt) {
        TopologyState restored = restore(state, i - 1);
        assertEquals(state, restored, "snapshot round trip at " + i + rerun);
        state = restored;
      }
      ApplyResult r = TopologyMachine.apply(state, log.get(i - 1), i);
      replies.add(r.code() + " " + r.message() + " " + r.count() + " " + r.events());
      state = r.state();
    }
    return new Outcome(state, replies);
  }

  private static TopologyState restore(TopologyState state, long index) {
    try {
      return SnapshotCodec.decode(TopologySnapshot.parseFrom(snapshot(state, index)));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("snapshot did not parse", e);
    }
  }

  private static byte[] snapshot(TopologyState state) {
    return snapshot(state, COMMANDS);
  }

  private static byte[] snapshot(TopologyState state, long index) {
    return SnapshotCodec.encode(state, TERM, index).toByteArray();
  }
}
