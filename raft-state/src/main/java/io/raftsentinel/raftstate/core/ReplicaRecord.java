package io.raftsentinel.raftstate.core;

/** A replica the group knows for a master: the facts that change rarely (offsets are not logged). */
public record ReplicaRecord(InstanceAddress address, String runId, int priority, boolean announced, long addedAtMs) {

  public static final int DEFAULT_PRIORITY = 100;

  public ReplicaRecord {
    runId = runId == null ? "" : runId;
  }
}
