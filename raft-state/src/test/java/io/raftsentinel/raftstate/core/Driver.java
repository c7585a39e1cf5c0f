package io.raftsentinel.raftstate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;
import java.util.List;

/**
 * Applies commands to a {@link TopologyState} in log order, like a replica would, and checks the
 * verdicts. {@link #standard()} is the group most tests start from: nodes n1..n3, master
 * {@code mymaster} on port 6379 with quorum 2 and replicas on 6380 and 6381, all at log time 1000.
 */
final class Driver {
  static final String M = "mymaster";
  static final int MASTER_PORT = 6379;
  static final int R1 = 6380;
  static final int R2 = 6381;
  static final long T0 = 1_000;

  private TopologyState state;
  private long index;

  Driver(TopologyState state) {
    this.state = state;
  }

  static Driver empty() {
    return new Driver(TopologyState.EMPTY);
  }

  static Driver standard() {
    Driver d = empty();
    Commands c = Commands.at(T0);
    d.accept(c.announce("n1", 26379));
    d.accept(c.announce("n2", 26380));
    d.accept(c.announce("n3", 26381));
    d.accept(c.monitor(M, MASTER_PORT, 2));
    d.accept(c.replicas(M, Commands.replica(R1, Commands.runId('a'), 100),
        Commands.replica(R2, Commands.runId('b'), 100)));
    return d;
  }

  TopologyState state() {
    return state;
  }

  MasterRecord master() {
    return state.master(M);
  }

  long index() {
    return index;
  }

  ApplyResult apply(Command command) {
    ApplyResult r = TopologyMachine.apply(state, command, ++index);
    state = r.state();
    return r;
  }

  /** Applies a command that must be accepted; returns its events as Sentinel's log lines. */
  List<String> accept(Command command) {
    ApplyResult r = apply(command);
    assertEquals(ResultCode.OK, r.code(), () -> "rejected: " + r.message());
    assertEquals("OK", r.message());
    return lines(r);
  }

  /** Applies a command that must be rejected with this code and message, changing nothing at all. */
  void reject(Command command, ResultCode code, String message) {
    TopologyState before = state;
    ApplyResult r = apply(command);
    assertEquals(code, r.code(), () -> "verdict for " + command);
    assertEquals(message, r.message());
    assertEquals(List.of(), r.events());
    assertEquals(0, r.count());
    assertEquals(before, r.state(), "a rejected command must leave the state as it was");
    assertEquals(before.logTimeMs(), r.state().logTimeMs());
  }

  static List<String> lines(ApplyResult r) {
    return r.events().stream().map(SentinelEvent::logLine).toList();
  }

  /** {@code master <name> 127.0.0.1 <port>} */
  static String master(int port) {
    return "master " + M + " 127.0.0.1 " + port;
  }

  /** {@code slave 127.0.0.1:<port> 127.0.0.1 <port> @ mymaster 127.0.0.1 <masterPort>} */
  static String slave(int port, int masterPort) {
    return "slave 127.0.0.1:" + port + " 127.0.0.1 " + port + " @ " + M + " 127.0.0.1 " + masterPort;
  }
}
