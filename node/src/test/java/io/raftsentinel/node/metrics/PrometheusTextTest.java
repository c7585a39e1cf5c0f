package io.raftsentinel.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void writesHeadersSamplesAndEscapedLabels() {
    String text = new PrometheusText()
        .family("raft_sentinel_master_up", "gauge", "Up \\ or down\nper master")
        .sample("raft_sentinel_master_up", 1, "master", "my\"master\\x\ny")
        .sample("raft_sentinel_raft_term", 7)
        .sample("ratio", 0.25, "a", "1", "b", "2")
        .toString();
    assertEquals("""
        # HELP raft_sentinel_master_up Up \\\\ or down\\nper master
        # TYPE raft_sentinel_master_up gauge
        raft_sentinel_master_up{master="my\\"master\\\\x\\ny"} 1
        raft_sentinel_raft_term 7
        ratio{a="1",b="2"} 0.25
        """, text);
  }

  @Test
  void histogramBucketsAreCumulativeAndEndWithInf() {
    Histogram h = new Histogram(new double[] {1, 5});
    h.observe(0.5);
    h.observe(1);
    h.observe(3);
    h.observe(10);
    String text = new PrometheusText().histogram("d_seconds", h.snapshot(), "master", "m").toString();
    assertEquals("""
        d_seconds_bucket{master="m",le="1"} 2
        d_seconds_bucket{master="m",le="5"} 3
        d_seconds_bucket{master="m",le="+Inf"} 4
        d_seconds_sum{master="m"} 14.5
        d_seconds_count{master="m"} 4
        """, text);
  }

  @Test
  void formatsSpecialValues() {
    assertEquals("NaN", PrometheusText.format(Double.NaN));
    assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
    assertEquals("-3", PrometheusText.format(-3));
    assertEquals("0.5", PrometheusText.format(0.5));
  }

  @Test
  void oddLabelListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PrometheusText().sample("x", 1, "master"));
  }

  @Test
  void bucketsMustIncrease() {
    assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[] {2, 1}));
  }
}
