package io.raftsentinel.node.metrics;

import io.raftsentinel.node.query.EventHistory;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.node.query.ReadPosition;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** A {@link TopologyQueryService} that counts one client interface's topology reads into {@link QueryMetrics}. */
public final class CountingQueryService implements TopologyQueryService {
  private final TopologyQueryService delegate;
  private final QueryMetrics metrics;
  private final String iface;
  /** Resolved once: LOCAL reads are on every RESP request's path. */
  private final LongAdder localReads;

  public CountingQueryService(TopologyQueryService delegate, QueryMetrics metrics, String iface) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.iface = iface;
    this.localReads = metrics.readCounter(iface, "local");
  }

  @Override
  public String nodeId() {
    return delegate.nodeId();
  }

  @Override
  public String runId() {
    return delegate.runId();
  }

  @Override
  public TopologyState state() {
    localReads.increment();
    return delegate.state();
  }

  @Override
  public CompletableFuture<TopologyState> linearizableState() {
    metrics.read(iface, "linearizable");
    long start = System.nanoTime();
    return delegate.linearizableState().whenComplete((s, error) -> {
      if (error != null) {
        metrics.failed(iface, "linearizable");
      } else {
        metrics.linearizableLatency(iface, System.nanoTime() - start);
      }
    });
  }

  @Override
  public RaftStatus raftStatus() {
    return delegate.raftStatus();
  }

  @Override
  public CompletableFuture<Map<String, Long>> groupContact() {
    return delegate.groupContact();
  }

  @Override
  public ReadPosition readPosition() {
    return delegate.readPosition();
  }

  @Override
  public InstanceObservation observation(InstanceAddress instance) {
    return delegate.observation(instance);
  }

  @Override
  public boolean ready() {
    return delegate.ready();
  }

  @Override
  public AutoCloseable subscribe(Consumer<SentinelEvent> listener) {
    return delegate.subscribe(listener);
  }

  @Override
  public EventHistory eventsSince(long fromIndex) {
    return delegate.eventsSince(fromIndex);
  }
}
