package io.raftsentinel.node.resp;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Reply.MapReply} in insertion order; keys are bulk strings. */
final class MapBuilder {
  private final List<Reply> items = new ArrayList<>();

  /** A bulk-string value, as Sentinel sends every instance field (numbers included). */
  MapBuilder put(String key, String value) {
    return put(key, Reply.bulk(value));
  }

  MapBuilder put(String key, long value) {
    return put(key, Reply.bulk(value));
  }

  MapBuilder put(String key, Reply value) {
    items.add(Reply.bulk(key));
    items.add(value);
    return this;
  }

  Reply build() {
    return new Reply.MapReply(List.copyOf(items));
  }
}
