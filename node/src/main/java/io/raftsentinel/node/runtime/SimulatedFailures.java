package io.raftsentinel.node.runtime;

import io.raftsentinel.node.failover.FailoverHooks;
import io.raftsentinel.node.resp.SimulateFailureFlags;
import io.raftsentinel.raftstate.core.InstanceAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SENTINEL SIMULATE-FAILURE: when a flag is set, the process halts (exit code 99, like Sentinel) at
 * the named point of a failover this node leads. Also forwards to the hooks given by the embedder.
 */
final class SimulatedFailures implements FailoverHooks {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedFailures.class);
  static final int EXIT_CODE = 99;

  private final SimulateFailureFlags flags;
  private final FailoverHooks next;

  SimulatedFailures(SimulateFailureFlags flags, FailoverHooks next) {
    this.flags = flags;
    this.next = next;
  }

  @Override
  public void afterStartCommitted(String master, long epoch) {
    if (flags.crashAfterElection()) {
      crash("crash-after-election", master, epoch);
    }
    next.afterStartCommitted(master, epoch);
  }

  @Override
  public void afterPromotionCommitted(String master, long epoch) {
    if (flags.crashAfterPromotion()) {
      crash("crash-after-promotion", master, epoch);
    }
    next.afterPromotionCommitted(master, epoch);
  }

  @Override
  public void afterReplicaReconfigured(String master, long epoch, InstanceAddress replica) {
    if (flags.crashAfterSlaveReconf()) {
      crash("crash-after-slave-reconf " + replica.name(), master, epoch);
    }
    next.afterReplicaReconfigured(master, epoch, replica);
  }

  private static void crash(String point, String master, long epoch) {
    LOG.warn("SIMULATE-FAILURE {}: halting during the failover of {} (epoch {})", point, master, epoch);
    // halt, not exit: a crash runs no shutdown hooks.
    Runtime.getRuntime().halt(EXIT_CODE);
  }
}
