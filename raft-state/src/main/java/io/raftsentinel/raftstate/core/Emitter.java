package io.raftsentinel.raftstate.core;

import java.util.ArrayList;
import java.util.List;

/** Collects the events of one apply, stamped with its log index and log time. */
final class Emitter {
  private final long index;
  private final long timeMs;
  private final List<SentinelEvent> events = new ArrayList<>(4);

  Emitter(long index, long timeMs) {
    this.index = index;
    this.timeMs = timeMs;
  }

  void emit(String master, String type, String message) {
    events.add(new SentinelEvent(index, timeMs, master, type, message, ""));
  }

  void emitSubjective(String master, String type, String message, String node) {
    events.add(new SentinelEvent(index, timeMs, master, type, message, node));
  }

  /** A fresh emitter for the same entry (same index and log time). */
  Emitter sibling() {
    return new Emitter(index, timeMs);
  }

  void addAll(Emitter other) {
    events.addAll(other.events);
  }

  List<SentinelEvent> events() {
    return events;
  }

  long timeMs() {
    return timeMs;
  }
}
