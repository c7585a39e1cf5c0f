package io.raftsentinel.it.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.SentinelCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Parallel failover at scale: N masters with one replica each, K masters SIGSTOPped at once; the time
 * until the last of the K replicas is master and accepts a write. raft-sentinel (3 nodes in this JVM)
 * against three real redis-sentinel processes with identical settings (quorum 2, down-after 1000 ms,
 * failover-timeout 10000 ms), each trial on a fresh topology, systems alternating. The first
 * raft-sentinel trial also measures the group at rest. Opt-in: {@code bin/bench-scale}; writes
 * target/bench-scale.md.
 */
class ScaleBenchIT {
  private static final long DOWN_AFTER_MS = 1000;
  private static final long FAILOVER_TIMEOUT_MS = 10_000;
  private static final int MASTERS = Integer.getInteger("bench.masters", 20);
  private static final int FROZEN = Integer.getInteger("bench.frozen", 10);
  private static final int TRIALS = Integer.getInteger("bench.trials", 3);
  private static final long REST_WINDOW_MS = Long.getLong("bench.restMs", 10_000);
  /** Discovery and failover both take longer with more masters on 2 shared cores. */
  private static final Duration DISCOVERY = Duration.ofSeconds(60 + MASTERS);
  private static final long DEADLINE_MS = 60_000 + 1_000L * FROZEN;

  /** Quiet time after the last replica is writable before the log is counted again (late commits). */
  private static final long SETTLE_MS = 5_000;

  /**
   * @param logEntries raft-sentinel only: leader commitIndex growth from the freeze to the last replica
   *     writable, and to {@link #SETTLE_MS} later (the old masters stay frozen); -1 for redis-sentinel
   */
  private record Trial(String system, long setupMs, ScaleClock.Result result, int peakThreads, long logEntries,
      long logEntriesSettled) {}

