package io.raftsentinel.raftstate.ratis;

import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent events with their log indexes, so a watcher can resume from an index without gaps.
 * Bounded: the oldest events fall off. Thread-safe.
 */
public final class EventLog {
  private final int capacity;
  private final ArrayDeque<SentinelEvent> events = new ArrayDeque<>();
  /** Lowest log index whose events are all still held (events before a snapshot are not). */
  private long firstCompleteIndex;

  public EventLog(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void append(List<SentinelEvent> batch) {
    for (SentinelEvent e : batch) {
      events.addLast(e);
      while (events.size() > capacity) {
        SentinelEvent dropped = events.removeFirst();
        firstCompleteIndex = Math.max(firstCompleteIndex, dropped.index() + 1);
      }
    }
  }

  /** After a snapshot load, nothing before {@code index} can be replayed. */
  public synchronized void resetAfter(long index) {
    events.clear();
    firstCompleteIndex = index + 1;
  }

  /** The lowest index from which {@link #since} returns every event. */
  public synchronized long firstAvailableIndex() {
    return firstCompleteIndex;
  }

  /** Events with index >= fromIndex, in log order; empty if fromIndex is too old (check first). */
  public synchronized List<SentinelEvent> since(long fromIndex) {
    List<SentinelEvent> out = new ArrayList<>();
    Iterator<SentinelEvent> it = events.descendingIterator();
    while (it.hasNext()) {
      SentinelEvent e = it.next();
      if (e.index() < fromIndex) {
        break;
      }
      out.add(e);
    }
    java.util.Collections.reverse(out);
    return out;
  }
}
