package io.raftsentinel.raftstate.core;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/** Copy-on-write helpers for the sorted, unmodifiable collections the state is made of. */
final class Maps {
  private static final Class<?> FROZEN_SET = Collections.unmodifiableSortedSet(new TreeSet<>()).getClass();

  private Maps() {}

  static <K extends Comparable<K>, V> SortedMap<K, V> freeze(SortedMap<K, V> map) {
    // Already one of ours (every copy below is frozen): no need to copy again.
    return map == null ? FrozenSortedMap.empty() : FrozenSortedMap.copyOf(map);
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
    return FrozenSortedMap.empty();
  }

  static <K extends Comparable<K>, V> SortedMap<K, V> with(SortedMap<K, V> map, K key, V value) {
    return FrozenSortedMap.copyOf(map).with(key, value);
  }

  static <K extends Comparable<K>, V> SortedMap<K, V> without(SortedMap<K, V> map, K key) {
    return FrozenSortedMap.copyOf(map).without(key);
  }

  static <K extends Comparable<K>> SortedSet<K> with(SortedSet<K> set, K key) {
    TreeSet<K> copy = new TreeSet<>(set);
    copy.add(key);
    return Collections.unmodifiableSortedSet(copy);
  }
}
