package io.raftsentinel.node.resp;

import io.netty.channel.Channel;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.raftstate.core.Glob;
import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the node's events out to subscribed connections: one subscription to the query service for
 * the whole server. The channel is the event type, the payload its message. Subjective events are
 * published only when they are this node's own observation. Delivery never blocks the caller: a
 * connection whose outbound buffer is over its high-water mark is too slow and is disconnected.
 */
final class PubSubHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PubSubHub.class);

  private final ClientRegistry clients;
  private final ServerStats stats;
  private final String nodeId;
  private final AutoCloseable subscription;

  PubSubHub(TopologyQueryService query, ClientRegistry clients, ServerStats stats) {
    this.clients = clients;
    this.stats = stats;
    this.nodeId = query.nodeId();
    this.subscription = query.subscribe(this::publish);
  }

  void publish(SentinelEvent event) {
    if (event.subjective() && !event.node().equals(nodeId)) {
      return;
    }
    for (ConnectionState c : clients.live()) {
      if (c.subscriptionCount() == 0) {
        continue;
      }
      if (c.subscribedTo(event.type())) {
        deliver(c, List.of(Reply.bulk("message"), Reply.bulk(event.type()), Reply.bulk(event.message())));
      }
      for (String pattern : c.patternView()) {
        if (Glob.matches(pattern, event.type())) {
          deliver(c, List.of(Reply.bulk("pmessage"), Reply.bulk(pattern), Reply.bulk(event.type()),
              Reply.bulk(event.message())));
        }
      }
    }
  }

  private void deliver(ConnectionState c, List<Reply> items) {
    Channel ch = c.channel();
    if (!ch.isActive()) {
      return;
    }
    if (!ch.isWritable()) {
      closeSlowSubscriber(c, stats);
      return;
    }
    stats.messagePublished();
    ch.writeAndFlush(new Reply.Push(items));
  }

  /**
   * Disconnects a subscriber whose unsent output passed the high-water mark. Called when a message
   * finds it unwritable, and by its connection the moment it becomes unwritable (messages handed to
   * the channel from another thread are counted only once encoded, so a burst can pass the mark
   * without any later message seeing it).
   */
  static void closeSlowSubscriber(ConnectionState c, ServerStats stats) {
    Channel ch = c.channel();
    if (!ch.isOpen()) {
      return;
    }
    LOG.warn("Closing Pub/Sub client id={} addr={}: it does not read its messages fast enough", c.id(),
        ch.remoteAddress());
    stats.slowSubscriberClosed();
    ch.close();
  }

  @Override
  public void close() throws Exception {
    subscription.close();
  }
}
