package io.raftsentinel.node.health;

import io.raftsentinel.node.redis.InfoReplication;
import io.raftsentinel.node.redis.RedisInstanceClient;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;

/** The monitor's mutable record of one instance; guarded by the monitor's lock. */
final class MonitoredInstance {
  final InstanceAddress address;
  final Set<String> owners = new TreeSet<>();
  RedisInstanceClient client;
  Duration pingPeriod;
  long downAfterNanos;
  ScheduledFuture<?> tick;
  ScheduledFuture<?> downCheck;
  boolean pingInFlight;
  boolean infoInFlight;
  long nextInfoAt;
  /** True once an INFO reply arrived or an INFO attempt failed: the replica may be reported. */
  boolean infoSettled;
  InfoReplication info;
  String infoText = "";
  long infoAt;
  long roleChangedAt;
  boolean reportedDown;
  long downSinceMs;
  boolean closed;

  MonitoredInstance(InstanceAddress address, long now) {
    this.address = address;
    this.nextInfoAt = now;
  }
}
