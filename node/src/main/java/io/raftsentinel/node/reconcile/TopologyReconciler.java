package io.raftsentinel.node.reconcile;

import io.raftsentinel.node.failover.RedisActions;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.raftstate.core.EventDetails;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.QuorumEvaluator;
import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges Redis to the committed topology while this node leads. Never acts on a master group
 * with a failover in progress, never on an instance the group reports down, and only once an
 * instance's reported role has been stable for {@code grace} (so a failover's own transitions are
 * not fought).
 */
public final class TopologyReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyReconciler.class);

  private final Supplier<TopologyState> state;
  private final Function<InstanceAddress, InstanceObservation> observations;
  private final RedisActions redis;
  private final BooleanSupplier leading;
  private final Consumer<SentinelEvent> localEvents;
  private final Consumer<InstanceAddress> refreshInfo;
  private final LongSupplier logClockMs;
  private final long graceMs;
  private final long periodMs;
  private final ScheduledExecutorService executor;
  private final Set<InstanceAddress> inFlight = ConcurrentHashMap.newKeySet();
  /** When we last corrected an instance: its INFO may still show the old role for a while. */
  private final Map<InstanceAddress, Long> lastActedMs = new ConcurrentHashMap<>();
  private ScheduledFuture<?> ticker;

  public TopologyReconciler(Supplier<TopologyState> state, Function<InstanceAddress, InstanceObservation> observations,
      RedisActions redis, BooleanSupplier leading, Consumer<SentinelEvent> localEvents,
      Consumer<InstanceAddress> refreshInfo, LongSupplier logClockMs, long graceMs, long periodMs) {
    this.refreshInfo = refreshInfo;
    this.state = state;
    this.observations = observations;
    this.redis = redis;
    this.leading = leading;
    this.localEvents = localEvents;
    this.logClockMs = logClockMs;
    this.graceMs = graceMs;
    this.periodMs = periodMs;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "topology-reconciler");
      t.setDaemon(true);
      return t;
    });
  }

  public synchronized void start() {
    if (ticker == null) {
      ticker = executor.scheduleWithFixedDelay(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    try {
      if (leading.getAsBoolean()) {
        reconcile(state.get());
      }
    } catch (RuntimeException e) {
      LOG.error("Reconciliation pass failed", e);
    }
  }

  private void reconcile(TopologyState s) {
    for (MasterRecord m : s.masters().values()) {
      if (m.failover() != null || !looksSane(m)) {
        continue;
      }
      for (InstanceAddress r : m.replicas().keySet()) {
        InstanceObservation o = observations.apply(r);
        if (o == null || !o.connected() || o.subjectivelyDown() || groupReportsDown(s, m, r)
            || o.roleReportedAgoMs() < graceMs || inFlight.contains(r) || staleSinceLastAction(r, o)) {
          continue;
        }
        if ("master".equals(o.role())) {
          act(m, r, "+convert-to-slave");
        } else if ("slave".equals(o.role()) && !pointsTo(o, m.address())) {
          act(m, r, "+fix-slave-config");
        }
      }
    }
  }

  /**
   * The group reports an instance down when a quorum of known nodes does. One node's report alone
   * (a node frozen or restarted while it saw the instance down) must not keep a returning old
   * master writable: this leader's own fresh observation decides, as in Sentinel.
   */
  private static boolean groupReportsDown(TopologyState s, MasterRecord m, InstanceAddress r) {
    int votes = 0;
    for (String node : m.reportsFor(r).keySet()) {
      if (s.nodes().containsKey(node)) {
        votes++;
      }
    }
    return votes >= m.quorum();
  }

  /** Sentinel's rule: only correct others when our master is itself healthy and a master. */
  private boolean looksSane(MasterRecord m) {
    InstanceObservation o = observations.apply(m.address());
    return o != null && o.connected() && !o.subjectivelyDown() && "master".equals(o.role())
        && QuorumEvaluator.downVotes(m, state.get().nodes().keySet()) < m.quorum();
  }

  private static boolean pointsTo(InstanceObservation o, InstanceAddress master) {
    return master.host().equals(o.masterHost()) && master.port() == o.masterPort();
  }

  /** After correcting an instance, wait for an INFO taken after the correction before judging again. */
  private boolean staleSinceLastAction(InstanceAddress r, InstanceObservation o) {
    Long at = lastActedMs.get(r);
    return at != null && (o.infoRefreshAgoMs() < 0 || logClockMs.getAsLong() - o.infoRefreshAgoMs() <= at);
  }

  private void act(MasterRecord m, InstanceAddress replica, String type) {
    inFlight.add(replica);
    lastActedMs.put(replica, logClockMs.getAsLong());
    String details = EventDetails.replica(replica, m.name(), m.address());
    LOG.info("{} {}", type, details);
    localEvents.accept(new SentinelEvent(0, logClockMs.getAsLong(), m.name(), type, details, ""));
    redis.replicaOf(m, replica, m.address()).whenComplete((v, e) -> {
      lastActedMs.put(replica, logClockMs.getAsLong());
      inFlight.remove(replica);
      if (e != null) {
        LOG.warn("{} of {} failed: {}", type, replica.name(), e.toString());
      }
      refreshInfo.accept(replica);
    });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
