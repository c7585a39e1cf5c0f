package io.raftsentinel.raftstate.ratis;

import java.time.Duration;

/**
 * The Ratis knobs this project sets, with production defaults. Every Ratis configuration key is set
 * in {@link RaftPropertiesFactory} from this record and nowhere else.
 *
 * @param snapshotThreshold applied entries between automatic snapshots
 * @param eventLogCapacity recent events kept for watchers to resume from
 * @param logSegmentBytes size of one Raft log segment; only closed segments are purged
 */
public record RaftTuning(
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    long snapshotThreshold,
    Duration requestTimeout,
    Duration readTimeout,
    int eventLogCapacity,
    long logSegmentBytes) {

  public static final RaftTuning DEFAULTS = new RaftTuning(Duration.ofMillis(300), Duration.ofMillis(600), 10_000,
      Duration.ofSeconds(3), Duration.ofSeconds(3), 100_000, 8L << 20);

  public RaftTuning {
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election timeout min must be below max");
    }
    if (snapshotThreshold <= 0) {
      throw new IllegalArgumentException("snapshot threshold must be positive");
    }
  }

  public RaftTuning withSnapshotThreshold(long threshold) {
    return new RaftTuning(electionTimeoutMin, electionTimeoutMax, threshold, requestTimeout, readTimeout,
        eventLogCapacity, logSegmentBytes);
  }

  public RaftTuning withLogSegmentBytes(long bytes) {
    return new RaftTuning(electionTimeoutMin, electionTimeoutMax, snapshotThreshold, requestTimeout, readTimeout,
        eventLogCapacity, bytes);
  }

  public RaftTuning withElectionTimeouts(Duration min, Duration max) {
    return new RaftTuning(min, max, snapshotThreshold, requestTimeout, readTimeout, eventLogCapacity,
        logSegmentBytes);
  }
}
