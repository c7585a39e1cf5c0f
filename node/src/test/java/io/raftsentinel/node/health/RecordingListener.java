package io.raftsentinel.node.health;

import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.ArrayList;
import java.util.List;

/** Records every callback with the monotonic time it arrived. Thread-safe. */
final class RecordingListener implements HealthListener {

  record Health(String master, InstanceAddress instance, boolean down, long sinceEpochMs, long atNanos) {}

  record Replicas(String master, List<ReplicaFacts> replicas) {}

  record Tilt(boolean tilted, long lagMs, long atNanos) {}

  private final List<Health> health = new ArrayList<>();
  private final List<Replicas> replicas = new ArrayList<>();
  private final List<Tilt> tilts = new ArrayList<>();

  @Override
  public synchronized void onHealthChanged(String master, InstanceAddress instance, boolean down, long since) {
    health.add(new Health(master, instance, down, since, System.nanoTime()));
  }

  @Override
  public synchronized void onReplicasChanged(String master, List<ReplicaFacts> list) {
    replicas.add(new Replicas(master, list));
  }

  @Override
  public synchronized void onTiltChanged(boolean tilted, long lagMs) {
    tilts.add(new Tilt(tilted, lagMs, System.nanoTime()));
  }

  synchronized List<Tilt> tilts() {
    return List.copyOf(tilts);
  }

  synchronized List<Health> health(InstanceAddress instance) {
    return health.stream().filter(h -> h.instance().equals(instance)).toList();
  }

  synchronized List<Health> health() {
    return List.copyOf(health);
  }

  synchronized List<Replicas> replicas() {
    return List.copyOf(replicas);
  }
}