  @Test
  void parallelFailoverAgainstRedisSentinel() throws Exception {
    if (MASTERS < 1 || FROZEN < 1 || FROZEN > MASTERS || TRIALS < 1) {
      throw new IllegalArgumentException("need 1 <= bench.frozen (" + FROZEN + ") <= bench.masters (" + MASTERS
          + ") and bench.trials (" + TRIALS + ") >= 1");
    }
    List<Trial> trials = new ArrayList<>();
    ScaleRestStats[] rest = new ScaleRestStats[1];
    List<List<ProcStats.Usage>> sentinelRest = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      trials.add(raftSentinelTrial(i == 0 ? rest : null));
      trials.add(redisSentinelTrial(i == 0 ? sentinelRest : null));
      System.out.printf("trial %d: %s%n", i + 1, trials.subList(trials.size() - 2, trials.size()));
    }
    String report = report(trials, rest[0], sentinelRest.isEmpty() ? List.of() : sentinelRest.get(0));
    System.out.println(report);
    Path out = Path.of("target", "bench-scale.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    assertTrue(trials.stream().allMatch(t -> t.result().complete(FROZEN)), "every trial failed over all " + FROZEN
        + ": " + trials);
  }

  private static Trial raftSentinelTrial(ScaleRestStats[] restOut) throws Exception {
    try (ScaleTopology topology = ScaleTopology.start(MASTERS)) {
      int threadsBefore = ScaleRestStats.liveThreads();
      long rssBefore = ProcStats.rssKb(ProcStats.selfPid());
      long setupStart = System.nanoTime();
      try (SentinelCluster c = SentinelCluster.create(3, topology.sentinelLines(DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS))) {
        c.startAll();
        c.awaitAll(DISCOVERY, "every master's replica known on every node", s -> s.masters().size() == MASTERS
            && s.masters().values().stream().allMatch(m -> m.replicas().size() == 1));
        long setupMs = (System.nanoTime() - setupStart) / 1_000_000;
        if (restOut != null) {
          restOut[0] = ScaleRestStats.measure(c, threadsBefore, rssBefore, REST_WINDOW_MS, 2);
        }
        ManagementFactory.getThreadMXBean().resetPeakThreadCount();
        var leader = c.awaitLeader();
        long commitBefore = leader.topology().raftStatus().commitIndex();
        long frozenAt = topology.freeze(FROZEN);
        ScaleClock.Result r = ScaleClock.measure(frozenAt, topology.replicaPorts(FROZEN), DEADLINE_MS);
        int peak = ManagementFactory.getThreadMXBean().getPeakThreadCount();
        long entries = leader.topology().raftStatus().commitIndex() - commitBefore;
        Thread.sleep(SETTLE_MS); // a measurement window: let the failovers' last steps commit
        long settled = leader.topology().raftStatus().commitIndex() - commitBefore;
        return new Trial("raft-sentinel", setupMs, r, peak, entries, settled);
      }
    }
  }

  /** @param restOut if not null, receives the trio's CPU and RSS over one quiet window after discovery */
  private static Trial redisSentinelTrial(List<List<ProcStats.Usage>> restOut) throws Exception {
    try (ScaleTopology topology = ScaleTopology.start(MASTERS)) {
      long setupStart = System.nanoTime();
      try (RedisSentinelTrio trio = RedisSentinelTrio.start(topology.masterPorts(), 1, DOWN_AFTER_MS,
          FAILOVER_TIMEOUT_MS, DISCOVERY)) {
        long setupMs = (System.nanoTime() - setupStart) / 1_000_000;
        if (restOut != null) {
          restOut.add(ProcStats.over(trio.pids(), REST_WINDOW_MS));
        }
        long frozenAt = topology.freeze(FROZEN);
        ScaleClock.Result r = ScaleClock.measure(frozenAt, topology.replicaPorts(FROZEN), DEADLINE_MS);
        return new Trial("redis-sentinel", setupMs, r, -1, -1, -1);
      }
    }
  }

  private static String report(List<Trial> trials, ScaleRestStats rest, List<ProcStats.Usage> sentinelRest) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%d masters x 1 replica, %d frozen at once (SIGSTOP), %d trials per system,"
        + " down-after %d ms, failover-timeout %d ms, quorum 2 of 3%n%n", MASTERS, FROZEN, TRIALS, DOWN_AFTER_MS,
        FAILOVER_TIMEOUT_MS));
    b.append("| system | complete trials | last of ").append(FROZEN).append(" writable, median ms |")
        .append(" first writable, median ms | last, each trial | setup until all discovered, each ms |\n")
        .append("|---|---|---|---|---|---|\n");
    long raft = row(b, trials, "raft-sentinel");
    long redis = row(b, trials, "redis-sentinel");
    b.append(String.format(Locale.ROOT, "%nratio raft-sentinel / redis-sentinel (last writable, median): %.2f%n",
        (double) raft / redis));
    b.append("\nraft-sentinel JVM peak threads during each failover (JVM total, 3 nodes in one JVM): ")
        .append(trials.stream().filter(t -> t.system().equals("raft-sentinel")).map(Trial::peakThreads).toList())
        .append('\n');
    b.append("raft-sentinel Raft log entries committed per trial, freeze -> last writable / -> ").append(SETTLE_MS)
        .append(" ms later (").append(FROZEN).append(" failovers): ")
        .append(trials.stream().filter(t -> t.system().equals("raft-sentinel"))
            .map(t -> t.logEntries() + " / " + t.logEntriesSettled()).toList())
        .append('\n');
    if (rest != null) {
      b.append(String.format(Locale.ROOT, "%nraft-sentinel at rest (first trial, two consecutive quiet windows of"
          + " %d ms right after discovery, before the freeze):%n%n", REST_WINDOW_MS));
      b.append("| measure | value |\n|---|---|\n");
      b.append("| JVM live threads before the 3 nodes started | ").append(rest.threadsBeforeNodes()).append(" |\n");
      b.append("| test JVM VmRSS before the 3 nodes started | ").append(rest.rssBeforeNodesKb() / 1024).append(" MiB |\n");
      for (int i = 0; i < rest.windows().size(); i++) {
        ScaleRestStats.Window w = rest.windows().get(i);
        String n = "window " + (i + 1) + ": ";
        b.append("| ").append(n).append("JVM live threads, max (3 nodes share this JVM: the total, not per node) | ")
            .append(w.maxThreads()).append(" |\n");
        b.append("| ").append(n).append("leader commitIndex before / after | ").append(w.commitBefore())
            .append(" / ").append(w.commitAfter()).append(" |\n");
        b.append(String.format(Locale.ROOT, "| %sRaft log entries per minute | %.1f |%n", n, w.entriesPerMinute()));
        b.append(String.format(Locale.ROOT, "| %stest JVM CPU (3 nodes + idle test thread), %% of one core | %.1f |%n",
            n, w.jvmCpuPercent()));
        b.append(String.format(Locale.ROOT, "| %stest JVM VmRSS at end (3 nodes together) | %d MiB |%n", n,
            w.jvmRssKb() / 1024));
      }
      for (String s : rest.snapshots()) {
        b.append("| snapshot ").append(s).append(" |\n");
      }
    }
    if (!sentinelRest.isEmpty()) {
      b.append(String.format(Locale.ROOT, "%nredis-sentinel at rest (first trial, one quiet window of %d ms right after"
          + " discovery, /proc/<pid>/stat and status of each process):%n%n", REST_WINDOW_MS));
      b.append("| process | CPU, % of one core | VmRSS |\n|---|---|---|\n");
      for (ProcStats.Usage u : sentinelRest) {
        b.append(String.format(Locale.ROOT, "| redis-sentinel pid %d | %.1f | %d MiB |%n", u.pid(),
            u.cpuPercentOfOneCore(), u.rssKb() / 1024));
      }
    }
    return b.toString();
  }

  /** Appends one system's row and returns its median of the last-writable time over complete trials. */
  private static long row(StringBuilder b, List<Trial> trials, String system) {
    List<Trial> mine = trials.stream().filter(t -> t.system().equals(system)).toList();
    List<Long> complete = mine.stream().filter(t -> t.result().complete(FROZEN)).map(t -> t.result().lastMs())
        .toList();
    List<Long> first = mine.stream().filter(t -> t.result().firstMs() > 0).map(t -> t.result().firstMs()).toList();
    List<String> each = mine.stream().map(t -> t.result().complete(FROZEN) ? Long.toString(t.result().lastMs())
        : "incomplete (" + t.result().writable() + "/" + FROZEN + ")").toList();
    long median = median(complete);
    b.append("| ").append(system).append(" | ").append(complete.size()).append('/').append(mine.size())
        .append(" | ").append(median).append(" | ").append(median(first)).append(" | ").append(each).append(" | ")
        .append(mine.stream().map(Trial::setupMs).toList()).append(" |\n");
    return median;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }
}
