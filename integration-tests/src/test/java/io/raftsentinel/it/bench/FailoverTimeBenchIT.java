package io.raftsentinel.it.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.testing.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * Failover time, raft-sentinel against Redis's own redis-sentinel with identical settings (3
 * sentinels, quorum 2, down-after 1000 ms, failover-timeout 10000 ms), alternating trials in one run.
 * Opt-in: {@code bin/bench-failover} (the {@code bench} profile). Writes target/bench-failover.md.
 */
class FailoverTimeBenchIT {
  private static final long DOWN_AFTER_MS = 1000;
  private static final long FAILOVER_TIMEOUT_MS = 10_000;
  private static final int TRIALS = Integer.getInteger("bench.trials", 5);

  private record Trial(String system, FailoverClock.Result result) {}

  @Test
  void failoverTimeAgainstRedisSentinel() throws Exception {
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      trials.add(new Trial("raft-sentinel", raftSentinelTrial()));
      trials.add(new Trial("redis-sentinel", redisSentinelTrial()));
      System.out.printf("trial %d: %s%n", i + 1, trials.subList(trials.size() - 2, trials.size()));
    }
    String report = report(trials);
    System.out.println(report);
    Path out = Path.of("target", "bench-failover.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertTrue(trials.stream().allMatch(t -> t.result().promotedMs() > 0 && t.result().clientVisibleMs() > 0),
        "every trial failed over: " + trials);
  }

  private static FailoverClock.Result raftSentinelTrial() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess r1 = RedisProcess.startReplicaOf(master.address());
        RedisProcess r2 = RedisProcess.startReplicaOf(master.address());
        SentinelCluster c = SentinelCluster.create(3, List.of(
            "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
            "sentinel down-after-milliseconds mymaster " + DOWN_AFTER_MS,
            "sentinel failover-timeout mymaster " + FAILOVER_TIMEOUT_MS))) {
      c.startAll();
      c.awaitAll("2 replicas known", SentinelCluster.master("mymaster", m -> m.replicas().size() == 2));
      // Ask the followers first, as a client given the node list in any order might.
      SentinelNode leader = c.awaitLeader();
      List<Integer> ports = new ArrayList<>();
      c.running().stream().filter(n -> n != leader).forEach(n -> ports.add(n.respPort()));
      ports.add(leader.respPort());
      return freezeAndMeasure(master, r1, r2, ports);
    }
  }

  private static FailoverClock.Result redisSentinelTrial() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess r1 = RedisProcess.startReplicaOf(master.address());
        RedisProcess r2 = RedisProcess.startReplicaOf(master.address());
        RedisSentinelTrio trio = RedisSentinelTrio.start(master.port(), DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS)) {
      return freezeAndMeasure(master, r1, r2, trio.ports());
    }
  }

  private static FailoverClock.Result freezeAndMeasure(RedisProcess master, RedisProcess r1, RedisProcess r2,
      List<Integer> sentinels) throws InterruptedException {
    HostAndPort old = new HostAndPort("127.0.0.1", master.port());
    List<HostAndPort> replicas = List.of(new HostAndPort("127.0.0.1", r1.port()),
        new HostAndPort("127.0.0.1", r2.port()));
    long frozenAt = System.nanoTime();
    master.pause();
    try {
      return FailoverClock.measure(frozenAt, old, replicas, sentinels, 30_000);
    } finally {
      master.resume();
    }
  }

  private static String report(List<Trial> trials) {
    StringBuilder b = new StringBuilder();
    b.append("| system | trials | (a) promoted replica writable, median ms | (b) client-visible write, median ms |")
        .append(" (a) each | (b) each |\n|---|---|---|---|---|---|\n");
    long[] raft = row(b, trials, "raft-sentinel");
    long[] redis = row(b, trials, "redis-sentinel");
    b.append(String.format(Locale.ROOT, "%nratio raft-sentinel / redis-sentinel: (a) %.2f, (b) %.2f%n",
        (double) raft[0] / redis[0], (double) raft[1] / redis[1]));
    return b.toString();
  }

  private static long[] row(StringBuilder b, List<Trial> trials, String system) {
    List<Long> a = trials.stream().filter(t -> t.system().equals(system)).map(t -> t.result().promotedMs()).toList();
    List<Long> v = trials.stream().filter(t -> t.system().equals(system)).map(t -> t.result().clientVisibleMs())
        .toList();
    long ma = median(a);
    long mv = median(v);
    b.append("| ").append(system).append(" | ").append(a.size()).append(" | ").append(ma).append(" | ").append(mv)
        .append(" | ").append(a).append(" | ").append(v).append(" |\n");
    return new long[] {ma, mv};
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }
}
