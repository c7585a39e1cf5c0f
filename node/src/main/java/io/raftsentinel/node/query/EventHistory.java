package io.raftsentinel.node.query;

import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.List;

/**
 * Committed events replayed from a log index.
 *
 * @param firstAvailableIndex the lowest index from which every event is still held; a request for
 *     an older index cannot be served without gaps
 * @param events events at or after the requested index, oldest first
 */
public record EventHistory(long firstAvailableIndex, List<SentinelEvent> events) {}
