package io.raftsentinel.node.resp;

import java.util.concurrent.atomic.AtomicLong;

/** Counters for INFO stats; updated from every event loop. */
final class ServerStats {
  private final AtomicLong connectionsReceived = new AtomicLong();
  private final AtomicLong rejectedConnections = new AtomicLong();
  private final AtomicLong commandsProcessed = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong pubsubMessages = new AtomicLong();
  private final AtomicLong slowSubscribersClosed = new AtomicLong();

  void connectionReceived() {
    connectionsReceived.incrementAndGet();
  }

  void connectionRejected() {
    rejectedConnections.incrementAndGet();
  }

  void commandProcessed() {
    commandsProcessed.incrementAndGet();
  }

  void bytesIn(long n) {
    bytesIn.addAndGet(n);
  }

  void bytesOut(long n) {
    bytesOut.addAndGet(n);
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
    return commandsProcessed.get();
  }

  long bytesIn() {
    return bytesIn.get();
  }

  long bytesOut() {
    return bytesOut.get();
  }

  long pubsubMessages() {
    return pubsubMessages.get();
  }

  long slowSubscribersClosed() {
    return slowSubscribersClosed.get();
  }
}
