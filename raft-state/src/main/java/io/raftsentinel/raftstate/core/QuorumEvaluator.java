package io.raftsentinel.raftstate.core;

import java.util.Set;

/** Counts the agreement behind ODOWN: reports from nodes that are members of the group. */
public final class QuorumEvaluator {
  private QuorumEvaluator() {}

  /** How many known nodes report the master's committed address down. */
  public static int downVotes(MasterRecord master, Set<String> knownNodes) {
    int votes = 0;
    for (String node : master.reportsFor(master.address()).keySet()) {
      if (knownNodes.contains(node)) {
        votes++;
      }
    }
    return votes;
  }
}
