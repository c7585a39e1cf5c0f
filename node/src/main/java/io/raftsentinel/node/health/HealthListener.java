package io.raftsentinel.node.health;

import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.List;

/**
 * Receives the monitor's observations as transitions only. Calls arrive in order while the monitor
 * holds its lock (on its scheduler, or on the thread calling {@link HealthMonitor#monitor}):
 * implementations must be quick and must not block (hand the fact to the Raft proposer
 * asynchronously). Exceptions are logged and do not stop monitoring.
 */
public interface HealthListener {

  /**
   * This node's SDOWN verdict on {@code instance} (the master of {@code master}, or one of its
   * replicas) changed. {@code sinceEpochMs} is this node's wall clock when it saw the instance down, 0
   * when up.
   */
  void onHealthChanged(String master, InstanceAddress instance, boolean down, long sinceEpochMs);

  /**
   * The replicas this node knows for {@code master} (sorted by address, the master itself excluded)
   * changed in membership, priority, run id or announced flag. Offsets are never reported.
   */
  void onReplicasChanged(String master, List<ReplicaFacts> replicas);

  /**
   * This node's monitor entered ({@code tilted}) or left Sentinel's TILT mode: it ran more than
   * {@link TiltGuard#TRIGGER} late and holds new SDOWN verdicts. {@code lagMs} is the lag that entered
   * it, or the worst lag of the episode on leaving. A local fact, never a log command.
   */
  default void onTiltChanged(boolean tilted, long lagMs) {}
}
