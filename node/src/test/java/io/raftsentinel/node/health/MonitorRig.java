package io.raftsentinel.node.health;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.redis.RedisResources;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A real {@link HealthMonitor} on its own scheduler, recording what it reports; for monitor tests. */
final class MonitorRig implements AutoCloseable {
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final RedisResources resources = RedisResources.create(2, Duration.ofMillis(500));
  final RecordingListener listener = new RecordingListener();
  final HealthMonitor monitor =
      new HealthMonitor(resources, scheduler, Ticker.system(), InstantSource.system(), "raft-sentinel-n1", listener);

  /** Whether the instance answered a PING and an INFO. */
  boolean answered(InstanceAddress a) {
    InstanceObservation o = monitor.observation(a);
    return o != null && o.lastOkPingReplyAgoMs() >= 0 && o.infoRefreshAgoMs() >= 0;
  }

  @Override
  public void close() throws InterruptedException {
    monitor.close();
    scheduler.shutdownNow();
    if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
      throw new AssertionError("the monitor's scheduler did not stop within 5 s");
    }
    resources.close();
  }
}
