package io.raftsentinel.raftstate.core;

/**
 * Per-master tunables, with Redis Sentinel's names and defaults, plus lag-aware promotion
 * ({@code promotion-lag-policy}, {@code max-promotion-lag}; the default, allow, is Sentinel's behaviour).
 */
public record MasterSettings(
    long downAfterMs, long failoverTimeoutMs, int parallelSyncs, String authUser, String authPass,
    PromotionLagPolicy promotionLagPolicy, long maxPromotionLag) {

  public static final long DEFAULT_DOWN_AFTER_MS = 30_000;
  public static final long DEFAULT_FAILOVER_TIMEOUT_MS = 180_000;
  public static final int DEFAULT_PARALLEL_SYNCS = 1;

  public static final MasterSettings DEFAULTS = new MasterSettings(DEFAULT_DOWN_AFTER_MS,
      DEFAULT_FAILOVER_TIMEOUT_MS, DEFAULT_PARALLEL_SYNCS, "", "", PromotionLagPolicy.ALLOW, 0);

  public MasterSettings {
    authUser = authUser == null ? "" : authUser;
    authPass = authPass == null ? "" : authPass;
    promotionLagPolicy = promotionLagPolicy == null ? PromotionLagPolicy.ALLOW : promotionLagPolicy;
  }

  /** Sentinel's five settings, with lag-aware promotion off. */
  public MasterSettings(long downAfterMs, long failoverTimeoutMs, int parallelSyncs, String authUser,
      String authPass) {
    this(downAfterMs, failoverTimeoutMs, parallelSyncs, authUser, authPass, PromotionLagPolicy.ALLOW, 0);
  }

  /** Zero or empty proto fields take the defaults. */
  public static MasterSettings fromProto(io.raftsentinel.proto.state.MasterSettings p) {
    PromotionLagPolicy policy = PromotionLagPolicy.parse(p.getPromotionLagPolicy());
    return new MasterSettings(
        p.getDownAfterMs() > 0 ? p.getDownAfterMs() : DEFAULT_DOWN_AFTER_MS,
        p.getFailoverTimeoutMs() > 0 ? p.getFailoverTimeoutMs() : DEFAULT_FAILOVER_TIMEOUT_MS,
        p.getParallelSyncs() > 0 ? p.getParallelSyncs() : DEFAULT_PARALLEL_SYNCS,
        p.getAuthUser(),
        p.getAuthPass(),
        policy == null ? PromotionLagPolicy.ALLOW : policy,
        Math.max(0, p.getMaxPromotionLag()));
  }

  public io.raftsentinel.proto.state.MasterSettings toProto() {
    return io.raftsentinel.proto.state.MasterSettings.newBuilder()
        .setDownAfterMs(downAfterMs)
        .setFailoverTimeoutMs(failoverTimeoutMs)
        .setParallelSyncs(parallelSyncs)
        .setAuthUser(authUser)
        .setAuthPass(authPass)
        .setPromotionLagPolicy(promotionLagPolicy.configName())
        .setMaxPromotionLag(maxPromotionLag)
        .build();
  }

  public MasterSettings withDownAfterMs(long v) {
    return new MasterSettings(v, failoverTimeoutMs, parallelSyncs, authUser, authPass, promotionLagPolicy,
        maxPromotionLag);
  }

  public MasterSettings withFailoverTimeoutMs(long v) {
    return new MasterSettings(downAfterMs, v, parallelSyncs, authUser, authPass, promotionLagPolicy,
        maxPromotionLag);
  }

  public MasterSettings withParallelSyncs(int v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, v, authUser, authPass, promotionLagPolicy,
        maxPromotionLag);
  }

  public MasterSettings withAuthUser(String v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, parallelSyncs, v, authPass, promotionLagPolicy,
        maxPromotionLag);
  }

  public MasterSettings withAuthPass(String v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, parallelSyncs, authUser, v, promotionLagPolicy,
        maxPromotionLag);
  }

  public MasterSettings withPromotionLagPolicy(PromotionLagPolicy v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, parallelSyncs, authUser, authPass, v,
        maxPromotionLag);
  }

  public MasterSettings withMaxPromotionLag(long v) {
    return new MasterSettings(downAfterMs, failoverTimeoutMs, parallelSyncs, authUser, authPass,
        promotionLagPolicy, v);
  }

  /** Secrets are never printed. */
  @Override
  public String toString() {
    return "MasterSettings[downAfterMs=" + downAfterMs + ", failoverTimeoutMs=" + failoverTimeoutMs
        + ", parallelSyncs=" + parallelSyncs + ", authUser=" + authUser
        + ", authPass=" + (authPass.isEmpty() ? "" : "******")
        + ", promotionLagPolicy=" + promotionLagPolicy.configName() + ", maxPromotionLag=" + maxPromotionLag + "]";
  }
}
