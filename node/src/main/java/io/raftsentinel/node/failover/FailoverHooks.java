package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.InstanceAddress;

/**
 * Points where fault injection (SENTINEL SIMULATE-FAILURE) can act: called on the coordinator thread
 * right after the start / the promotion / a replica's reconfiguration of a failover led by this node
 * was committed. While a hook runs, this node's coordinator does nothing else (a hook that never
 * returns is a crashed leader).
 */
public interface FailoverHooks {
  FailoverHooks NONE = new FailoverHooks() {};

  default void afterStartCommitted(String master, long epoch) {}

  default void afterPromotionCommitted(String master, long epoch) {}

  default void afterReplicaReconfigured(String master, long epoch, InstanceAddress replica) {}
}
