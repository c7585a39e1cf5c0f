package io.raftsentinel.node.metrics;

import java.util.Arrays;

/** A fixed-bucket histogram of non-negative values (seconds); thread-safe, cheap to observe. */
public final class Histogram {
  /** Failover durations: sub-second (a fast test group) up to the default 3-minute failover-timeout. */
  public static final double[] FAILOVER_SECONDS = {0.5, 1, 2, 5, 10, 20, 30, 60, 120, 180, 300};

  private final double[] upperBounds;
  private final long[] counts;
  private long count;
  private double sum;

  public Histogram(double[] upperBounds) {
    for (int i = 1; i < upperBounds.length; i++) {
      if (upperBounds[i] <= upperBounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(upperBounds));
      }
    }
    this.upperBounds = upperBounds.clone();
    this.counts = new long[upperBounds.length];
  }

  public synchronized void observe(double value) {
    for (int i = 0; i < upperBounds.length; i++) {
      if (value <= upperBounds[i]) {
        counts[i]++;
        break;
      }
    }
    count++;
    sum += value;
  }

  public synchronized Snapshot snapshot() {
    long[] cumulative = new long[counts.length];
    long running = 0;
    for (int i = 0; i < counts.length; i++) {
      running += counts[i];
      cumulative[i] = running;
    }
    return new Snapshot(upperBounds.clone(), cumulative, count, sum);
  }

  /** A consistent copy: cumulative bucket counts per upper bound, plus the total count and sum. */
  public record Snapshot(double[] upperBounds, long[] cumulativeCounts, long count, double sum) {}
}
