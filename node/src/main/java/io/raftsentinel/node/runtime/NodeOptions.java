package io.raftsentinel.node.runtime;

import io.raftsentinel.node.failover.FailoverHooks;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.ratis.RaftTuning;
import java.time.InstantSource;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What a node takes besides its config file, injected by the launcher or by tests.
 *
 * @param hooks fault-injection points of the failover (SENTINEL SIMULATE-FAILURE)
 * @param route the address this node connects to for each instance address (identity by default)
 * @param wallClock the wall clock (the system's by default; tests step it). The node reads it for log
 *     time only once, at start ({@link LogClock}), and otherwise only for what it reports as wall time
 * @param tuning applied to the Raft tuning the config gives (identity by default; tests shrink log
 *     segments so that a snapshot purges the log)
 */
public record NodeOptions(FailoverHooks hooks, Function<InstanceAddress, InstanceAddress> route,
    InstantSource wallClock, UnaryOperator<RaftTuning> tuning) {

  public static final NodeOptions DEFAULTS = new NodeOptions(FailoverHooks.NONE, Function.identity(),
      InstantSource.system(), UnaryOperator.identity());

  public NodeOptions withHooks(FailoverHooks h) {
    return new NodeOptions(h, route, wallClock, tuning);
  }

  public NodeOptions withRoute(Function<InstanceAddress, InstanceAddress> r) {
    return new NodeOptions(hooks, r, wallClock, tuning);
  }

  public NodeOptions withWallClock(InstantSource c) {
    return new NodeOptions(hooks, route, c, tuning);
  }

  public NodeOptions withTuning(UnaryOperator<RaftTuning> t) {
    return new NodeOptions(hooks, route, wallClock, t);
  }
}
