package io.raftsentinel.raftstate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The array-backed map behaves like a TreeMap that cannot be modified. */
class FrozenSortedMapTest {

  @Test
  void agreesWithTreeMap() {
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    TreeMap<Integer, String> oracle = new TreeMap<>();
    SortedMap<Integer, String> frozen = Maps.empty();
    for (int i = 0; i < 4_000; i++) {
      Integer key = random.nextInt(40);
      String why = "step " + i + " (seed " + seed + ", rerun with -Dseed=" + seed + ")";
      if (random.nextInt(3) == 0) {
        oracle.remove(key);
        frozen = Maps.without(frozen, key);
      } else {
        String value = "v" + random.nextInt(5);
        oracle.put(key, value);
        frozen = Maps.with(frozen, key, value);
      }
      assertEquals(oracle, frozen, why);
      assertEquals(frozen, oracle, why);
      assertEquals(oracle.hashCode(), frozen.hashCode(), why);
      assertEquals(oracle.toString(), frozen.toString(), why);
      assertEquals(new ArrayList<>(oracle.keySet()), new ArrayList<>(frozen.keySet()), why);
      assertEquals(new ArrayList<>(oracle.values()), new ArrayList<>(frozen.values()), why);
      Integer probe = random.nextInt(42) - 1;
      assertEquals(oracle.get(probe), frozen.get(probe), why);
      assertEquals(oracle.containsKey(probe), frozen.containsKey(probe), why);
      assertEquals(oracle.keySet().contains(probe), frozen.keySet().contains(probe), why);
      assertEquals(oracle.headMap(probe), frozen.headMap(probe), why);
      assertEquals(oracle.tailMap(probe), frozen.tailMap(probe), why);
      Integer to = probe + random.nextInt(10);
      assertEquals(oracle.subMap(probe, to), frozen.subMap(probe, to), why);
      if (!oracle.isEmpty()) {
        assertEquals(oracle.firstKey(), frozen.firstKey(), why);
        assertEquals(oracle.lastKey(), frozen.lastKey(), why);
      }
    }
  }

  @Test
  void freezingSortsAnyMapAndKeepsItsOwnInstances() {
    Map<String, Integer> unsorted = new HashMap<>();
    List.of("delta", "alpha", "charlie", "bravo").forEach(k -> unsorted.put(k, k.length()));
    SortedMap<String, Integer> frozen = FrozenSortedMap.copyOf(unsorted);
    assertEquals(List.of("alpha", "bravo", "charlie", "delta"), new ArrayList<>(frozen.keySet()));
    assertEquals(frozen, Maps.freeze(frozen));
    assertEquals(true, frozen == Maps.freeze(frozen));
    TreeMap<String, Integer> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(unsorted);
    assertEquals("alpha", Maps.freeze(reversed).firstKey());
  }

  @Test
  void cannotBeModified() {
    SortedMap<String, Integer> frozen = Maps.with(Maps.empty(), "a", 1);
    assertThrows(UnsupportedOperationException.class, () -> frozen.put("b", 2));
    assertThrows(UnsupportedOperationException.class, () -> frozen.remove("a"));
    assertThrows(UnsupportedOperationException.class, frozen::clear);
    assertThrows(UnsupportedOperationException.class, () -> frozen.keySet().remove("a"));
    assertThrows(UnsupportedOperationException.class, () -> frozen.entrySet().iterator().next().setValue(3));
    assertThrows(NoSuchElementException.class, () -> Maps.<String, Integer>empty().firstKey());
    assertEquals(Map.of("a", 1), frozen);
  }
}
