package io.raftsentinel.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.TestResources;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sentinel's scripts on a real three-node group: the group runs each script once per event. */
class ScriptsIT {
  private static final Duration FAILOVER = Duration.ofSeconds(30);
  @RegisterExtension
  final TestResources resources = new TestResources();

  @TempDir
  Path dir;

  private <T extends AutoCloseable> T track(T c) {
    return resources.track(c);
  }

  private Path recorder(String name, Path out) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\necho \"$*\" >> '" + out + "'\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static List<String> lines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long count(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
  }

  @Test
  void failoverRunsClientReconfigOnceAndNotifiesOnceAcrossTheGroup() throws Exception {
    RedisProcess master = track(RedisProcess.start());
    track(RedisProcess.startReplicaOf(master.address()));
    track(RedisProcess.startReplicaOf(master.address()));
    Path notified = dir.resolve("notified.txt");
    Path reconfigured = dir.resolve("reconfigured.txt");
    SentinelCluster c = track(SentinelCluster.create(3, List.of(
        "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
        "sentinel down-after-milliseconds mymaster 1000",
        "sentinel failover-timeout mymaster 10000",
        "sentinel notification-script mymaster " + recorder("notify.sh", notified),
        "sentinel client-reconfig-script mymaster " + recorder("reconfig.sh", reconfigured))));
    c.startAll();
    c.awaitAll("both replicas known", SentinelCluster.master("mymaster", m -> m.replicas().size() == 2));
    int reconfigBefore = lines(reconfigured).size();

    master.pause();
    c.awaitAll(FAILOVER, "the failover to end", SentinelCluster.master("mymaster",
        m -> !m.address().equals(master.address()) && m.failover() == null));
    InstanceAddress promoted = c.running().get(0).topology().state().master("mymaster").address();
    Poll.until(FAILOVER, () -> count(lines(notified), "+failover-end ") >= 1, "the +failover-end notification");
    master.resume();

    // Let any duplicate (a second node running the script) show up before counting.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    List<String> reconfig = lines(reconfigured);
    assertEquals(reconfigBefore + 1, reconfig.size(), "one client-reconfig run: " + reconfig);
    assertEquals("mymaster leader start 127.0.0.1 " + master.port() + " 127.0.0.1 " + promoted.port(),
        reconfig.get(reconfig.size() - 1));
    List<String> notes = lines(notified);
    assertEquals(1, count(notes, "+switch-master mymaster 127.0.0.1 " + master.port() + " 127.0.0.1 "
        + promoted.port()), notes.toString());
    assertEquals(1, count(notes, "+failover-end "), notes.toString());
    assertTrue(count(notes, "+try-failover ") >= 1, notes.toString());
    assertEquals(0, count(notes, "+slave "), "notice-level events run no script: " + notes);
  }
}
