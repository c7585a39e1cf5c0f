package io.raftsentinel.raftstate.core;

import java.util.SortedMap;

/**
 * The whole replicated topology at one log index. Immutable: {@link TopologyMachine#apply} returns a
 * new state, so readers holding a reference always see a consistent picture.
 *
 * @param currentEpoch the group's epoch; raised by one for every failover attempt
 * @param logTimeMs the log's clock: the largest proposer timestamp applied so far
 * @param failoverPaused the global maintenance switch: no automatic failover of any master starts
 * @param safeMode whether the leader is holding automatic failovers because most masters went down at once
 */
public record TopologyState(
    long currentEpoch,
    long logTimeMs,
    SortedMap<String, MasterRecord> masters,
    SortedMap<String, NodeRecord> nodes,
    boolean failoverPaused,
    SafeMode safeMode) {

  public static final TopologyState EMPTY =
      new TopologyState(0, 0, Maps.empty(), Maps.empty(), false, SafeMode.OFF);

  public TopologyState {
    masters = Maps.freeze(masters);
    nodes = Maps.freeze(nodes);
    safeMode = safeMode == null ? SafeMode.OFF : safeMode;
  }

  /**
   * How many monitored masters at least one known node reports down right now (a superset of the
   * objectively down ones: it rises as soon as the first reports arrive, before any quorum).
   */
  public int suspectedDownCount() {
    int n = 0;
    for (MasterRecord m : masters.values()) {
      if (QuorumEvaluator.downVotes(m, nodes.keySet()) > 0) {
        n++;
      }
    }
    return n;
  }

  /**
   * Masters down in one outage, for safe mode: those suspected down now, plus those whose automatic
   * failover started less than {@code windowMs} before {@code nowMs} (log time). A master failed over
   * a moment before the others were even reported (its ODOWN one probe earlier) was part of the same
   * outage; counted only while they are down, it let a mass outage slip under the threshold.
   */
  public int outageCount(long nowMs, long windowMs) {
    int n = 0;
    for (MasterRecord m : masters.values()) {
      if (QuorumEvaluator.downVotes(m, nodes.keySet()) > 0 || recentAutomaticStart(m, nowMs, windowMs)) {
        n++;
      }
    }
    return n;
  }

  private static boolean recentAutomaticStart(MasterRecord m, long nowMs, long windowMs) {
    long startedAt;
    boolean manual;
    if (m.failover() != null) {
      startedAt = m.failover().startedAtMs();
      manual = m.failover().manual();
    } else if (!m.history().isEmpty()) {
      FailoverHistoryEntry last = m.history().get(m.history().size() - 1);
      startedAt = last.startedAtMs();
      manual = last.manual();
    } else {
      return false;
    }
    return !manual && startedAt > 0 && nowMs - startedAt < windowMs;
  }

  public MasterRecord master(String name) {
    return masters.get(name);
  }

  /** Objectively down: at least {@code quorum} known nodes report the committed master down. */
  public boolean isOdown(MasterRecord m) {
    return QuorumEvaluator.downVotes(m, nodes.keySet()) >= m.quorum();
  }

  /** Automatic failovers of this master are paused, by its own flag or the global one. */
  public boolean isFailoverPaused(MasterRecord m) {
    return failoverPaused || m.failoverPaused();
  }

  TopologyState withFailoverPaused(boolean p) {
    return new TopologyState(currentEpoch, logTimeMs, masters, nodes, p, safeMode);
  }

  TopologyState withSafeMode(SafeMode sm) {
    return new TopologyState(currentEpoch, logTimeMs, masters, nodes, failoverPaused, sm);
  }

  TopologyState withMaster(MasterRecord m) {
    return new TopologyState(currentEpoch, logTimeMs, Maps.with(masters, m.name(), m), nodes, failoverPaused, safeMode);
  }

  TopologyState withoutMaster(String name) {
    return new TopologyState(currentEpoch, logTimeMs, Maps.without(masters, name), nodes, failoverPaused, safeMode);
  }

  TopologyState withNode(NodeRecord n) {
    return new TopologyState(currentEpoch, logTimeMs, masters, Maps.with(nodes, n.nodeId(), n), failoverPaused, safeMode);
  }

  TopologyState withoutNode(String id) {
    return new TopologyState(currentEpoch, logTimeMs, masters, Maps.without(nodes, id), failoverPaused, safeMode);
  }

  TopologyState withCurrentEpoch(long e) {
    return new TopologyState(e, logTimeMs, masters, nodes, failoverPaused, safeMode);
  }

  TopologyState withLogTime(long t) {
    return t == logTimeMs ? this : new TopologyState(currentEpoch, t, masters, nodes, failoverPaused, safeMode);
  }
}
