package io.raftsentinel.raftstate.core;

import java.util.Map;
import java.util.Set;

/** Counts the agreement behind ODOWN: reports from nodes that are members of the group. */
public final class QuorumEvaluator {
  private QuorumEvaluator() {}

  /** How many known nodes report the master's committed address down. */
  public static int downVotes(MasterRecord master, Set<String> knownNodes) {
    int votes = 0;
    for (Map.Entry<String, Long> report : master.reportsFor(master.address()).entrySet()) {
      if (knownNodes.contains(report.getKey())) {
        votes++;
      }
    }
    return votes;
  }
}
