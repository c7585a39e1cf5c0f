package io.raftsentinel.node.cli;

import io.raftsentinel.proto.api.Event;

/**
 * Where a watch resumes after a broken stream, so every event is printed exactly once. One log index
 * can carry several events, so the cursor resumes <em>at</em> the last index seen and skips the events
 * of that index it already printed (the server replays an index's events in the same order).
 */
final class EventCursor {
  private final long from;
  private long lastIndex;
  private int seenAtLast;
  private int toSkip;

  /** @param from the first index wanted, 0 for "from now" */
  EventCursor(long from) {
    this.from = from;
  }

  /** The from_index for the next stream; call once per (re)connect. */
  long reconnect() {
    toSkip = seenAtLast;
    return lastIndex > 0 ? lastIndex : from;
  }

  /** Whether the event is new (and so to be printed). */
  boolean accept(Event e) {
    long index = e.getIndex();
    if (index == 0) {
      return true; // a node-local event: not in the log, never replayed
    }
    if (index < lastIndex) {
      return false;
    }
    if (index == lastIndex) {
      if (toSkip > 0) {
        toSkip--;
        return false;
      }
      seenAtLast++;
      return true;
    }
    lastIndex = index;
    seenAtLast = 1;
    toSkip = 0;
    return true;
  }

  long lastIndex() {
    return lastIndex;
  }
}
