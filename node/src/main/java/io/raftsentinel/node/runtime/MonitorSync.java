package io.raftsentinel.node.runtime;

import io.raftsentinel.node.health.HealthMonitor;
import io.raftsentinel.node.health.MonitoredMaster;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the monitor watching exactly the committed master groups (address, replicas, settings),
 * off the applying thread and coalesced: many commits in a burst cause one pass.
 */
final class MonitorSync {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorSync.class);

  private static final Duration INFO_TIMEOUT = Duration.ofSeconds(1);

  private final HealthMonitor monitor;
  private final Supplier<TopologyState> state;
  private final String nodeId;
  private final Map<String, Duration> pingPeriods;
  private final ExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private TopologyState lastSynced;

  MonitorSync(HealthMonitor monitor, Supplier<TopologyState> state, String nodeId, Map<String, Duration> pingPeriods,
      ExecutorService executor) {
    this.monitor = monitor;
    this.state = state;
    this.nodeId = nodeId;
    this.pingPeriods = pingPeriods;
    this.executor = executor;
  }

  /** The committed state changed: sync soon (at most one pass queued at a time). */
  void request() {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::sync);
    }
  }

  private void sync() {
    scheduled.set(false);
    TopologyState s = state.get();
    if (s == lastSynced) {
      return;
    }
    try {
      Set<String> wanted = new HashSet<>();
      for (MasterRecord m : s.masters().values()) {
        wanted.add(m.name());
        MasterRecord before = lastSynced == null ? null : lastSynced.master(m.name());
        if (before != null && sameForMonitor(before, m)) {
          continue;
        }
        MonitoredMaster spec = MonitoredMaster.fromRecord(m, nodeId);
        Duration ping = pingPeriods.get(m.name());
        monitor.monitor(ping == null ? spec : spec.withPingPeriod(ping));
        refreshChanged(before, m);
      }
      for (String name : monitor.masters()) {
        if (!wanted.contains(name)) {
          monitor.remove(name);
        }
      }
      for (MasterRecord m : s.masters().values()) {
        monitor.setFastInfo(m.name(), m.failover() != null || s.isOdown(m));
      }
      lastSynced = s;
    } catch (RuntimeException e) {
      LOG.error("Could not bring the monitor in line with the committed topology", e);
    }
  }

  /**
   * INFO is otherwise read every 10 s: after a switch, and when an instance comes back, the roles the
   * reconciler judges by must be fresh, or a returning old master would stay master for seconds.
   */
  private void refreshChanged(MasterRecord before, MasterRecord after) {
    if (before == null) {
      return;
    }
    Set<InstanceAddress> refresh = new HashSet<>();
    if (!before.address().equals(after.address())) {
      refresh.add(after.address());
      refresh.addAll(after.replicas().keySet());
    }
    for (InstanceAddress a : before.downReports().keySet()) {
      if (!after.downReports().containsKey(a)) {
        refresh.add(a);
      }
    }
    for (InstanceAddress a : refresh) {
      monitor.freshInfo(a, INFO_TIMEOUT).exceptionally(e -> {
        LOG.debug("INFO refresh of {} failed: {}", a, e.toString());
        return null;
      });
    }
  }

  private static boolean sameForMonitor(MasterRecord a, MasterRecord b) {
    return a.address().equals(b.address()) && a.replicas().equals(b.replicas())
        && a.settings().equals(b.settings()) && a.downReports().equals(b.downReports());
  }
}
