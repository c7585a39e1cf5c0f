package io.raftsentinel.it.bench;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.SentinelWriter;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.FailoverHistoryEntry;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Planned switchover under a steady writer: raft-sentinel's coordinated switchover (SENTINEL FAILOVER
 * name COORDINATED) against a real redis-sentinel's SENTINEL FAILOVER, in one run. Each side gets
 * its own 1 master + 2 replicas; a {@link SentinelWriter} writes {@code SET k<i> i} all along,
 * re-resolving the master through the sentinels after errors. Per switch: the longest gap between
 * two acknowledged writes (the write pause) and how many acknowledged writes the master had after it
 * (read back once the old master follows the new one). Runs only with {@code -Pbench}
 * ({@code bin/bench-switchover [runs]}); writes integration-tests/target/bench-switchover.md.
 */
class SwitchoverBenchIT {
  private static final int RUNS = Integer.getInteger("bench.runs", 10);
  private static final int WRITES_BETWEEN = 300;
  private static final Duration SWITCH = Duration.ofSeconds(60);

  record Run(long pauseMs, int lostSoFar, int ackedSoFar) {}

  @Test
  void coordinatedSwitchoverVersusSentinelFailover() throws Exception {
    List<Run> ours = raftSentinel();
    List<Run> theirs = redisSentinel();
    String report = report(ours, theirs);
    System.out.println(report);
    Path out = Path.of("target", "bench-switchover.md");
    Files.writeString(out, report, StandardCharsets.UTF_8);
  }

  private List<Run> raftSentinel() throws Exception {
    List<Run> runs = new ArrayList<>();
    try (RedisProcess master = RedisProcess.start();
        RedisProcess r1 = RedisProcess.startReplicaOf(master.address());
        RedisProcess r2 = RedisProcess.startReplicaOf(master.address());
        SentinelCluster c = SentinelCluster.create(3, List.of(
            "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
            "sentinel down-after-milliseconds mymaster 5000",
            "sentinel failover-timeout mymaster 20000")).startAll()) {
      c.awaitAll("every node to know 2 replicas", SentinelCluster.master("mymaster", m -> m.replicas().size() == 2));
      c.awaitLeader();
      List<RedisProcess> all = List.of(master, r1, r2);
      List<Integer> resp = c.running().stream().map(SentinelNode::respPort).toList();
      try (SentinelWriter w = SentinelWriter.start("mymaster", resp, "k")) {
        for (int i = 0; i < RUNS; i++) {
          int acked = w.ackedCount();
          Poll.until(SWITCH, () -> w.ackedCount() >= acked + WRITES_BETWEEN, "writes before switch " + (i + 1));
          int done = i + 1;
          long t0 = System.nanoTime();
          String reply = retryTryAgain(() -> sentinel(resp.get(done % resp.size()), "FAILOVER", "mymaster",
              "COORDINATED", "TIMEOUT", "5000"));
          if (!"OK".equals(reply)) {
            throw new AssertionError("switchover " + done + ": " + reply);
          }
          c.awaitAll(SWITCH, "switchover " + done + " to end", SentinelCluster.master("mymaster",
              m -> m.failover() == null && m.history().size() == done));
          FailoverHistoryEntry e = last(c.running().get(0).topology().state().master("mymaster"));
          if (!FailoverHistoryEntry.ENDED.equals(e.outcome())) {
            throw new AssertionError("switchover " + done + " did not end: " + e);
          }
          RedisProcess now = byPort(all, e.candidate().port());
          RedisProcess old = byPort(all, e.oldMaster().port());
          Poll.until(SWITCH, () -> follows(old, now), "the old master to follow the new one");
          int after = w.ackedCount();
          Poll.until(SWITCH, () -> w.ackedCount() >= after + WRITES_BETWEEN, "writes after switch " + done);
          long pause = w.longestGapMs(t0, System.nanoTime());
          int[] lost = new int[1];
          w.missingOn(now.port(), lost);
          runs.add(new Run(pause, lost[0], w.ackedCount()));
          System.out.printf("raft-sentinel switchover %d: pause %d ms, lost so far %d%n", done, pause, lost[0]);
        }
      }
    }
    return runs;
  }

