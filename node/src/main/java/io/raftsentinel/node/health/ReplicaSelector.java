package io.raftsentinel.node.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Redis Sentinel's replica selection (SPEC §3.7), pure. A replica is excluded when SDOWN, disconnected,
 * its last valid PING reply is older than 5 ping periods, its priority is 0, its INFO is older than 5
 * ping periods (master SDOWN) or 3 INFO periods (otherwise), or its master link has been down longer
 * than the master's SDOWN time plus 10 x down-after. The rest are ordered by priority ascending,
 * offset descending, run id ascending ignoring case (a missing run id last), then address so the
 * order is total.
 */
public final class ReplicaSelector {

  /** Sentinel's PING and INFO periods, the constants its limits are written in. */
  public static final long SENTINEL_PING_PERIOD_MS = 1000;
  public static final long SENTINEL_INFO_PERIOD_MS = 10_000;

  /**
   * @param masterSdownMs how long the master has been SDOWN, or -1 if it is not
   */
  public record Limits(long pingPeriodMs, long infoPeriodMs, long downAfterMs, long masterSdownMs) {

    /** Sentinel's own periods. */
    public static Limits sentinel(long downAfterMs, long masterSdownMs) {
      return new Limits(SENTINEL_PING_PERIOD_MS, SENTINEL_INFO_PERIOD_MS, downAfterMs, masterSdownMs);
    }

    boolean masterSdown() {
      return masterSdownMs >= 0;
    }
  }

  static final Comparator<ReplicaCandidate> ORDER = Comparator
      .comparingInt(ReplicaCandidate::priority)
      .thenComparing(Comparator.comparingLong(ReplicaCandidate::offset).reversed())
      .thenComparing(ReplicaSelector::compareRunIds)
      .thenComparing(ReplicaCandidate::address);

  private ReplicaSelector() {}

  /** The best candidate, or empty when none qualifies ({@code -failover-abort-no-good-slave}). */
  public static Optional<ReplicaCandidate> select(List<ReplicaCandidate> replicas, Limits limits) {
    List<ReplicaCandidate> ranked = rank(replicas, limits);
    return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0));
  }

  /** Every eligible replica, best first. */
  public static List<ReplicaCandidate> rank(List<ReplicaCandidate> replicas, Limits limits) {
    List<ReplicaCandidate> eligible = new ArrayList<>();
    for (ReplicaCandidate r : replicas) {
      if (exclusion(r, limits) == null) {
        eligible.add(r);
      }
    }
    eligible.sort(ORDER);
    return eligible;
  }

  /** Why {@code r} cannot be promoted, or null if it can. */
  public static String exclusion(ReplicaCandidate r, Limits limits) {
    if (r.sdown()) {
      return "sdown";
    }
    if (!r.connected()) {
      return "disconnected";
    }
    if (r.lastOkPingAgoMs() < 0 || r.lastOkPingAgoMs() > 5 * limits.pingPeriodMs()) {
      return "no valid ping reply within " + 5 * limits.pingPeriodMs() + " ms";
    }
    if (r.priority() == 0) {
      return "replica-priority 0";
    }
    long infoValidity = limits.masterSdown() ? 5 * limits.pingPeriodMs() : 3 * limits.infoPeriodMs();
    if (r.infoAgeMs() < 0 || r.infoAgeMs() > infoValidity) {
      return "INFO older than " + infoValidity + " ms";
    }
    long maxLinkDown = Math.max(0, limits.masterSdownMs()) + 10 * limits.downAfterMs();
    if (r.masterLinkDownMs() > maxLinkDown) {
      return "master link down for more than " + maxLinkDown + " ms";
    }
    return null;
  }

  private static int compareRunIds(ReplicaCandidate a, ReplicaCandidate b) {
    boolean aMissing = a.runId().isEmpty();
    boolean bMissing = b.runId().isEmpty();
    if (aMissing || bMissing) {
      return Boolean.compare(aMissing, bMissing);
    }
    return a.runId().toLowerCase(Locale.ROOT).compareTo(b.runId().toLowerCase(Locale.ROOT));
  }
}
