package io.raftsentinel.node.query;

import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Everything the client-facing servers (gRPC, RESP) read. Thread-safe; reads never block on the
 * state machine.
 */
public interface TopologyQueryService {

  /** This node's raft id. */
  String nodeId();

  /** This node's 40-hex run id (stable across restarts). */
  String runId();

  /** The committed topology as applied on this node (LOCAL consistency). */
  TopologyState state();

  /**
   * Completes, after a Raft ReadIndex round, with the state at least as new as every write committed
   * before the call (LINEARIZABLE); fails when no quorum answers within the Raft read timeout.
   */
  CompletableFuture<TopologyState> linearizableState();

  RaftStatus raftStatus();

  /**
   * How long ago each member of the group was last heard from ({@link GroupContact}): a leader
   * answers from its own status, a follower asks its leader. Falls back to this node's own view
   * when the leader does not answer.
   */
  default CompletableFuture<Map<String, Long>> groupContact() {
    return CompletableFuture.completedFuture(GroupContact.local(raftStatus()));
  }

  /**
   * This node's applied index and whether it knows a leader: the part of {@link #raftStatus()} a read
   * reply carries, taken on every read, so implementations should answer it without building the
   * full status.
   */
  default ReadPosition readPosition() {
    RaftStatus s = raftStatus();
    return new ReadPosition(s.appliedIndex(), s.leaderKnown());
  }

  /** This node's latest observation of an instance, or null if it has none. */
  InstanceObservation observation(InstanceAddress instance);

  /**
   * True once this node has applied the log far enough to answer for every master the group
   * monitors: until then, client endpoints refuse connections instead of answering null.
   */
  boolean ready();

  /** Events as this node applies them (subjective ones only for this node's own observations). */
  AutoCloseable subscribe(Consumer<SentinelEvent> listener);

  /**
   * Committed events from {@code fromIndex} on that this node still holds, filtered like
   * {@link #subscribe}. Combine with {@link #subscribe} (subscribe first, then replay, then drop
   * duplicates by index) to resume a stream without gaps.
   */
  default EventHistory eventsSince(long fromIndex) {
    return new EventHistory(Long.MAX_VALUE, java.util.List.of());
  }
}
