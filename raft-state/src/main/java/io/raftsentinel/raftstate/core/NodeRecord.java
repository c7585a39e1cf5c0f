package io.raftsentinel.raftstate.core;

/** A sentinel node of the group as it announced itself. */
public record NodeRecord(String nodeId, String host, int respPort, int grpcPort, String runId) {}
