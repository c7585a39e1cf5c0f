package io.raftsentinel.raftstate.ratis;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.TopologyState;

/**
 * What the node hears from its state machine. Called on Ratis's threads: implementations must return
 * quickly and never block (hand work to their own executor).
 */
public interface StateMachineListener {

  /** A log entry was applied (accepted or rejected); the result carries the new state and events. */
  default void onApplied(long index, Command command, ApplyResult result) {}

  /** The state was replaced wholesale from a snapshot (start-up or installed from the leader). */
  default void onStateReloaded(TopologyState state, long appliedIndex) {}

  /** This node learnt who the leader is (possibly itself); leaderId is never empty here. */
  default void onLeaderChanged(String leaderId) {}

  /** This node is leader and has applied every earlier entry: leader-only duties may start. */
  default void onLeaderReady(long term) {}

  /** This node stopped being leader: leader-only duties must stop now. */
  default void onNotLeader() {}
}
