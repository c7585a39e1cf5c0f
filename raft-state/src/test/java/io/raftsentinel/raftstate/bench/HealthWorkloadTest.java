package io.raftsentinel.raftstate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.TopologyMachine;
import io.raftsentinel.raftstate.core.TopologyState;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it claims: every command is accepted and is a real transition. */
class HealthWorkloadTest {

  @Test
  void everyReportChangesTheStateAndARoundEndsWhereItStarted() {
    HealthWorkload w = HealthWorkload.of(10, 2);
    assertEquals(2 * 2 * 10 * 3 * 3, w.reports().size());
    assertEquals(10, w.start().masters().size());
    assertEquals(3, w.start().nodes().size());
    TopologyState state = w.start();
    long index = 0;
    int odownChanges = 0;
    for (Command c : w.reports()) {
      ApplyResult r = TopologyMachine.apply(state, c, ++index);
      assertTrue(r.ok(), r::message);
      assertFalse(r.events().isEmpty(), "not a transition: " + c);
      assertNotSame(state.masters(), r.state().masters());
      odownChanges += (int) r.events().stream().filter(e -> e.type().endsWith("odown")).count();
      state = r.state();
    }
    // Each round every master goes ODOWN once and back.
    assertEquals(2 * 10 * 2, odownChanges);
    assertEquals(w.start().masters(), state.masters());
  }
}
