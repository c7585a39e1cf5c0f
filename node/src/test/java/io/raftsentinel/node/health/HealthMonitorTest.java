package io.raftsentinel.node.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.health.RecordingListener.Health;
import io.raftsentinel.node.health.RecordingListener.Tilt;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.redis.InfoReplication;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.ClosedPorts;
import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import io.raftsentinel.testing.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
  private static final Duration WAIT = Duration.ofSeconds(10).plus(FailureDetector.FIRST_CONTACT_GRACE);
  private static final Duration DAM = Duration.ofMillis(500);
  private static final Duration PERIOD = Duration.ofMillis(100);
  /** Longer than TiltGuard.TRIGGER (2 s), as the cold nodes of ScaleIT at 100 masters ran 2.3-2.5 s late. */
  private static final Duration STALL = Duration.ofMillis(2_500);

  private final MonitorRig rig = new MonitorRig();
  private final ScheduledExecutorService scheduler = rig.scheduler;
  private final RecordingListener listener = rig.listener;
  private final HealthMonitor monitor = rig.monitor;

  @AfterEach
  void shutDown() throws InterruptedException {
    monitor.close(); // closing twice is harmless
    rig.close();
  }

  private boolean answered(InstanceAddress a) {
    return rig.answered(a);
  }

  @Test
  void pausedMasterIsSdownWithinDownAfterPlusTwoPingPeriodsAndUpAfterResume() {
    try (RedisProcess redis = RedisProcess.start()) {
      MonitoredMaster spec = MonitoredMaster.of("m", redis.address(), DAM);
      assertEquals(PERIOD, spec.effectivePingPeriod(), "max(100 ms, down-after / 10)");
      monitor.monitor(spec);
      Poll.until(WAIT, () -> answered(redis.address()), "first PONG and INFO");
      assertFalse(monitor.observation(redis.address()).subjectivelyDown());

      long pausedAt = System.nanoTime();
      redis.pause();
      Poll.until(WAIT, () -> !listener.health(redis.address()).isEmpty(), "SDOWN reported");
      Health down = listener.health(redis.address()).get(0);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(down.atNanos() - pausedAt);
      assertTrue(down.down());
      assertEquals("m", down.master());
      assertTrue(Math.abs(System.currentTimeMillis() - down.sinceEpochMs()) < 5000, "since is wall-clock ms");
      assertTrue(tookMs >= DAM.minus(PERIOD).toMillis(), "SDOWN after " + tookMs + " ms is too early");
      assertTrue(tookMs <= DAM.plus(PERIOD.multipliedBy(2)).toMillis(), "SDOWN after " + tookMs + " ms is late");
      InstanceObservation o = monitor.observation(redis.address());
      assertTrue(o.subjectivelyDown());
      assertTrue(o.lastPingSentAgoMs() >= DAM.toMillis(), "oldest unanswered PING age " + o.lastPingSentAgoMs());

      redis.resume();
      Poll.until(WAIT, () -> listener.health(redis.address()).size() == 2, "-sdown reported");
      Health up = listener.health(redis.address()).get(1);
      assertFalse(up.down());
      assertEquals(0, up.sinceEpochMs());
      assertFalse(monitor.observation(redis.address()).subjectivelyDown());
    }
  }

  /**
   * Fault injection, not synchronisation: parks the monitor's one scheduler thread for {@code stall}, as
   * on a host too busy to run the node's timers, and runs {@code during} {@code at} into the stall.
   * Completes with the System.nanoTime at which the stall ended.
   */
  private CompletableFuture<Long> stallScheduler(Duration stall, Duration at, Runnable during) {
    CompletableFuture<Long> ended = new CompletableFuture<>();
    scheduler.execute(() -> {
      long start = System.nanoTime();
      parkUntil(start + at.toNanos());
      during.run();
      parkUntil(start + stall.toNanos());
      ended.complete(System.nanoTime());
    });
    return ended;
  }

  private static void parkUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left); // may return early (a leftover permit): park again
    }
  }

  private static long msBetween(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }

  @Test
  void aStalledMonitorDoesNotJudgeSdownOnRepliesItHadNoTimeToRead() throws Exception {
    Duration downAfter = Duration.ofSeconds(1);
    try (RedisProcess redis = RedisProcess.start()) {
      monitor.monitor(MonitoredMaster.of("m", redis.address(), downAfter));
      Poll.until(WAIT, () -> answered(redis.address()), "first PONG and INFO");
      // The instance misses PINGs for well under down-after (about 0.5 s of 1 s)...
      redis.pause();
      Poll.until(WAIT, () -> monitor.observation(redis.address()).lastPingSentAgoMs() >= 150, "a PING outstanding");
      // ...and meanwhile this node's scheduler stalls for 2.5 s. The PONG arrives 300 ms into the stall and
      // waits in the scheduler's queue behind the ticks that fell due before it: they run first and, judging
      // on the real time, see a PING unanswered for about 2.8 s.
      long stallEnd = stallScheduler(STALL, Duration.ofMillis(300), redis::resume).get(30, TimeUnit.SECONDS);
      Poll.until(WAIT, () -> !listener.health(redis.address()).isEmpty()
          || listener.tilts().stream().anyMatch(t -> !t.tilted()), "-tilt or a verdict");
      List<Health> verdicts = listener.health(redis.address());
      assertTrue(verdicts.isEmpty(), "SDOWN reported " + (verdicts.isEmpty() ? 0 : msBetween(stallEnd,
          verdicts.get(0).atNanos())) + " ms after the stall, on a PING the stalled node had no time to see answered");
      List<Tilt> tilts = listener.tilts();
      assertEquals(2, tilts.size(), "+tilt then -tilt: " + tilts);
      assertTrue(tilts.get(0).tilted() && tilts.get(0).lagMs() > TiltGuard.TRIGGER.toMillis(), "+tilt " + tilts);
      assertTrue(msBetween(stallEnd, tilts.get(1).atNanos()) >= downAfter.toMillis(),
          "-tilt once on time for down-after after the stall: " + tilts);
      // Still healthy once nothing is held any more: a PONG after -tilt, and no verdict.
      long leftTilt = tilts.get(1).atNanos();
      Poll.until(WAIT, () -> monitor.observation(redis.address()).lastOkPingReplyAgoMs()
          < msBetween(leftTilt, System.nanoTime()), "a PONG after -tilt");
      assertEquals(List.of(), listener.health(redis.address()));
      assertFalse(monitor.observation(redis.address()).subjectivelyDown());
    }
  }

  @Test
  void aRealFailureDuringAStallIsReportedDownAfterAfterTheStallEnds() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      monitor.monitor(MonitoredMaster.of("m", redis.address(), DAM));
      Poll.until(WAIT, () -> answered(redis.address()), "first PONG and INFO");
      redis.pause();
      // A PING outstanding when the stall starts (else the first PING after it starts the count anyway).
      Poll.until(WAIT, () -> monitor.observation(redis.address()).lastPingSentAgoMs() >= 150, "a PING outstanding");
      long stallEnd = stallScheduler(STALL, Duration.ZERO, () -> {}).get(30, TimeUnit.SECONDS);
      Poll.until(WAIT, () -> !listener.health(redis.address()).isEmpty(), "SDOWN reported");
      Health down = listener.health(redis.address()).get(0);
      assertTrue(down.down());
      long afterStallMs = msBetween(stallEnd, down.atNanos());
      // No-reply time counts from the end of the stall (Sentinel resets its timers on leaving TILT):
      // without that the SDOWN comes right at the end of the stall, judged on PINGs sent before it.
      assertTrue(afterStallMs >= DAM.toMillis(), "SDOWN " + afterStallMs + " ms after the stall, judged on "
          + "PINGs sent before or during it");
      assertTrue(afterStallMs <= DAM.plus(Duration.ofSeconds(2)).toMillis(), "SDOWN held " + afterStallMs
          + " ms after the stall");
      assertTrue(listener.tilts().get(0).tilted(), "+tilt: " + listener.tilts());
    }
  }

  @Test
  void duringTheHoldAnSdownInstanceStaysDownAndItsRecoveryIsReported() throws Exception {
    Duration downAfter = Duration.ofSeconds(1);
    try (RedisProcess redis = RedisProcess.start()) {
      monitor.monitor(MonitoredMaster.of("m", redis.address(), downAfter));
      Poll.until(WAIT, () -> answered(redis.address()), "first PONG and INFO");
      redis.pause();
      Poll.until(WAIT, () -> listener.health(redis.address()).size() == 1, "SDOWN reported");
      // Stalled and down: nothing changes. Answering 300 ms into the stall: -sdown as soon as the PONG is read,
      // within the hold (which lasts down-after after the stall).
      long stallEnd = stallScheduler(STALL, Duration.ofMillis(300), redis::resume).get(30, TimeUnit.SECONDS);
      Poll.until(WAIT, () -> listener.health(redis.address()).size() == 2, "-sdown reported");
      Health up = listener.health(redis.address()).get(1);
      assertFalse(up.down());
      assertTrue(listener.tilts().get(0).tilted(), "+tilt: " + listener.tilts());
      assertTrue(listener.tilts().stream().noneMatch(t -> !t.tilted() && t.atNanos() < up.atNanos()),
          "-sdown reported during the hold, " + msBetween(stallEnd, up.atNanos()) + " ms after the stall: "
          + listener.tilts());
    }
  }

  @Test
  void cutLinkIsSdownAndRestoredLinkIsUp() {
    try (RedisProcess redis = RedisProcess.start(); TcpProxy proxy = TcpProxy.start("127.0.0.1", redis.port())) {
      InstanceAddress viaProxy = new InstanceAddress("127.0.0.1", proxy.port());
      monitor.monitor(MonitoredMaster.of("m", viaProxy, DAM));
      Poll.until(WAIT, () -> answered(viaProxy), "probed through the proxy");
      proxy.cut();
      Poll.until(WAIT, () -> listener.health(viaProxy).size() == 1, "SDOWN on a cut link");
      assertTrue(listener.health(viaProxy).get(0).down());
      proxy.restore();
      Poll.until(WAIT, () -> listener.health(viaProxy).size() == 2, "-sdown once the link is back");
      assertFalse(listener.health(viaProxy).get(1).down());
    }
  }

  @Test
  void discoversReplicasFromTheMastersInfoAndReportsOnlyChanges() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess replica = RedisProcess.builder().replicaOf(master.address()).config("replica-priority 42")
            .start()) {
      Poll.until(WAIT, () -> master.cli("INFO", "replication").contains("state=online"), "replica online");
      monitor.monitor(MonitoredMaster.of("m", master.address(), Duration.ofSeconds(5)));
      Poll.until(WAIT, () -> !listener.replicas().isEmpty(), "replica reported");
      List<ReplicaFacts> facts = listener.replicas().get(0).replicas();
      assertEquals(1, facts.size());
      ReplicaFacts f = facts.get(0);
      assertEquals(replica.address(), InstanceAddress.of(f.getAddress()));
      assertEquals(42, f.getPriority());
      assertTrue(f.getAnnounced());
      assertEquals(InfoParserRunId.of(replica), f.getRunId(), "reported once, with the replica's own run id");

      Poll.until(WAIT, () -> answered(replica.address()), "replica probed");
      InstanceObservation o = monitor.observation(replica.address());
      assertEquals("slave", o.role());
      assertEquals("127.0.0.1", o.masterHost());
      assertEquals(master.port(), o.masterPort());
      assertTrue(o.masterLinkUp());
      assertEquals(42, o.priority());
      assertTrue(o.connected());
      assertTrue(o.lastInfo().contains("role:slave"));

      // More INFO rounds, nothing changed: no new report.
      InfoReplication fresh = monitor.freshInfo(master.address(), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
      assertTrue(fresh.isMaster());
      monitor.freshInfo(replica.address(), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
      monitor.setFastInfo("m", true);
      Poll.until(WAIT, () -> monitor.observation(replica.address()).infoRefreshAgoMs() < 1000
          && monitor.observation(master.address()).infoRefreshAgoMs() < 1000, "fast INFO");
      assertEquals(1, listener.replicas().size(), "unchanged facts are not reported again");

      replica.cli("CONFIG", "SET", "replica-priority", "7");
      monitor.freshInfo(replica.address(), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS);
      Poll.until(WAIT, () -> listener.replicas().size() == 2, "priority change reported");
      assertEquals(7, listener.replicas().get(1).replicas().get(0).getPriority());
      assertTrue(listener.health().isEmpty(), "nobody went down");

      ExecutionException unknown = assertThrows(ExecutionException.class, () ->
          monitor.freshInfo(new InstanceAddress("127.0.0.1", 1), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS));
      assertInstanceOf(IllegalArgumentException.class, unknown.getCause());
    }
  }

  @Test
  void neverReachableInstanceIsDownAfterDownAfterPlusGraceAndRemovalStopsEverything() {
    InstanceAddress nowhere = new InstanceAddress("127.0.0.1", FreePorts.allocate());
    long start = System.nanoTime();
    monitor.monitor(MonitoredMaster.of("gone", nowhere, DAM));
    Poll.until(WAIT, () -> listener.health(nowhere).size() == 1, "SDOWN for a closed port");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(listener.health(nowhere).get(0).atNanos() - start);
    Duration expected = DAM.plus(FailureDetector.FIRST_CONTACT_GRACE);
    assertTrue(tookMs >= expected.toMillis() && tookMs <= expected.plus(PERIOD.multipliedBy(2)).toMillis(),
        "took " + tookMs);
    InstanceObservation o = monitor.observation(nowhere);
    assertFalse(o.connected());
    assertEquals(-1, o.lastOkPingReplyAgoMs());
    assertEquals("?", o.masterHost());

    monitor.remove("gone");
    assertNull(monitor.observation(nowhere));
    assertTrue(monitor.client(nowhere).isEmpty());
    assertEquals(Set.of(), monitor.masters());
  }

  @Test
  void authenticatesAndReportsUpAnInstanceTheStateStillHasDown() {
    try (RedisProcess redis = RedisProcess.builder().password("pw").start()) {
      MonitoredMaster spec = MonitoredMaster.of("m", redis.address(), DAM).withAuth("", "pw")
          .withReportedDown(Set.of(redis.address()));
      monitor.monitor(spec);
      Poll.until(WAIT, () -> listener.health(redis.address()).size() == 1, "-sdown for the restarted node's view");
      assertFalse(listener.health(redis.address()).get(0).down());
      assertTrue(answered(redis.address()));

      // Wrong credentials at run time: replies are errors, not PONG, so the instance goes down.
      monitor.monitor(spec.withAuth("", "wrong"));
      Poll.until(WAIT, () -> listener.health(redis.address()).size() == 2, "SDOWN with a wrong password");
      assertTrue(listener.health(redis.address()).get(1).down());
    }
  }

  @Test
  void masterAddressChangesAtRunTime() {
    try (RedisProcess first = RedisProcess.start(); RedisProcess second = RedisProcess.start()) {
      MonitoredMaster spec = MonitoredMaster.of("m", first.address(), DAM);
      monitor.monitor(spec);
      Poll.until(WAIT, () -> answered(first.address()), "first probed");
      monitor.monitor(spec.withAddress(second.address()));
      assertNull(monitor.observation(first.address()), "not a member any more");
      Poll.until(WAIT, () -> answered(second.address()), "second probed");
      assertThrows(IllegalArgumentException.class, () -> MonitoredMaster.of("m", first.address(), Duration.ZERO));
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
          () -> MonitoredMaster.of("m", new InstanceAddress("127.0.0.1", 0), DAM));
      assertTrue(bad.getMessage().contains("127.0.0.1:0"), bad.getMessage());
    }
  }

  /** PINGs the server executed since its stats were last reset. */
  private static long pingCalls(RedisProcess redis) {
    for (String line : redis.cli("INFO", "commandstats").split("\n")) {
      if (line.startsWith("cmdstat_ping:calls=")) {
        return Long.parseLong(line.substring("cmdstat_ping:calls=".length(), line.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  void replicasArePingedAtSentinelsPeriodAndAPromotedReplicaAtTheMasters() {
    try (RedisProcess master = RedisProcess.start(); RedisProcess replica = RedisProcess.startReplicaOf(master.address())) {
      MonitoredMaster spec = MonitoredMaster.of("m", master.address(), DAM);
      assertEquals(DAM, spec.replicaPingPeriod(), "min(1 s, down-after), at least the master's period");
      monitor.monitor(spec);
      Poll.until(WAIT, () -> answered(master.address()) && answered(replica.address()), "both probed");
      master.cli("CONFIG", "RESETSTAT");
      replica.cli("CONFIG", "RESETSTAT");
      // 20 PINGs at the master's 100 ms take about 2 s, in which the replica gets about 4 at 500 ms.
      Poll.until(WAIT, () -> pingCalls(master) >= 20, "20 PINGs to the master");
      long toReplica = pingCalls(replica);
      assertTrue(toReplica <= 8, toReplica + " PINGs to the replica while the master got 20");

      monitor.monitor(spec.withAddress(replica.address()));
      replica.cli("CONFIG", "RESETSTAT");
      // At the replica period this would take 10 s.
      Poll.until(Duration.ofSeconds(5), () -> pingCalls(replica) >= 20, "the promoted replica pinged as a master");
    }
  }

  @Test
  void threadCountStaysFlatWithFiftyInstances() {
    List<RedisProcess> servers = new ArrayList<>();
    // Held bound, not listening, all test long: distinct (two masters at one address are one instance
    // reported down once per master), refused, and no other process can start answering on one.
    try (ClosedPorts closedPorts = ClosedPorts.hold(45)) {
      for (int i = 0; i < 5; i++) {
        servers.add(RedisProcess.start());
      }
      monitor.monitor(MonitoredMaster.of("m0", servers.get(0).address(), DAM));
      Poll.until(WAIT, () -> answered(servers.get(0).address()), "first instance probed");
      int baseline = Thread.activeCount();

      List<InstanceAddress> closed = new ArrayList<>();
      int[] closedPort = closedPorts.ports();
      for (int i = 1; i < 50; i++) {
        InstanceAddress a = i < servers.size() ? servers.get(i).address()
            : new InstanceAddress("127.0.0.1", closedPort[i - servers.size()]);
        if (i >= servers.size()) {
          closed.add(a);
        }
        monitor.monitor(MonitoredMaster.of("m" + i, a, DAM));
      }
      assertEquals(50, monitor.masters().size());
      Poll.until(WAIT, () -> servers.stream().allMatch(s -> answered(s.address())), "all servers probed");
      try {
        Poll.until(WAIT, () -> closed.stream().allMatch(a -> listener.health(a).size() == 1), "closed ports SDOWN");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; not reported: " + closed.stream()
            .filter(a -> listener.health(a).size() != 1).map(this::describe).toList() + "; tilt " + listener.tilts(), e);
      }
      int withFifty = Thread.activeCount();
      assertTrue(withFifty <= baseline + 4, "threads grew from " + baseline + " to " + withFifty);
      assertTrue(servers.stream().noneMatch(s -> monitor.observation(s.address()).subjectivelyDown()));
    } finally {
      servers.forEach(RedisProcess::close);
    }
  }

  /** What the monitor knows of an instance, for a failure message. */
  private String describe(InstanceAddress a) {
    InstanceObservation o = monitor.observation(a);
    return a + (o == null ? " unmonitored" : " connected=" + o.connected() + " role=" + o.role() + " runId=" + o.runId()
        + " pendingPingMs=" + o.lastPingSentAgoMs() + " okReplyAgoMs=" + o.lastOkPingReplyAgoMs() + " sdown="
        + o.subjectivelyDown()) + " reports=" + listener.health(a);
  }

  /** Reads a server's run id with redis-cli, for comparing with what the monitor reported. */
  private static final class InfoParserRunId {
    static String of(RedisProcess redis) {
      String run = io.raftsentinel.node.redis.InfoParser.parse(redis.cli("INFO", "server")).runId();
      assertNotNull(run);
      assertEquals(40, run.length());
      return run;
    }
  }
}
