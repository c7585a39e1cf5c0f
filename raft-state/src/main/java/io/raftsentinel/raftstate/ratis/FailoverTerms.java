package io.raftsentinel.raftstate.ratis;

import io.raftsentinel.proto.state.Command;

/** The leader term a failover step carries, 0 for commands that carry none. */
final class FailoverTerms {
  private FailoverTerms() {}

  static long termOf(Command c) {
    return switch (c.getBodyCase()) {
      case START_FAILOVER -> c.getStartFailover().getTerm();
      case FAILOVER_PROMOTED -> c.getFailoverPromoted().getTerm();
      case REPLICA_RECONFIGURED -> c.getReplicaReconfigured().getTerm();
      case FAILOVER_ENDED -> c.getFailoverEnded().getTerm();
      case FAILOVER_ABORTED -> c.getFailoverAborted().getTerm();
      default -> 0;
    };
  }
}
