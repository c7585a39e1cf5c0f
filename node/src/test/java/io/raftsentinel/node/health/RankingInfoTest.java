package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.redis.InfoReplication;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replicas' INFO read when their master is judged down serves the failover's ranking. */
class RankingInfoTest {
  private static final Duration WAIT = Duration.ofSeconds(10).plus(FailureDetector.FIRST_CONTACT_GRACE);
  private static final Duration DAM = Duration.ofMillis(500);
  private static final Duration TIMEOUT = HealthMonitor.RANKING_INFO_TIMEOUT;

  private final MonitorRig rig = new MonitorRig();
  private final RecordingListener listener = rig.listener;
  private final HealthMonitor monitor = rig.monitor;

  @AfterEach
  void shutDown() throws InterruptedException {
    rig.close();
  }

  private boolean answered(InstanceAddress a) {
    return rig.answered(a);
  }

  private boolean reportedDown(InstanceAddress a, boolean down) {
    var reports = listener.health(a);
    return !reports.isEmpty() && reports.get(reports.size() - 1).down() == down;
  }

  @Test
  void infoReadAtTheMastersDownVerdictIsReusedAndAnUpMasterGetsFreshReads() throws Exception {
    try (RedisProcess master = RedisProcess.start(); RedisProcess replica = RedisProcess.startReplicaOf(master.address())) {
      monitor.monitor(MonitoredMaster.of("m", master.address(), DAM));
      Poll.until(WAIT, () -> answered(master.address()) && answered(replica.address()), "both probed");

      CompletableFuture<InfoReplication> a = monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
      CompletableFuture<InfoReplication> b = monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
      assertNotSame(a, b, "master up: each ranking reads INFO now");
      assertTrue(a.get(5, TimeUnit.SECONDS).isReplica());

      master.pause();
      Poll.until(WAIT, () -> reportedDown(master.address(), true), "master SDOWN");
      CompletableFuture<InfoReplication> atVerdict =
          monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
      Poll.until(WAIT, atVerdict::isDone, "the INFO asked for at the verdict answered");
      assertTrue(atVerdict.get().isReplica());

      // A replica that froze since still ranks at once on what it said after its master went down.
      replica.pause();
      try {
        CompletableFuture<InfoReplication> again =
            monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
        assertSame(atVerdict, again, "no second round trip while the verdict's INFO is fresh");
        assertTrue(again.isDone());
      } finally {
        replica.resume();
      }

      master.resume();
      Poll.until(WAIT, () -> reportedDown(master.address(), false), "master up again");
      CompletableFuture<InfoReplication> afterUp =
          monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
      assertNotSame(atVerdict, afterUp, "a master up again: fresh reads");
      assertTrue(afterUp.get(5, TimeUnit.SECONDS).isReplica());
    }
  }

  @Test
  void fastInfoDoesNotReadAgainWhatWasReadWithinItsPeriod() throws Exception {
    try (RedisProcess master = RedisProcess.start(); RedisProcess replica = RedisProcess.startReplicaOf(master.address())) {
      monitor.monitor(MonitoredMaster.of("m", master.address(), DAM));
      Poll.until(WAIT, () -> answered(master.address()) && answered(replica.address()), "both probed");

      monitor.freshInfo(replica.address(), TIMEOUT).get(5, TimeUnit.SECONDS);
      long readAt = System.nanoTime();
      monitor.setFastInfo("m", true);
      // The next read is a fast period after the last, not at once (the replica ticks every 500 ms).
      Poll.until(WAIT, () -> monitor.observation(replica.address()).infoRefreshAgoMs()
          < TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readAt) - 50, "the next INFO");
      long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readAt)
          - monitor.observation(replica.address()).infoRefreshAgoMs();
      assertTrue(afterMs >= HealthMonitor.FAST_INFO_PERIOD.toMillis() - 100, "read again " + afterMs + " ms after");
    }
  }

  @Test
  void aNodeThatDoesNotRankReadsNothingAtTheVerdict() throws Exception {
    try (RedisProcess master = RedisProcess.start(); RedisProcess replica = RedisProcess.startReplicaOf(master.address())) {
      monitor.readForRankingOnlyWhile(() -> false);
      monitor.monitor(MonitoredMaster.of("m", master.address(), DAM));
      Poll.until(WAIT, () -> answered(master.address()) && answered(replica.address()), "both probed");

      master.pause();
      Poll.until(WAIT, () -> reportedDown(master.address(), true), "master SDOWN");
      CompletableFuture<InfoReplication> a = monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
      CompletableFuture<InfoReplication> b = monitor.infoAfterMasterDown(master.address(), replica.address(), TIMEOUT);
      assertNotSame(a, b, "no read at the verdict to share: each ranking reads now");
      assertTrue(a.get(5, TimeUnit.SECONDS).isReplica());
      master.resume();
    }
  }
}
