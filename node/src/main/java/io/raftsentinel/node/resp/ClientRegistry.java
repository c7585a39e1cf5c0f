package io.raftsentinel.node.resp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open client connections by id (CLIENT LIST / KILL / ID, INFO clients, Pub/Sub fan-out). */
final class ClientRegistry {
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, ConnectionState> clients = new ConcurrentSkipListMap<>();

  long nextId() {
    return nextId.getAndIncrement();
  }

  void add(ConnectionState c) {
    clients.put(c.id(), c);
  }

  void remove(ConnectionState c) {
    clients.remove(c.id());
  }

  ConnectionState get(long id) {
    return clients.get(id);
  }

  /** A snapshot in id order. */
  List<ConnectionState> all() {
    return new ArrayList<>(clients.values());
  }

  Collection<ConnectionState> live() {
    return clients.values();
  }

  int size() {
    return clients.size();
  }
}
