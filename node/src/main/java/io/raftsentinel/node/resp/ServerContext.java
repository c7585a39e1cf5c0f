package io.raftsentinel.node.resp;

import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import java.time.Clock;

/** What the command handlers share: the node's read model and write path, and this server's state. */
record ServerContext(
    TopologyQueryService query,
    TopologyWriter writer,
    RespConfig config,
    ClientRegistry clients,
    ServerStats stats,
    SimulateFailureFlags simulateFailure,
    SentinelGlobals globals,
    DebugParams debug,
    Clock clock,
    Clock wall,
    long startedAtMs) {

  /** For durations and ages: the node's log clock, which wall-clock steps do not move. */
  long nowMs() {
    return clock.millis();
  }

  /** The wall clock, for what Redis reports as the system time ({@code server_time_usec}). */
  long wallMs() {
    return wall.millis();
  }
}
