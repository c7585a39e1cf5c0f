package io.raftsentinel.node.config;

import io.raftsentinel.raftstate.core.PromotionLagPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code sentinel monitor} line and its per-master settings, with Redis Sentinel's defaults.
 * {@code authUser} and {@code authPass} are null when unset. {@link #toString()} redacts the password.
 * {@code notificationScript} and {@code clientReconfigScript} ({@code sentinel notification-script} /
 * {@code client-reconfig-script}) are null when unset, as is {@code prePromoteScript}
 * ({@code sentinel pre-promote-script}, the leader's veto hook).
 */
public record MonitoredMaster(
    String name,
    String host,
    int port,
    int quorum,
    Duration downAfter,
    Duration failoverTimeout,
    int parallelSyncs,
    String authUser,
    String authPass,
    Duration pingPeriod,
    Path notificationScript,
    Path clientReconfigScript,
    PromotionLagPolicy promotionLagPolicy,
    long maxPromotionLag,
    Path prePromoteScript) {

  /** Sentinel's default {@code down-after-milliseconds}. */
  public static final Duration DEFAULT_DOWN_AFTER = Duration.ofMillis(30_000);
  /** Sentinel's default {@code failover-timeout}. */
  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofMillis(180_000);
  /** Sentinel's default {@code parallel-syncs}. */
  public static final int DEFAULT_PARALLEL_SYNCS = 1;
  /** Floor of the derived ping period, so a tiny down-after does not flood Redis with PINGs. */
  public static final Duration MIN_DERIVED_PING_PERIOD = Duration.ofMillis(100);

  public MonitoredMaster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(downAfter, "downAfter");
    Objects.requireNonNull(failoverTimeout, "failoverTimeout");
    Objects.requireNonNull(pingPeriod, "pingPeriod");
    promotionLagPolicy = promotionLagPolicy == null ? PromotionLagPolicy.ALLOW : promotionLagPolicy;
  }

  /** A master with Sentinel's scripts only (no lag-aware promotion, no pre-promote script). */
  public MonitoredMaster(String name, String host, int port, int quorum, Duration downAfter,
      Duration failoverTimeout, int parallelSyncs, String authUser, String authPass, Duration pingPeriod,
      Path notificationScript, Path clientReconfigScript) {
    this(name, host, port, quorum, downAfter, failoverTimeout, parallelSyncs, authUser, authPass, pingPeriod,
        notificationScript, clientReconfigScript, PromotionLagPolicy.ALLOW, 0, null);
  }

  /** A master without scripts. */
  public MonitoredMaster(String name, String host, int port, int quorum, Duration downAfter,
      Duration failoverTimeout, int parallelSyncs, String authUser, String authPass, Duration pingPeriod) {
    this(name, host, port, quorum, downAfter, failoverTimeout, parallelSyncs, authUser, authPass, pingPeriod, null,
        null, PromotionLagPolicy.ALLOW, 0, null);
  }

  /**
   * The ping period used when {@code sentinel ping-period-ms} is absent: a tenth of down-after, at
   * least {@link #MIN_DERIVED_PING_PERIOD}, so about ten probes fit in one down-after window.
   */
  public static Duration derivedPingPeriod(Duration downAfter) {
    Duration tenth = downAfter.dividedBy(10);
    return tenth.compareTo(MIN_DERIVED_PING_PERIOD) < 0 ? MIN_DERIVED_PING_PERIOD : tenth;
  }

  public HostPort address() {
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return "MonitoredMaster[name=" + name + ", host=" + host + ", port=" + port + ", quorum=" + quorum
        + ", downAfter=" + downAfter.toMillis() + "ms, failoverTimeout=" + failoverTimeout.toMillis()
        + "ms, parallelSyncs=" + parallelSyncs + ", authUser=" + authUser
        + ", authPass=" + NodeConfig.redact(authPass) + ", pingPeriod=" + pingPeriod.toMillis() + "ms"
        + (notificationScript != null ? ", notificationScript=" + notificationScript : "")
        + (clientReconfigScript != null ? ", clientReconfigScript=" + clientReconfigScript : "")
        + (promotionLagPolicy != PromotionLagPolicy.ALLOW || maxPromotionLag > 0
            ? ", promotionLagPolicy=" + promotionLagPolicy.configName() + ", maxPromotionLag=" + maxPromotionLag : "")
        + (prePromoteScript != null ? ", prePromoteScript=" + prePromoteScript : "") + "]";
  }
}
