package io.raftsentinel.node.events;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.ratis.StateMachineListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to this node's subscribers (log, RESP Pub/Sub, gRPC watchers, metrics). Committed
 * events arrive in log order from the state machine; subjective ones ({@code +sdown}/{@code -sdown})
 * are passed on only when they are this node's own observation, as in Sentinel. Subscribers are
 * called on the applying thread and must not block.
 */
public final class EventHub implements StateMachineListener {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  private final String nodeId;
  private final List<Consumer<SentinelEvent>> subscribers = new CopyOnWriteArrayList<>();

  public EventHub(String nodeId) {
    this.nodeId = nodeId;
  }

  public AutoCloseable subscribe(Consumer<SentinelEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  @Override
  public void onApplied(long index, Command command, ApplyResult result) {
    for (SentinelEvent e : result.events()) {
      if (!e.subjective() || e.node().equals(nodeId)) {
        publish(e);
      }
    }
  }

  /** An event only this node produced (e.g. a reconciler action), not part of the log. */
  public void publishLocal(SentinelEvent e) {
    publish(e);
  }

  private void publish(SentinelEvent e) {
    for (Consumer<SentinelEvent> s : subscribers) {
      try {
        s.accept(e);
      } catch (RuntimeException ex) {
        LOG.error("Event subscriber failed on {}", e.logLine(), ex);
      }
    }
  }
}
