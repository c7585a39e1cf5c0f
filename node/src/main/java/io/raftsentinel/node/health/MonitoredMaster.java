package io.raftsentinel.node.health;

import static io.raftsentinel.node.config.MonitoredMaster.derivedPingPeriod;

import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One master group as the monitor should watch it, taken from the committed state.
 *
 * @param pingPeriod null for the default, {@code max(100 ms, downAfter / 10)}
 * @param knownReplicas the replicas the group already knows, with their committed facts
 * @param reportedDown instances the committed state says this node reports down, so that the monitor
 *     reports them up when they answer (e.g. after this node restarted)
 */
public record MonitoredMaster(String name, InstanceAddress address, Duration downAfter, Duration pingPeriod,
    String authUser, String authPass, List<ReplicaFacts> knownReplicas, Set<InstanceAddress> reportedDown) {

  /** Redis Sentinel's ping period when down-after is longer. */
  public static final Duration SENTINEL_PING_PERIOD = Duration.ofSeconds(1);

  public MonitoredMaster {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("master name is empty");
    }
    Objects.requireNonNull(address, "address of master " + name);
    requirePort(address, name);
    if (downAfter == null || downAfter.isNegative() || downAfter.isZero()) {
      throw new IllegalArgumentException("down-after of master " + name + " must be positive, got " + downAfter);
    }
    if (pingPeriod != null && (pingPeriod.isNegative() || pingPeriod.isZero())) {
      throw new IllegalArgumentException("ping period of master " + name + " must be positive, got " + pingPeriod);
    }
    authUser = authUser == null ? "" : authUser;
    authPass = authPass == null ? "" : authPass;
    knownReplicas = List.copyOf(knownReplicas == null ? List.of() : knownReplicas);
    for (ReplicaFacts f : knownReplicas) {
      requirePort(InstanceAddress.of(f.getAddress()), name);
    }
    reportedDown = Set.copyOf(reportedDown == null ? Set.of() : reportedDown);
  }

  private static void requirePort(InstanceAddress a, String master) {
    if (a.host().isEmpty() || a.port() < 1 || a.port() > 65535) {
      throw new IllegalArgumentException("bad address '" + a + "' in master " + master);
    }
  }

  /** A master with no auth, no known replicas, default ping period. */
  public static MonitoredMaster of(String name, InstanceAddress address, Duration downAfter) {
    return new MonitoredMaster(name, address, downAfter, null, "", "", List.of(), Set.of());
  }

  /** The spec for a committed master record, as seen by node {@code nodeId}. */
  public static MonitoredMaster fromRecord(MasterRecord m, String nodeId) {
    List<ReplicaFacts> known = new ArrayList<>();
    for (ReplicaRecord r : m.replicas().values()) {
      known.add(ReplicaFacts.newBuilder().setAddress(r.address().toProto()).setRunId(r.runId())
          .setPriority(r.priority()).setAnnounced(r.announced()).build());
    }
    Set<InstanceAddress> down = new TreeSet<>();
    m.downReports().forEach((instance, reporters) -> {
      if (reporters.containsKey(nodeId)) {
        down.add(instance);
      }
    });
    return new MonitoredMaster(m.name(), m.address(), Duration.ofMillis(m.settings().downAfterMs()), null,
        m.settings().authUser(), m.settings().authPass(), known, down);
  }

  /** The configured ping period, or the one derived from down-after as the config file derives it. */
  public Duration effectivePingPeriod() {
    if (pingPeriod != null) {
      return pingPeriod;
    }
    return derivedPingPeriod(downAfter);
  }

  /**
   * How often the replicas are PINGed: Sentinel's period, {@code min(1 s, downAfter)}, or the master's
   * period if that is longer. A replica's SDOWN only steers replica selection, which reads a fresh INFO
   * from every replica anyway, so replicas need not be watched as closely as the master whose failure
   * starts a failover: at rest most instances are replicas, and each PING costs both sides a wake-up.
   */
  public Duration replicaPingPeriod() {
    Duration sentinel = downAfter.compareTo(SENTINEL_PING_PERIOD) < 0 ? downAfter : SENTINEL_PING_PERIOD;
    Duration master = effectivePingPeriod();
    return master.compareTo(sentinel) > 0 ? master : sentinel;
  }

  public MonitoredMaster withPingPeriod(Duration period) {
    return new MonitoredMaster(name, address, downAfter, period, authUser, authPass, knownReplicas, reportedDown);
  }

  public MonitoredMaster withAuth(String user, String pass) {
    return new MonitoredMaster(name, address, downAfter, pingPeriod, user, pass, knownReplicas, reportedDown);
  }

  public MonitoredMaster withAddress(InstanceAddress a) {
    return new MonitoredMaster(name, a, downAfter, pingPeriod, authUser, authPass, knownReplicas, reportedDown);
  }

  public MonitoredMaster withDownAfter(Duration d) {
    return new MonitoredMaster(name, address, d, pingPeriod, authUser, authPass, knownReplicas, reportedDown);
  }

  public MonitoredMaster withKnownReplicas(List<ReplicaFacts> replicas) {
    return new MonitoredMaster(name, address, downAfter, pingPeriod, authUser, authPass, replicas, reportedDown);
  }

  public MonitoredMaster withReportedDown(Set<InstanceAddress> down) {
    return new MonitoredMaster(name, address, downAfter, pingPeriod, authUser, authPass, knownReplicas, down);
  }

  /** Secrets are never printed. */
  @Override
  public String toString() {
    return "MonitoredMaster[" + name + " " + address + ", down-after=" + downAfter.toMillis() + "ms, ping="
        + effectivePingPeriod().toMillis() + "ms, auth-user=" + (authUser.isEmpty() ? "-" : authUser)
        + ", auth-pass=" + (authPass.isEmpty() ? "-" : "***") + ", known replicas=" + knownReplicas.size() + "]";
  }
}
