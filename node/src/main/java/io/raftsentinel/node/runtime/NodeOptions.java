package io.raftsentinel.node.runtime;

import io.raftsentinel.node.failover.FailoverHooks;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * What a node takes besides its config file, injected by the launcher or by tests.
 *
 * @param hooks fault-injection points of the failover (SENTINEL SIMULATE-FAILURE)
 * @param route the address this node connects to for each instance address (identity by default)
 * @param wallClock the wall clock (the system's by default; tests step it). The node reads it for log
 *     time only once, at start ({@link LogClock}), and otherwise only for what it reports as wall time
 */
public record NodeOptions(FailoverHooks hooks, Function<InstanceAddress, InstanceAddress> route,
    InstantSource wallClock) {

  public static final NodeOptions DEFAULTS = new NodeOptions(FailoverHooks.NONE, Function.identity(),
      InstantSource.system());

  public NodeOptions withHooks(FailoverHooks h) {
    return new NodeOptions(h, route, wallClock);
  }

  public NodeOptions withRoute(Function<InstanceAddress, InstanceAddress> r) {
    return new NodeOptions(hooks, r, wallClock);
  }

  public NodeOptions withWallClock(InstantSource c) {
    return new NodeOptions(hooks, route, c);
  }
}
