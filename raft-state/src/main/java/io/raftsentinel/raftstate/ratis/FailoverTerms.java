package io.raftsentinel.raftstate.ratis;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.StartFailover;

/** The leader term a failover step carries, 0 for commands that carry none. */
final class FailoverTerms {
  private FailoverTerms() {}

  static long termOf(Command c) {
    return switch (c.getBodyCase()) {
      case START_FAILOVER -> c.getStartFailover().getTerm();
      // The oldest term among the starts: one from a deposed leader makes the whole entry stale.
      case START_FAILOVERS -> c.getStartFailovers().getStartsList().stream()
          .mapToLong(StartFailover::getTerm).min().orElse(0);
      case FAILOVER_PROMOTED -> c.getFailoverPromoted().getTerm();
      case REPLICA_RECONFIGURED -> c.getReplicaReconfigured().getTerm();
      case FAILOVER_ENDED -> c.getFailoverEnded().getTerm();
      case FAILOVER_ABORTED -> c.getFailoverAborted().getTerm();
      default -> 0;
    };
  }
}
