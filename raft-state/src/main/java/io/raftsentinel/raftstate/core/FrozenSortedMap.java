package io.raftsentinel.raftstate.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * An immutable map sorted by its keys' natural order, kept as two parallel arrays. The state's maps
 * are small and replaced on every change, and copying two arrays is far cheaper than copying a
 * TreeMap node by node. Lookups are binary searches; equality and hash code are those of any Map.
 */
final class FrozenSortedMap<K extends Comparable<K>, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
  private static final FrozenSortedMap<?, ?> EMPTY = new FrozenSortedMap<>(new Object[0], new Object[0]);

  private final Object[] keys;
  private final Object[] values;

  private FrozenSortedMap(Object[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  @SuppressWarnings("unchecked")
  static <K extends Comparable<K>, V> FrozenSortedMap<K, V> empty() {
    return (FrozenSortedMap<K, V>) EMPTY;
  }

  /** A frozen copy of any map, sorted by natural order whatever order {@code map} had. */
  static <K extends Comparable<K>, V> FrozenSortedMap<K, V> copyOf(Map<K, V> map) {
    if (map instanceof FrozenSortedMap<K, V> frozen) {
      return frozen;
    }
    Object[] k = new Object[map.size()];
    Object[] v = new Object[map.size()];
    int i = 0;
    for (Map.Entry<K, V> e : map.entrySet()) {
      k[i] = e.getKey();
      v[i++] = e.getValue();
    }
    boolean sorted = map instanceof SortedMap<K, V> s && s.comparator() == null;
    if (!sorted) {
      Integer[] order = new Integer[k.length];
      Arrays.setAll(order, n -> n);
      Arrays.sort(order, (a, b) -> compare(k[a], k[b]));
      Object[] sk = new Object[k.length];
      Object[] sv = new Object[k.length];
      for (int n = 0; n < order.length; n++) {
        sk[n] = k[order[n]];
        sv[n] = v[order[n]];
      }
      return new FrozenSortedMap<>(sk, sv);
    }
    return new FrozenSortedMap<>(k, v);
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }

  private int indexOf(Object key) {
    int lo = 0;
    int hi = keys.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(keys[mid], key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** This map with {@code key} set to {@code value}. */
  FrozenSortedMap<K, V> with(K key, V value) {
    int i = indexOf(key);
    if (i >= 0) {
      Object[] v = values.clone();
      v[i] = value;
      return new FrozenSortedMap<>(keys, v);
    }
    int at = -(i + 1);
    Object[] k = new Object[keys.length + 1];
    Object[] v = new Object[keys.length + 1];
    System.arraycopy(keys, 0, k, 0, at);
    System.arraycopy(values, 0, v, 0, at);
    k[at] = key;
    v[at] = value;
    System.arraycopy(keys, at, k, at + 1, keys.length - at);
    System.arraycopy(values, at, v, at + 1, keys.length - at);
    return new FrozenSortedMap<>(k, v);
  }

  /** This map without {@code key}; itself when the key is absent. */
  FrozenSortedMap<K, V> without(Object key) {
    int i = indexOf(key);
    if (i < 0) {
      return this;
    }
    Object[] k = new Object[keys.length - 1];
    Object[] v = new Object[keys.length - 1];
    System.arraycopy(keys, 0, k, 0, i);
    System.arraycopy(values, 0, v, 0, i);
    System.arraycopy(keys, i + 1, k, i, keys.length - i - 1);
    System.arraycopy(values, i + 1, v, i, keys.length - i - 1);
    return new FrozenSortedMap<>(k, v);
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = indexOf(key);
    return i >= 0 ? (V) values[i] : null;
  }

  @Override
  public Comparator<? super K> comparator() {
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public K firstKey() {
    if (keys.length == 0) {
      throw new NoSuchElementException();
    }
    return (K) keys[0];
  }

  @Override
  @SuppressWarnings("unchecked")
  public K lastKey() {
    if (keys.length == 0) {
      throw new NoSuchElementException();
    }
    return (K) keys[keys.length - 1];
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    if (compare(fromKey, toKey) > 0) {
      throw new IllegalArgumentException("fromKey > toKey");
    }
    return slice(bound(fromKey), bound(toKey));
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return slice(0, bound(toKey));
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return slice(bound(fromKey), keys.length);
  }

  /** The index of the first key not below {@code key}. */
  private int bound(Object key) {
    int i = indexOf(key);
    return i >= 0 ? i : -(i + 1);
  }

  private SortedMap<K, V> slice(int from, int to) {
    return new FrozenSortedMap<>(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(values, from, to));
  }

  @Override
  public Set<K> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<K> iterator() {
        return new Cursor<>(i -> key(i));
      }

      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public boolean contains(Object o) {
        return containsKey(o);
      }
    };
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Cursor<>(i -> new AbstractMap.SimpleImmutableEntry<>(key(i), value(i)));
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }

  @SuppressWarnings("unchecked")
  private K key(int i) {
    return (K) keys[i];
  }

  @SuppressWarnings("unchecked")
  private V value(int i) {
    return (V) values[i];
  }

  /** A read-only iterator over the indices, mapped to keys or entries. */
  private final class Cursor<T> implements Iterator<T> {
    private final java.util.function.IntFunction<T> at;
    private int next;

    Cursor(java.util.function.IntFunction<T> at) {
      this.at = at;
    }

    @Override
    public boolean hasNext() {
      return next < keys.length;
    }

    @Override
    public T next() {
      if (next >= keys.length) {
        throw new NoSuchElementException();
      }
      return at.apply(next++);
    }
  }
}
