package io.raftsentinel.node.runtime;

import io.raftsentinel.node.failover.RedisActions;
import io.raftsentinel.node.health.HealthMonitor;
import io.raftsentinel.node.redis.RedisInstanceClient;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.concurrent.CompletableFuture;

/** Leader actions on Redis through the monitor's own connection to each instance. */
final class MonitorRedisActions implements RedisActions {
  private final HealthMonitor monitor;

  MonitorRedisActions(HealthMonitor monitor) {
    this.monitor = monitor;
  }

  private CompletableFuture<RedisInstanceClient> client(InstanceAddress instance) {
    return monitor.client(instance)
        .map(CompletableFuture::completedFuture)
        .orElseGet(() -> CompletableFuture.failedFuture(
            new IllegalStateException(instance.name() + " is not monitored by this node")));
  }

  @Override
  public CompletableFuture<String> role(MasterRecord group, InstanceAddress instance) {
    return client(instance).thenCompose(RedisInstanceClient::role).thenApply(r -> r.role());
  }

  @Override
  public CompletableFuture<String> promote(MasterRecord group, InstanceAddress instance) {
    return client(instance).thenCompose(RedisInstanceClient::promote).thenApply(r -> r.roleAfter().role());
  }

  @Override
  public CompletableFuture<Void> replicaOf(MasterRecord group, InstanceAddress instance, InstanceAddress master) {
    return client(instance).thenCompose(c -> c.replicaOf(master.host(), master.port())).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> failoverTo(MasterRecord group, InstanceAddress master, InstanceAddress target,
      long timeoutMs) {
    return client(master).thenCompose(c -> c.failoverTo(target.host(), target.port(), timeoutMs)).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> failoverAbort(MasterRecord group, InstanceAddress instance) {
    return client(instance).thenCompose(RedisInstanceClient::failoverAbort).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<String> failoverState(MasterRecord group, InstanceAddress instance) {
    return client(instance).thenCompose(c -> c.info("replication")).thenApply(MonitorRedisActions::failoverState);
  }

  static String failoverState(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("master_failover_state:")) {
        return line.substring("master_failover_state:".length()).trim();
      }
    }
    return "no-failover"; // replicas and Redis before 6.2 do not report it
  }

  @Override
  public CompletableFuture<Void> clientPause(MasterRecord group, InstanceAddress instance, long ms) {
    return client(instance).thenCompose(c -> c.clientPauseWrites(ms)).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> clientUnpause(MasterRecord group, InstanceAddress instance) {
    return client(instance).thenCompose(RedisInstanceClient::clientUnpause).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Long> replicationOffset(MasterRecord group, InstanceAddress instance) {
    return client(instance).thenCompose(RedisInstanceClient::role).thenApply(r -> r.offset());
  }

  @Override
  public CompletableFuture<Void> fence(MasterRecord group, InstanceAddress oldMaster, InstanceAddress newMaster) {
    // Long enough to cover the transaction; lifted explicitly right after it.
    long pauseMs = Math.max(1_000, Math.min(group.settings().failoverTimeoutMs(), 10_000));
    return client(oldMaster).thenCompose(c -> c.pauseWrites(pauseMs)
        .thenCompose(ok -> c.replicaOf(newMaster.host(), newMaster.port()).handle((r, e) -> e))
        // Unpaused whether or not the demotion worked: a failed fence must not leave writes stuck.
        .thenCompose(demoteError -> c.unpause().handle((u, e) -> {
          if (demoteError != null) {
            throw demoteError instanceof java.util.concurrent.CompletionException ce
                ? ce : new java.util.concurrent.CompletionException(demoteError);
          }
          return null;
        })));
  }
}
