package io.raftsentinel.it.bench;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.node.runtime.SentinelNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * What a raft-sentinel group costs while nothing happens: JVM threads (the three nodes share the test
 * JVM, so the count is the JVM's total), Raft log growth (leader commitIndex over a quiet window) and
 * the size of each node's newest snapshot file.
 *
 * @param threadsBeforeNodes JVM live threads before the nodes started (redis-servers already up)
 * @param rssBeforeNodesKb the test JVM's VmRSS before the nodes started
 * @param windows consecutive quiet windows right after discovery: the first still sees its tail
 * @param snapshots one line per node: newest {@code snapshot.*} at rest, and one forced after the windows
 */
record ScaleRestStats(int threadsBeforeNodes, long rssBeforeNodesKb, List<Window> windows, List<String> snapshots) {

  private static final long SAMPLE_MS = 500;
  private static final long SNAPSHOT_TIMEOUT_MS = 10_000;

  /**
   * One quiet window: the leader's commitIndex at its ends, the max JVM live threads sampled, the test
   * JVM's CPU time over the window (utime + stime from /proc/self/stat) as % of one core, its VmRSS at
   * the end.
   */
  record Window(long commitBefore, long commitAfter, long ms, int maxThreads, double jvmCpuPercent, long jvmRssKb) {
    double entriesPerMinute() {
      return (commitAfter - commitBefore) * 60_000.0 / ms;
    }
  }

  static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static ScaleRestStats measure(SentinelCluster c, int threadsBeforeNodes, long rssBeforeNodesKb, long windowMs,
      int windowCount)
      throws Exception {
    SentinelNode leader = c.awaitLeader();
    List<Window> windows = new ArrayList<>();
    for (int i = 0; i < windowCount; i++) {
      windows.add(window(leader, windowMs));
    }
    List<String> snapshots = new ArrayList<>();
    for (SentinelNode n : c.running()) {
      String atRest = newestSnapshot(n.config().raftDir()).map(ScaleRestStats::describe).orElse("none");
      forceSnapshot(n);
      String forced = newestSnapshot(n.config().raftDir()).map(ScaleRestStats::describe).orElse("none");
      snapshots.add(n.raft().self().id() + ": at rest " + atRest + "; forced after the windows " + forced);
    }
    return new ScaleRestStats(threadsBeforeNodes, rssBeforeNodesKb, windows, snapshots);
  }

  private static Window window(SentinelNode leader, long windowMs) throws InterruptedException {
    long commitBefore = leader.topology().raftStatus().commitIndex();
    long cpuBefore = ProcStats.cpuMs(ProcStats.selfPid());
    long start = System.nanoTime();
    int maxThreads = liveThreads();
    // A measurement window, not synchronisation: sample while the group idles.
    while ((System.nanoTime() - start) / 1_000_000 < windowMs) {
      Thread.sleep(SAMPLE_MS);
      maxThreads = Math.max(maxThreads, liveThreads());
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    double cpuPercent = (ProcStats.cpuMs(ProcStats.selfPid()) - cpuBefore) * 100.0 / elapsedMs;
    return new Window(commitBefore, leader.topology().raftStatus().commitIndex(), elapsedMs, maxThreads, cpuPercent,
        ProcStats.rssKb(ProcStats.selfPid()));
  }

  /** Ratis's snapshot admin call on one node (force: even below the creation gap); default gRPC client. */
  private static void forceSnapshot(SentinelNode n) throws IOException {
    try (RaftClient client = RaftClient.newBuilder().setRaftGroup(n.raft().group())
        .setProperties(new RaftProperties()).build()) {
      RaftClientReply reply = client.getSnapshotManagementApi(RaftPeerId.valueOf(n.raft().self().id()))
          .create(true, SNAPSHOT_TIMEOUT_MS);
      if (!reply.isSuccess()) {
        throw new IllegalStateException("snapshot on " + n.raft().self().id() + " failed: " + reply);
      }
    }
  }

  private static Optional<Path> newestSnapshot(Path raftDir) {
    try (Stream<Path> walk = Files.walk(raftDir)) {
      return walk.filter(p -> p.getFileName().toString().startsWith("snapshot.")
          && !p.getFileName().toString().endsWith(".md5"))
          .max(Comparator.comparingLong(ScaleRestStats::modified));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + raftDir, e);
    }
  }

  private static String describe(Path p) {
    try {
      return p.getFileName() + " (" + Files.size(p) + " bytes)";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + p, e);
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + p, e);
    }
  }
}
