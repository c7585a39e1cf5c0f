package io.raftsentinel.node.events;

import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each event on one line in Redis Sentinel's format, with the log index that produced it. */
public final class EventLogger implements Consumer<SentinelEvent> {
  private static final Logger EVENTS = LoggerFactory.getLogger("raft-sentinel.events");

  @Override
  public void accept(SentinelEvent e) {
    if (e.index() > 0) {
      EVENTS.info("{} {} (index {})", e.type(), e.message(), e.index());
    } else {
      EVENTS.info("{} {}", e.type(), e.message());
    }
  }
}
