package io.raftsentinel.node.health;

import io.raftsentinel.node.redis.InfoReplication;
import io.raftsentinel.node.redis.RedisInstanceClient;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
  /** Ticker time of the latest up → down verdict. */
  long downAt;
  /** INFO asked for when a master of this replica was judged down (for ranking), and when; null if none. */
  CompletableFuture<InfoReplication> infoAfterMasterDown;
  long infoAfterMasterDownAt;
  boolean closed;

  MonitoredInstance(InstanceAddress address, long now) {
    this.address = address;
    this.nextInfoAt = now;
  }
}
