package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.health.ReplicaSelector.Limits;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicaSelectorTest {
  private static final Limits HEALTHY_MASTER = Limits.sentinel(30_000, -1);

  private static ReplicaCandidate good(int port) {
    return new ReplicaCandidate(new InstanceAddress("10.0.0.1", port), "aa" + port, 100, 1000, false, true, 100,
        1000, 0);
  }

  @Test
  void excludesLikeSentinel() {
    ReplicaCandidate g = good(1);
    assertNull(ReplicaSelector.exclusion(g, HEALTHY_MASTER));
    assertEquals("sdown", ReplicaSelector.exclusion(copy(g, "sdown"), HEALTHY_MASTER));
    assertEquals("disconnected", ReplicaSelector.exclusion(copy(g, "disconnected"), HEALTHY_MASTER));
    assertEquals("replica-priority 0", ReplicaSelector.exclusion(copy(g, "prio0"), HEALTHY_MASTER));
    assertNull(ReplicaSelector.exclusion(withPing(g, 5000), HEALTHY_MASTER), "5 x ping period is still fine");
    assertNotNull(ReplicaSelector.exclusion(withPing(g, 5001), HEALTHY_MASTER));
    assertNotNull(ReplicaSelector.exclusion(withPing(g, -1), HEALTHY_MASTER), "never answered");
    assertNull(ReplicaSelector.exclusion(withInfo(g, 30_000), HEALTHY_MASTER), "3 x INFO period");
    assertNotNull(ReplicaSelector.exclusion(withInfo(g, 30_001), HEALTHY_MASTER));
    Limits masterDown = Limits.sentinel(30_000, 2000);
    assertNull(ReplicaSelector.exclusion(withInfo(g, 5000), masterDown), "5 x ping period while master SDOWN");
    assertNotNull(ReplicaSelector.exclusion(withInfo(g, 5001), masterDown));
    assertNull(ReplicaSelector.exclusion(withLinkDown(g, 302_000), masterDown), "SDOWN time + 10 x down-after");
    assertNotNull(ReplicaSelector.exclusion(withLinkDown(g, 302_001), masterDown));
    assertNotNull(ReplicaSelector.exclusion(withLinkDown(g, 300_001), HEALTHY_MASTER));
  }

  @Test
  void ordersByPriorityThenOffsetThenRunIdIgnoringCaseMissingLast() {
    InstanceAddress a = new InstanceAddress("h", 1);
    ReplicaCandidate lowPrio = new ReplicaCandidate(a, "zz", 10, 1, false, true, 0, 0, 0);
    ReplicaCandidate bigOffset = new ReplicaCandidate(new InstanceAddress("h", 2), "zz", 100, 500, false, true, 0,
        0, 0);
    ReplicaCandidate runB = new ReplicaCandidate(new InstanceAddress("h", 3), "B", 100, 100, false, true, 0, 0, 0);
    ReplicaCandidate runA = new ReplicaCandidate(new InstanceAddress("h", 4), "a", 100, 100, false, true, 0, 0, 0);
    ReplicaCandidate noRun = new ReplicaCandidate(new InstanceAddress("h", 0), "", 100, 100, false, true, 0, 0, 0);
    List<ReplicaCandidate> ranked =
        ReplicaSelector.rank(List.of(noRun, runB, runA, bigOffset, lowPrio), HEALTHY_MASTER);
    assertEquals(List.of(lowPrio, bigOffset, runA, runB, noRun), ranked);
    assertEquals(Optional.empty(), ReplicaSelector.select(List.of(copy(runA, "prio0")), HEALTHY_MASTER));
  }

  /** Property: the selector agrees with a naive scan on seeded random inputs (seed printed on failure). */
  @Test
  void agreesWithNaiveOracle() {
    long seed = Long.getLong("selector.seed", System.nanoTime());
    System.out.println("ReplicaSelectorTest seed " + seed + " (rerun with -Dselector.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int round = 0; round < 5000; round++) {
      List<ReplicaCandidate> replicas = new ArrayList<>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        replicas.add(randomCandidate(random, i));
      }
      Limits limits = new Limits(1 + random.nextInt(1000), 1 + random.nextInt(10_000), 1 + random.nextInt(5000),
          random.nextBoolean() ? -1 : random.nextInt(20_000));
      Optional<ReplicaCandidate> expected = naive(replicas, limits);
      Optional<ReplicaCandidate> actual = ReplicaSelector.select(replicas, limits);
      assertEquals(expected, actual, "seed " + seed + " round " + round + " replicas " + replicas + " " + limits);
    }
  }

  private static ReplicaCandidate randomCandidate(Random r, int i) {
    String[] runIds = {"", "abc", "ABD", "abd", "0f", "Zz"};
    return new ReplicaCandidate(new InstanceAddress("10.0.0." + r.nextInt(3), 6000 + i),
        runIds[r.nextInt(runIds.length)], r.nextInt(4) * 50, r.nextInt(3) * 100L, r.nextInt(8) == 0,
        r.nextInt(8) != 0, r.nextInt(12) == 0 ? -1 : r.nextInt(6000), r.nextInt(12) == 0 ? -1 : r.nextInt(40_000),
        r.nextInt(3) == 0 ? r.nextInt(100_000) : 0);
  }

  /** The rules read straight from SPEC §3.7, scanning for a candidate no other beats. */
  private static Optional<ReplicaCandidate> naive(List<ReplicaCandidate> all, Limits l) {
    ReplicaCandidate best = null;
    for (ReplicaCandidate c : all) {
      boolean masterSdown = l.masterSdownMs() >= 0;
      boolean ok = !c.sdown() && c.connected() && c.lastOkPingAgoMs() >= 0
          && c.lastOkPingAgoMs() <= 5 * l.pingPeriodMs() && c.priority() != 0 && c.infoAgeMs() >= 0
          && c.infoAgeMs() <= (masterSdown ? 5 * l.pingPeriodMs() : 3 * l.infoPeriodMs())
          && c.masterLinkDownMs() <= (masterSdown ? l.masterSdownMs() : 0) + 10 * l.downAfterMs();
      if (ok && (best == null || better(c, best))) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean better(ReplicaCandidate a, ReplicaCandidate b) {
    if (a.priority() != b.priority()) {
      return a.priority() < b.priority();
    }
    if (a.offset() != b.offset()) {
      return a.offset() > b.offset();
    }
    if (a.runId().isEmpty() != b.runId().isEmpty()) {
      return b.runId().isEmpty();
    }
    int byRun = a.runId().toLowerCase(Locale.ROOT).compareTo(b.runId().toLowerCase(Locale.ROOT));
    if (byRun != 0) {
      return byRun < 0;
    }
    return a.address().compareTo(b.address()) < 0;
  }

  private static ReplicaCandidate copy(ReplicaCandidate c, String change) {
    return new ReplicaCandidate(c.address(), c.runId(), change.equals("prio0") ? 0 : c.priority(), c.offset(),
        change.equals("sdown"), !change.equals("disconnected"), c.lastOkPingAgoMs(), c.infoAgeMs(),
        c.masterLinkDownMs());
  }

  private static ReplicaCandidate withPing(ReplicaCandidate c, long ms) {
    return new ReplicaCandidate(c.address(), c.runId(), c.priority(), c.offset(), false, true, ms, c.infoAgeMs(),
        c.masterLinkDownMs());
  }

  private static ReplicaCandidate withInfo(ReplicaCandidate c, long ms) {
    return new ReplicaCandidate(c.address(), c.runId(), c.priority(), c.offset(), false, true, c.lastOkPingAgoMs(),
        ms, c.masterLinkDownMs());
  }

  private static ReplicaCandidate withLinkDown(ReplicaCandidate c, long ms) {
    return new ReplicaCandidate(c.address(), c.runId(), c.priority(), c.offset(), false, true, c.lastOkPingAgoMs(),
        c.infoAgeMs(), ms);
  }

  @Test
  void exclusionReasonsAreReadable() {
    assertTrue(ReplicaSelector.exclusion(withInfo(good(1), 40_000), HEALTHY_MASTER).contains("30000"));
  }
}
