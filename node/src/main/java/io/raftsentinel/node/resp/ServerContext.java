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
    long startedAtMs) {

  long nowMs() {
    return clock.millis();
  }
}
