package io.raftsentinel.node.query;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.concurrent.CompletableFuture;

/** The write path shared by gRPC and RESP: commands go through the Raft leader. */
public interface TopologyWriter {

  /**
   * Proposes an operator command (monitor, remove, set, reset) and completes once it is committed
   * and applied, with the state machine's verdict. The proposer and timestamp are filled in here.
   * Fails with {@link NoQuorumException} when the group cannot commit in time.
   */
  CompletableFuture<WriteResult> submit(Command.Builder command);

  /**
   * A manual failover (SENTINEL FAILOVER): the leader selects the replica and commits the start.
   * Completes with OK, FAILOVER_IN_PROGRESS, UNKNOWN_MASTER, or NO_GOOD_SLAVE when no replica
   * can be promoted.
   */
  CompletableFuture<WriteResult> failover(String master);

  /**
   * A coordinated (zero-loss) switchover of a healthy master (SENTINEL FAILOVER name COORDINATED):
   * commits the intent; the leader then hands the master over with Redis's FAILOVER TO. {@code to}
   * is the replica to switch to, or null for the usual choice; {@code timeoutMs} bounds the write
   * pause (0 = the default). Completes like {@link #failover}, and with UNKNOWN_REPLICA when
   * {@code to} is not a replica of the master. Maintenance mode does not block it.
   */
  default CompletableFuture<WriteResult> switchover(String master, InstanceAddress to, long timeoutMs) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("switchover is not supported here"));
  }

  /**
   * Writes this node's state to disk now as a Raft snapshot (the counterpart of Sentinel rewriting its
   * config file); completes with the snapshot's log index.
   */
  default CompletableFuture<Long> snapshot() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("snapshots are not supported here"));
  }
}
