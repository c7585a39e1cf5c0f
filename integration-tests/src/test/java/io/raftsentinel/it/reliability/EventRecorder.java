package io.raftsentinel.it.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code PSUBSCRIBE *} on every node's RESP port, one thread per node, reconnecting whenever the node
 * restarts; records every message with its receive time. Thread-safe.
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final long RECONNECT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> subscribedSession = new ConcurrentHashMap<>();
  private final Map<String, Jedis> connections = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  public EventRecorder(List<NodeProcess> nodes) {
    nodes.forEach(this::follow);
  }

  /** Starts recording a node that was not there at the start (a node joining the group). */
  public synchronized void follow(NodeProcess n) {
    Thread t = new Thread(() -> follow(n.id(), n.respPort()), "events-" + n.id());
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  /** Every event recorded so far, in receive order per node. */
  public List<RecordedEvent> events() {
    return List.copyOf(events);
  }

  /** The session number of the node's current live subscription, 0 when not subscribed now. */
  public int subscribedSession(String node) {
    return subscribedSession.getOrDefault(node, 0);
  }

  private void follow(String node, int port) {
    int session = 0;
    while (!closed) {
      int current = ++session;
      try (Jedis j = RespProbe.connect(port, 0)) {
        connections.put(node, j);
        if (closed) {
          return;
        }
        j.psubscribe(new JedisPubSub() {
          @Override
          public void onPSubscribe(String pattern, int count) {
            subscribedSession.put(node, current);
          }

          @Override
          public void onPMessage(String pattern, String channel, String message) {
            events.add(new RecordedEvent(node, current, Millis.now(), channel, message));
          }
        }, "*");
      } catch (JedisException e) {
        if (!closed) {
          LOG.debug("Subscription to {} ended ({}); reconnecting", node, e.getMessage());
        }
      } finally {
        connections.remove(node);
        subscribedSession.remove(node);
      }
      if (!closed) {
        // Back-off between attempts while the node is down or not ready yet.
        LockSupport.parkNanos(RECONNECT_NANOS);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    // Disconnecting unblocks a thread reading from a node that is stopped (SIGSTOP) or gone.
    connections.values().forEach(Jedis::disconnect);
    for (Thread t : threads) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
