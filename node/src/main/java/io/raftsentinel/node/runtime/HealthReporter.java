package io.raftsentinel.node.runtime;

import io.raftsentinel.node.health.HealthListener;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.ReportHealth;
import io.raftsentinel.proto.state.ReportReplicas;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the monitor's observations into log commands. Transitions that happen together are sent as
 * one {@code ReportHealth} (one log entry for a mass failure); only the latest view of an instance is
 * kept while a proposal is in flight, and a failed proposal is retried, so the committed reports of
 * this node converge to what it currently sees. The monitor's TILT changes are published as local
 * {@code +tilt}/{@code -tilt} events (this node's own state, never proposed). Never blocks the monitor.
 */
final class HealthReporter implements HealthListener {
  private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);
  private static final long RETRY_MS = 200;

  private record Key(String master, InstanceAddress instance) {}

  private final TopologyWriter writer;
  private final ScheduledExecutorService executor;
  private final BooleanSupplier announced;
  private final Consumer<SentinelEvent> localEvents;
  private final LongSupplier timeMs;
  private final Map<Key, HealthTransition> pendingHealth = new LinkedHashMap<>();
  private final Map<String, List<ReplicaFacts>> pendingReplicas = new LinkedHashMap<>();
  private boolean inFlight;

  HealthReporter(TopologyWriter writer, ScheduledExecutorService executor, BooleanSupplier announced,
      Consumer<SentinelEvent> localEvents, LongSupplier timeMs) {
    this.writer = writer;
    this.executor = executor;
    this.announced = announced;
    this.localEvents = localEvents;
    this.timeMs = timeMs;
  }

  @Override
  public void onTiltChanged(boolean tilted, long lagMs) {
    SentinelEvent e = new SentinelEvent(0, timeMs.getAsLong(), "", tilted ? "+tilt" : "-tilt",
        tilted ? "#tilt mode entered" : "#tilt mode exited", "");
    executor.execute(() -> localEvents.accept(e));
  }

  @Override
  public void onHealthChanged(String master, InstanceAddress instance, boolean down, long sinceEpochMs) {
    HealthTransition t = HealthTransition.newBuilder().setMaster(master).setInstance(instance.toProto())
        .setDown(down).setSinceMs(down ? sinceEpochMs : 0).build();
    synchronized (this) {
      pendingHealth.put(new Key(master, instance), t);
    }
    executor.execute(this::flush);
  }

  @Override
  public void onReplicasChanged(String master, List<ReplicaFacts> replicas) {
    synchronized (this) {
      pendingReplicas.put(master, List.copyOf(replicas));
    }
    executor.execute(this::flush);
  }

  /** Sends everything pending as few commands as possible; one batch in flight at a time. */
  void flush() {
    List<HealthTransition> health;
    Map<String, List<ReplicaFacts>> replicas;
    synchronized (this) {
      if (inFlight || (pendingHealth.isEmpty() && pendingReplicas.isEmpty())) {
        return;
      }
      if (!announced.getAsBoolean()) {
        executor.schedule(this::flush, RETRY_MS, TimeUnit.MILLISECONDS);
        return;
      }
      inFlight = true;
      health = new ArrayList<>(pendingHealth.values());
      replicas = new LinkedHashMap<>(pendingReplicas);
      pendingHealth.clear();
      pendingReplicas.clear();
    }
    List<CompletableFuture<?>> sent = new ArrayList<>();
    if (!health.isEmpty()) {
      sent.add(writer.submit(Command.newBuilder().setReportHealth(ReportHealth.newBuilder().addAllTransitions(health)))
          .whenComplete((r, e) -> {
            if (e != null) {
              LOG.warn("Health report not committed, will retry: {}", e.getMessage());
              requeueHealth(health);
            }
          }));
    }
    replicas.forEach((master, list) -> sent.add(writer.submit(Command.newBuilder()
        .setReportReplicas(ReportReplicas.newBuilder().setMaster(master).addAllReplicas(list)))
        .whenComplete((r, e) -> {
          if (e != null) {
            LOG.warn("Replica report for {} not committed, will retry: {}", master, e.getMessage());
            requeueReplicas(master, list);
          }
        })));
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .whenComplete((v, e) -> {
          synchronized (this) {
            inFlight = false;
          }
          if (e != null) {
            executor.schedule(this::flush, RETRY_MS, TimeUnit.MILLISECONDS);
          } else {
            executor.execute(this::flush);
          }
        });
  }

  private synchronized void requeueHealth(List<HealthTransition> failed) {
    for (HealthTransition t : failed) {
      // A newer observation of the same instance supersedes the one that failed.
      pendingHealth.putIfAbsent(new Key(t.getMaster(), InstanceAddress.of(t.getInstance())), t);
    }
  }

  private synchronized void requeueReplicas(String master, List<ReplicaFacts> failed) {
    pendingReplicas.putIfAbsent(master, failed);
  }
}
