package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.concurrent.CompletableFuture;

/**
 * The changes the leader makes on Redis, each bounded by a time-out. {@code group} supplies the
 * credentials of the master group the instance belongs to.
 */
public interface RedisActions {

  /** The instance's replication role as {@code ROLE} reports it: "master", "slave", or "" if unknown. */
  CompletableFuture<String> role(MasterRecord group, InstanceAddress instance);

  /**
   * MULTI, REPLICAOF NO ONE, CONFIG REWRITE, CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub, EXEC;
   * completes with the role the instance reports right after (on the same connection).
   */
  CompletableFuture<String> promote(MasterRecord group, InstanceAddress instance);

  /** The same transaction with REPLICAOF master-host master-port. */
  CompletableFuture<Void> replicaOf(MasterRecord group, InstanceAddress instance, InstanceAddress master);

  // ---- coordinated switchover (SwitchoverDriver) ----

  /**
   * {@code FAILOVER TO target-host target-port TIMEOUT timeoutMs} on the master; completes once Redis
   * accepted it (the role swap runs in the background). An error reply fails with Lettuce's
   * RedisCommandExecutionException carrying Redis's text.
   */
  CompletableFuture<Void> failoverTo(MasterRecord group, InstanceAddress master, InstanceAddress target,
      long timeoutMs);

  /** {@code FAILOVER ABORT}. */
  CompletableFuture<Void> failoverAbort(MasterRecord group, InstanceAddress instance);

  /**
   * {@code master_failover_state} from {@code INFO replication}: "no-failover", "waiting-for-sync" or
   * "failover-in-progress".
   */
  CompletableFuture<String> failoverState(MasterRecord group, InstanceAddress instance);

  /** {@code CLIENT PAUSE ms WRITE}. */
  CompletableFuture<Void> clientPause(MasterRecord group, InstanceAddress instance, long ms);

  /** {@code CLIENT UNPAUSE}. */
  CompletableFuture<Void> clientUnpause(MasterRecord group, InstanceAddress instance);

  /** The replication offset {@code ROLE} reports: a master's own offset, a replica's processed offset. */
  CompletableFuture<Long> replicationOffset(MasterRecord group, InstanceAddress instance);
  /**
   * Fencing: demotes a master that still answers before its replacement is promoted. CLIENT PAUSE
   * WRITE, then the role-change transaction with {@code REPLICAOF newMaster} (which kills its normal
   * clients so they re-resolve), then CLIENT UNPAUSE so they get READONLY errors instead of hanging.
   */
  CompletableFuture<Void> fence(MasterRecord group, InstanceAddress oldMaster, InstanceAddress newMaster);
}
