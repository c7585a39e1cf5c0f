package io.raftsentinel.node.runtime;

import io.raftsentinel.node.failover.FailoverHooks;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.function.Function;

/**
 * What a node takes besides its config file, injected by the launcher or by tests.
 *
 * @param hooks fault-injection points of the failover (SENTINEL SIMULATE-FAILURE)
 * @param route the address this node connects to for each instance address (identity by default)
 */
public record NodeOptions(FailoverHooks hooks, Function<InstanceAddress, InstanceAddress> route) {

  public static final NodeOptions DEFAULTS = new NodeOptions(FailoverHooks.NONE, Function.identity());

  public NodeOptions withHooks(FailoverHooks h) {
    return new NodeOptions(h, route);
  }

  public NodeOptions withRoute(Function<InstanceAddress, InstanceAddress> r) {
    return new NodeOptions(hooks, r);
  }
}
