package io.raftsentinel.raftstate.core;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Copy-on-write helpers for the sorted, unmodifiable collections the state is made of. */
final class Maps {
  private static final Class<?> FROZEN_MAP = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();
  private static final Class<?> FROZEN_SET = Collections.unmodifiableSortedSet(new TreeSet<>()).getClass();

  private Maps() {}

  static <K extends Comparable<K>, V> SortedMap<K, V> freeze(SortedMap<K, V> map) {
    if (map == null) {
      return Collections.unmodifiableSortedMap(new TreeMap<>());
    }
    // Already one of ours (every copy below is wrapped): no need to copy again.
    return map.getClass() == FROZEN_MAP
        ? map
        : Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  static <K extends Comparable<K>> SortedSet<K> freeze(SortedSet<K> set) {
    if (set == null) {
      return Collections.unmodifiableSortedSet(new TreeSet<>());
    }
    return set.getClass() == FROZEN_SET
        ? set
        : Collections.unmodifiableSortedSet(new TreeSet<>(set));
  }

  static <K extends Comparable<K>, V> SortedMap<K, V> empty() {
    return Collections.unmodifiableSortedMap(new TreeMap<>());
  }

  static <K extends Comparable<K>, V> SortedMap<K, V> with(SortedMap<K, V> map, K key, V value) {
    TreeMap<K, V> copy = new TreeMap<>(map);
    copy.put(key, value);
    return Collections.unmodifiableSortedMap(copy);
  }

  static <K extends Comparable<K>, V> SortedMap<K, V> without(SortedMap<K, V> map, K key) {
    if (!map.containsKey(key)) {
      return map;
    }
    TreeMap<K, V> copy = new TreeMap<>(map);
    copy.remove(key);
    return Collections.unmodifiableSortedMap(copy);
  }

  static <K extends Comparable<K>> SortedSet<K> with(SortedSet<K> set, K key) {
    TreeSet<K> copy = new TreeSet<>(set);
    copy.add(key);
    return Collections.unmodifiableSortedSet(copy);
  }
}
