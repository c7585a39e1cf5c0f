package io.raftsentinel.raftstate.core;

import java.util.SortedMap;

/**
 * The whole replicated topology at one log index. Immutable: {@link TopologyMachine#apply} returns a
 * new state, so readers holding a reference always see a consistent picture.
 *
 * @param currentEpoch the group's epoch; raised by one for every failover attempt
 * @param logTimeMs the log's clock: the largest proposer timestamp applied so far
 */
public record TopologyState(
    long currentEpoch,
    long logTimeMs,
    SortedMap<String, MasterRecord> masters,
    SortedMap<String, NodeRecord> nodes) {

  public static final TopologyState EMPTY = new TopologyState(0, 0, Maps.empty(), Maps.empty());

  public TopologyState {
    masters = Maps.freeze(masters);
    nodes = Maps.freeze(nodes);
  }

  public MasterRecord master(String name) {
    return masters.get(name);
  }

  /** Objectively down: at least {@code quorum} known nodes report the committed master down. */
  public boolean isOdown(MasterRecord m) {
    return QuorumEvaluator.downVotes(m, nodes.keySet()) >= m.quorum();
  }

  TopologyState withMaster(MasterRecord m) {
    return new TopologyState(currentEpoch, logTimeMs, Maps.with(masters, m.name(), m), nodes);
  }

  TopologyState withoutMaster(String name) {
    return new TopologyState(currentEpoch, logTimeMs, Maps.without(masters, name), nodes);
  }

  TopologyState withNode(NodeRecord n) {
    return new TopologyState(currentEpoch, logTimeMs, masters, Maps.with(nodes, n.nodeId(), n));
  }

  TopologyState withCurrentEpoch(long e) {
    return new TopologyState(e, logTimeMs, masters, nodes);
  }

  TopologyState withLogTime(long t) {
    return t == logTimeMs ? this : new TopologyState(currentEpoch, t, masters, nodes);
  }
}
