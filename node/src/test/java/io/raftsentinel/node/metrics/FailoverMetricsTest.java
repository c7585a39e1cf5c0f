package io.raftsentinel.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.raftstate.core.SentinelEvent;
import org.junit.jupiter.api.Test;

class FailoverMetricsTest {
  private final FailoverMetrics metrics = new FailoverMetrics();

  private void event(long index, long timeMs, String master, String type) {
    metrics.accept(new SentinelEvent(index, timeMs, master, type, "master " + master + " 127.0.0.1 6379", ""));
  }

  @Test
  void countsAttemptsOutcomesAndDurationsPerMaster() {
    event(10, 1_000, "a", "+try-failover");
    event(12, 3_500, "a", "+failover-end");
    event(20, 10_000, "a", "+try-failover");
    event(21, 10_100, "a", "-failover-abort-no-good-slave");
    event(30, 20_000, "b", "+try-failover");
    event(31, 20_400, "b", "+failover-end-for-timeout");

    FailoverMetrics.Counts a = metrics.snapshot().get("a");
    assertEquals(2, a.started());
    assertEquals(1, a.succeeded());
    assertEquals(1, a.aborted());
    assertEquals(1, a.duration().count(), "the aborted attempt has no duration");
    assertEquals(2.5, a.duration().sum(), 1e-9);
    FailoverMetrics.Counts b = metrics.snapshot().get("b");
    assertEquals(1, b.succeeded());
    assertEquals(0.4, b.duration().sum(), 1e-9);
  }

  @Test
  void ignoresLocalAndGroupWideEvents() {
    event(0, 1_000, "a", "+try-failover");
    event(5, 1_000, "", "+try-failover");
    metrics.touch("a");
    assertEquals(0, metrics.snapshot().get("a").started());
    assertEquals(1, metrics.snapshot().size());
  }
}
