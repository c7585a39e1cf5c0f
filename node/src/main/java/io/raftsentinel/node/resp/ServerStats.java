package io.raftsentinel.node.resp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for INFO stats; updated from every event loop (the per-request ones are LongAdders: no shared line). */
final class ServerStats {
  private final AtomicLong connectionsReceived = new AtomicLong();
  private final AtomicLong rejectedConnections = new AtomicLong();
  private final LongAdder commandsProcessed = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final AtomicLong pubsubMessages = new AtomicLong();
  private final AtomicLong slowSubscribersClosed = new AtomicLong();

  void connectionReceived() {
    connectionsReceived.incrementAndGet();
  }

  void connectionRejected() {
    rejectedConnections.incrementAndGet();
  }

  void commandProcessed() {
    commandsProcessed.increment();
  }

  void bytesIn(long n) {
    bytesIn.add(n);
  }

  void bytesOut(long n) {
    bytesOut.add(n);
  }

  void messagePublished() {
    pubsubMessages.incrementAndGet();
  }

  void slowSubscriberClosed() {
    slowSubscribersClosed.incrementAndGet();
  }

  long connectionsReceived() {
    return connectionsReceived.get();
  }

  long rejectedConnections() {
    return rejectedConnections.get();
  }

  long commandsProcessed() {
    return commandsProcessed.sum();
  }

  long bytesIn() {
    return bytesIn.sum();
  }

  long bytesOut() {
    return bytesOut.sum();
  }

  long pubsubMessages() {
    return pubsubMessages.get();
  }

  long slowSubscribersClosed() {
    return slowSubscribersClosed.get();
  }
}
