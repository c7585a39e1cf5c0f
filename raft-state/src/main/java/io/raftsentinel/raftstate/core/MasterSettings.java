package io.raftsentinel.raftstate.core;

/** Per-master tunables, with Redis Sentinel's names and defaults. */
public record MasterSettings(
    long downAfterMs, long failoverTimeoutMs, int parallelSyncs, String authUser, String authPass) {

  public static final long DEFAULT_DOWN_AFTER_MS = 30_000;
  public static final long DEFAULT_FAILOVER_TIMEOUT_MS = 180_000;
  public static final int DEFAULT_PARALLEL_SYNCS = 1;

  public static final MasterSettings DEFAULTS =
      new MasterSettings(DEFAULT_DOWN_AFTER_MS, DEFAULT_FAILOVER_TIMEOUT_MS, DEFAULT_PARALLEL_SYNCS, "", "");

  public MasterSettings {
    authUser = authUser == null ? "" : authUser;
    authPass = authPass == null ? "" : authPass;
  }

  /** Zero or empty proto fields take the defaults. */
  public static MasterSettings fromProto(io.raftsentinel.proto.state.MasterSettings p) {
    return new MasterSettings(
        p.getDownAfterMs() > 0 ? p.getDownAfterMs() : DEFAULT_DOWN_AFTER_MS,
        p.getFailoverTimeoutMs() > 0 ? p.getFailoverTimeoutMs() : DEFAULT_FAILOVER_TIMEOUT_MS,
        p.getParallelSyncs() > 0 ? p.getParallelSyncs() : DEFAULT_PARALLEL_SYNCS,
        p.getAuthUser(),
        p.getAuthPass());
  }

  public io.raftsentinel.proto.state.MasterSettings toProto() {
    return io.raftsentinel.proto.state.MasterSettings.newBuilder()
        .setDownAfterMs(downAfterMs)
        .setFailoverTimeoutMs(failoverTimeoutMs)
        .setParallelSyncs(parallelSyncs)
        .setAuthUser(authUser)
        .setAuthPass(authPass)
        .build();
  }

  public MasterSettings withDownAfterMs(long v) {
    return new MasterSettings(v, failoverTimeoutMs, parallelSyncs, authUser, authPass);
  }

  public MasterSettings withFailoverTimeoutMs(long v) {
    return new MasterSettings(downAfterMs, v, parallelSyncs, authUser, authPass);
  }

  public MasterSettings withParallelSyncs(int v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, v, authUser, authPass);
  }

  public MasterSettings withAuthUser(String v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, parallelSyncs, v, authPass);
  }

  public MasterSettings withAuthPass(String v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, parallelSyncs, authUser, v);
  }

  /** Secrets are never printed. */
  @Override
  public String toString() {
    return "MasterSettings[downAfterMs=" + downAfterMs + ", failoverTimeoutMs=" + failoverTimeoutMs
        + ", parallelSyncs=" + parallelSyncs + ", authUser=" + authUser
        + ", authPass=" + (authPass.isEmpty() ? "" : "******") + "]";
  }
}
