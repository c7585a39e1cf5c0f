package io.raftsentinel.node.failover;

import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The veto hook: asked by the leader after the candidate is chosen and before any change to Redis.
 * Completes with the reason to abort, or empty to go on; it must complete (bounded by a time-out).
 */
public interface PrePromoteCheck {
  PrePromoteCheck NONE = (m, f) -> CompletableFuture.completedFuture(Optional.empty());

  CompletableFuture<Optional<String>> veto(MasterRecord master, FailoverRecord failover);
}
