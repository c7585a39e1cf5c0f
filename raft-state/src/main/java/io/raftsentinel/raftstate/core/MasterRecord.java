package io.raftsentinel.raftstate.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * One monitored master group as the log decided it.
 *
 * @param downReports per instance (the master or a replica), the nodes that report it down and
 *     since when (their clock); an instance absent from the map is reported up by everyone
 * @param failover the failover in progress, or null
 * @param lastFailoverStartMs log time of the last failover attempt, 0 if none: the next automatic
 *     attempt waits 2 x failover-timeout after it, like Sentinel
 * @param failoverPaused maintenance mode: no automatic failover of this master is started
 * @param history the last finished failover attempts, oldest first, at most
 *     {@link FailoverHistoryEntry#LIMIT}
 */
public record MasterRecord(
    String name,
    InstanceAddress address,
    int quorum,
    MasterSettings settings,
    long configEpoch,
    SortedMap<InstanceAddress, ReplicaRecord> replicas,
    SortedMap<InstanceAddress, SortedMap<String, Long>> downReports,
    FailoverRecord failover,
    long lastFailoverStartMs,
    long addedAtMs,
    boolean failoverPaused,
    List<FailoverHistoryEntry> history) {

  public MasterRecord {
    replicas = Maps.freeze(replicas);
    downReports = Maps.freeze(downReports);
    history = List.copyOf(history);
  }

  /** Nodes that report this instance down (empty when none). */
  public SortedMap<String, Long> reportsFor(InstanceAddress instance) {
    SortedMap<String, Long> r = downReports.get(instance);
    return r == null ? Maps.empty() : r;
  }

  public boolean failoverInProgress() {
    return failover != null;
  }

  MasterRecord withAddress(InstanceAddress a) {
    return new MasterRecord(name, a, quorum, settings, configEpoch, replicas, downReports, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withQuorum(int q) {
    return new MasterRecord(name, address, q, settings, configEpoch, replicas, downReports, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withSettings(MasterSettings s) {
    return new MasterRecord(name, address, quorum, s, configEpoch, replicas, downReports, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withConfigEpoch(long e) {
    return new MasterRecord(name, address, quorum, settings, e, replicas, downReports, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withReplicas(SortedMap<InstanceAddress, ReplicaRecord> r) {
    return new MasterRecord(name, address, quorum, settings, configEpoch, r, downReports, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withDownReports(SortedMap<InstanceAddress, SortedMap<String, Long>> d) {
    return new MasterRecord(name, address, quorum, settings, configEpoch, replicas, d, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withFailover(FailoverRecord f) {
    return new MasterRecord(name, address, quorum, settings, configEpoch, replicas, downReports, f,
        lastFailoverStartMs, addedAtMs, failoverPaused, history);
  }

  MasterRecord withLastFailoverStartMs(long t) {
    return new MasterRecord(name, address, quorum, settings, configEpoch, replicas, downReports, failover, t,
        addedAtMs, failoverPaused, history);
  }

  MasterRecord withFailoverPaused(boolean p) {
    return new MasterRecord(name, address, quorum, settings, configEpoch, replicas, downReports, failover,
        lastFailoverStartMs, addedAtMs, p, history);
  }

  /** Whether a failover attempt with this epoch started (in progress, or in the kept history). */
  public boolean attempted(long epoch) {
    if (failover != null && failover.epoch() == epoch) {
      return true;
    }
    for (FailoverHistoryEntry e : history) {
      if (e.epoch() == epoch) {
        return true;
      }
    }
    return false;
  }

  /** Appends a finished attempt, dropping the oldest beyond the limit. */
  MasterRecord withHistoryEntry(FailoverHistoryEntry e) {
    List<FailoverHistoryEntry> h = new ArrayList<>(history);
    h.add(e);
    if (h.size() > FailoverHistoryEntry.LIMIT) {
      h = h.subList(h.size() - FailoverHistoryEntry.LIMIT, h.size());
    }
    return new MasterRecord(name, address, quorum, settings, configEpoch, replicas, downReports, failover,
        lastFailoverStartMs, addedAtMs, failoverPaused, h);
  }
}