  private List<Run> redisSentinel() throws Exception {
    List<Run> runs = new ArrayList<>();
    try (RedisProcess master = RedisProcess.start();
        RedisProcess r1 = RedisProcess.startReplicaOf(master.address());
        RedisProcess r2 = RedisProcess.startReplicaOf(master.address());
        RedisSentinelTrio trio = RedisSentinelTrio.start(master.port(), 5000, 10000)) {
      List<RedisProcess> all = List.of(master, r1, r2);
      List<Integer> ports = trio.ports();
      try (SentinelWriter w = SentinelWriter.start("mymaster", ports, "k")) {
        for (int i = 0; i < RUNS; i++) {
          int acked = w.ackedCount();
          Poll.until(SWITCH, () -> w.ackedCount() >= acked + WRITES_BETWEEN, "writes before failover " + (i + 1));
          int done = i + 1;
          int oldPort = masterPort(ports.get(0));
          long t0 = System.nanoTime();
          long deadline = System.nanoTime() + SWITCH.toNanos();
          String reply;
          do { // -INPROG while the previous failover is still being finished
            reply = sentinel(ports.get(done % ports.size()), "FAILOVER", "mymaster");
          } while (reply.startsWith("-INPROG") && System.nanoTime() - deadline < 0 && pauseBriefly());
          if (!"OK".equals(reply)) {
            throw new AssertionError("SENTINEL FAILOVER " + done + ": " + reply);
          }
          Poll.until(SWITCH, () -> ports.stream().allMatch(p -> masterPort(p) != oldPort),
              "every sentinel to name the new master");
          RedisProcess now = byPort(all, masterPort(ports.get(0)));
          RedisProcess old = byPort(all, oldPort);
          Poll.until(SWITCH, () -> follows(old, now), "the old master to be converted to a replica");
          int after = w.ackedCount();
          Poll.until(SWITCH, () -> w.ackedCount() >= after + WRITES_BETWEEN, "writes after failover " + done);
          long pause = w.longestGapMs(t0, System.nanoTime());
          int[] lost = new int[1];
          w.missingOn(now.port(), lost);
          runs.add(new Run(pause, lost[0], w.ackedCount()));
          System.out.printf("redis-sentinel SENTINEL FAILOVER %d: pause %d ms, lost so far %d%n", done, pause,
              lost[0]);
        }
      }
    }
    return runs;
  }

  private static boolean pauseBriefly() {
    try {
      Thread.sleep(200); // redis-sentinel offers nothing to wait on for "failover finished"
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private interface Call {
    String run();
  }

  private static String retryTryAgain(Call call) {
    long deadline = System.nanoTime() + SWITCH.toNanos();
    String reply;
    do {
      reply = call.run();
    } while (reply.startsWith("-TRYAGAIN") && System.nanoTime() - deadline < 0);
    return reply;
  }

  static String sentinel(int port, String... args) {
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      Object reply = j.sendCommand(Protocol.Command.SENTINEL, args);
      return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    } catch (JedisDataException e) {
      return "-" + e.getMessage();
    }
  }

  private static int masterPort(int sentinelPort) {
    try (Jedis j = new Jedis("127.0.0.1", sentinelPort, 2000)) {
      return Integer.parseInt(j.sentinelGetMasterAddrByName("mymaster").get(1));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static boolean follows(RedisProcess replica, RedisProcess master) {
    try {
      String info = replica.cli("INFO", "replication");
      return info.contains("role:slave") && info.contains("master_port:" + master.port())
          && info.contains("master_link_status:up");
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static RedisProcess byPort(List<RedisProcess> all, int port) {
    return all.stream().filter(p -> p.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("no instance on port " + port));
  }

  private static FailoverHistoryEntry last(MasterRecord m) {
    return m.history().get(m.history().size() - 1);
  }

  private static long percentile(List<Long> sorted, double p) {
    int idx = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
  }

  private static String each(List<Run> runs) {
    return String.join(", ", runs.stream().map(r -> r.pauseMs() + " (" + r.lostSoFar() + ")").toList());
  }

  static String report(List<Run> ours, List<Run> theirs) {
    StringBuilder b = new StringBuilder();
    b.append("| system | switches | write pause p50 | p99 | max | acknowledged writes | lost (total) |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<Run>> e : List.of(
        Map.entry("raft-sentinel `SENTINEL FAILOVER mymaster COORDINATED`", ours),
        Map.entry("redis-sentinel 7.0 `SENTINEL FAILOVER mymaster`", theirs))) {
      List<Long> pauses = new ArrayList<>(e.getValue().stream().map(Run::pauseMs).toList());
      Collections.sort(pauses);
      Run lastRun = e.getValue().get(e.getValue().size() - 1);
      int lost = lastRun.lostSoFar();
      b.append("| ").append(e.getKey()).append(" | ").append(pauses.size()).append(" | ")
          .append(percentile(pauses, 0.5)).append(" ms | ").append(percentile(pauses, 0.99)).append(" ms | ")
          .append(pauses.get(pauses.size() - 1)).append(" ms | ").append(lastRun.ackedSoFar()).append(" | ")
          .append(lost).append(" |\n");
    }
    b.append("\nper switch, pause ms (lost so far): raft-sentinel ").append(each(ours)).append("; redis-sentinel ")
        .append(each(theirs)).append('\n');
    return b.toString();
  }
}
