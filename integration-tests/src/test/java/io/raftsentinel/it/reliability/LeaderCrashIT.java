package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario a: the Raft leader driving a failover dies (the process halts, exit 99, through
 * {@code SENTINEL SIMULATE-FAILURE}) right after committing the start, right after committing the
 * promotion, or, with three replicas and parallel-syncs 1, right after committing the first replica's
 * reconfiguration. The next leader must finish the same failover: one promotion, config epoch 1
 * everywhere.
 */
@ExtendWith(DumpOnFailure.class)
class LeaderCrashIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderCrashIT.class);
  private static final Duration FAILOVER = Duration.ofSeconds(40);
  private Rig rig;

  @Override
  public Rig rig() {
    return rig;
  }

  @AfterEach
  void tearDown() {
    if (rig != null) {
      rig.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"crash-after-election", "crash-after-promotion"})
  void leaderHaltedMidFailoverIsSucceededAndThePromotionHappensOnce(String point) throws Exception {
    rig = Rig.start(10_000);
    for (NodeProcess n : rig.nodes().all()) {
      assertEquals("OK", RespProbe.simulateFailure(n.respPort(), point), "SIMULATE-FAILURE on " + n);
    }
    RedisProcess old = rig.initialMaster();
    long pausedAt = Millis.now();
    old.pause();

    NodeProcess[] crashed = new NodeProcess[1];
    Poll.until(FAILOVER, () -> {
      crashed[0] = rig.nodes().all().stream().filter(n -> !n.isAlive()).findFirst().orElse(null);
      return crashed[0] != null;
    }, "the leader to halt at " + point);
    assertEquals(99, crashed[0].awaitExit(Duration.ofSeconds(5)), "SIMULATE-FAILURE exit code of " + crashed[0]);
    long crashedAt = Millis.now();

    Rig.View end = rig.awaitFailedOver(FAILOVER);
    long endedAt = Millis.now();
    assertEquals(1, end.epoch(), "one failover, config epoch 1");
    assertEquals(2, rig.nodes().live().size(), "only the halted leader is gone: " + rig.nodes().live());
    List<RedisProcess> masters = rig.mastersNow();
    assertEquals(List.of(rig.redisAt(end.address())), masters, "exactly one replica promoted");

    Set<String> ended = rig.events("+failover-end").stream().map(RecordedEvent::node).collect(Collectors.toSet());
    for (NodeProcess n : rig.nodes().live()) {
      assertTrue(ended.contains(n.id()), "+failover-end published by survivor " + n.id() + ": " + ended);
    }
    long promotions = rig.events("+promoted-slave").stream().map(RecordedEvent::message).distinct().count();
    assertEquals(1, promotions, "one promotion: " + rig.events("+promoted-slave"));
    assertTrue(rig.events("+new-epoch").stream().allMatch(e -> e.message().equals("1")),
        "no epoch beyond 1: " + rig.events("+new-epoch"));

    // The halted node comes back with its log: it must agree, and start nothing of its own.
    crashed[0].start();
    NodeGroup.awaitReady(crashed[0], Rig.START);
    assertEquals(end, rig.awaitAgreement(Rig.CONVERGE, "the restarted node to agree", v -> true));

    old.resume();
    rig.awaitRedisFollows(end, FAILOVER);
    History h = rig.checkHistory();
    assertEquals(1, h.switches().size(), "one committed switch: " + h.switches());
    LOG.info("FIGURE leader-crash {}: halt {} ms after the pause, failover ended {} ms after the pause, "
        + "two-master windows {} ms", point, crashedAt - pausedAt, endedAt - pausedAt,
        h.twoMasters().stream().map(History.Window::lengthMs).toList());
  }

  /**
   * Halted between two replica reconfigurations: the first replica's {@code +slave-reconf-sent} is
   * committed, the others are not. The next leader must reconfigure the rest and end the failover.
   */
  @Test
  void leaderHaltedDuringReplicaReconfigurationIsSucceeded() throws Exception {
    rig = Rig.start(10_000, 3);
    assertEquals("1",
        RespProbe.sentinelMaster(rig.nodes().all().get(0).respPort(), Rig.MASTER).get("parallel-syncs"));
    // Armed on the leader only: its successor also reconfigures a replica first and would halt too.
    NodeProcess[] crashed = {rig.node(rig.nodes().awaitLeader(Rig.CONVERGE))};
    assertEquals("OK", RespProbe.simulateFailure(crashed[0].respPort(), "crash-after-slave-reconf"));
    RedisProcess old = rig.initialMaster();
    long pausedAt = Millis.now();
    old.pause();

    Poll.until(FAILOVER, () -> !crashed[0].isAlive(), crashed[0] + ", the leader, to halt after the first replica "
        + "reconfiguration");
    assertEquals(99, crashed[0].awaitExit(Duration.ofSeconds(5)), "SIMULATE-FAILURE exit code of " + crashed[0]);
    long crashedAt = Millis.now();
    assertTrue(crashed[0].logTail(200).contains("SIMULATE-FAILURE crash-after-slave-reconf"),
        "halted at the reconfiguration point:\n" + crashed[0].logTail(40));
    // Its own stream may miss the last event (halted before flushing it), never show more or the end.
    List<RecordedEvent> byCrashed = rig.recorder().events().stream().filter(e -> e.node().equals(crashed[0].id()))
        .toList();
    assertTrue(byCrashed.stream().filter(e -> e.channel().equals("+slave-reconf-sent")).count() <= 1,
        "the halted leader reconfigured one replica: " + byCrashed);
    assertTrue(byCrashed.stream().noneMatch(e -> e.channel().equals("+failover-end")), "it halted before the end");

    Rig.View end = rig.awaitFailedOver(FAILOVER);
    long endedAt = Millis.now();
    assertEquals(1, end.epoch(), "one failover, config epoch 1");
    assertEquals(List.of(rig.redisAt(end.address())), rig.mastersNow(), "exactly one replica promoted");
    long promotions = rig.events("+promoted-slave").stream().map(RecordedEvent::message).distinct().count();
    assertEquals(1, promotions, "one promotion: " + rig.events("+promoted-slave"));
    assertTrue(rig.events("+new-epoch").stream().allMatch(e -> e.message().equals("1")),
        "no epoch beyond 1: " + rig.events("+new-epoch"));
    for (NodeProcess n : rig.nodes().live()) {
      assertTrue(rig.events("+failover-end").stream().anyMatch(e -> e.node().equals(n.id())),
          "+failover-end published by survivor " + n.id());
      // Both replicas that were not promoted were reconfigured: one by each leader.
      Set<String> reconf = rig.events("+slave-reconf-sent").stream().filter(e -> e.node().equals(n.id()))
          .map(RecordedEvent::message).collect(Collectors.toSet());
      assertEquals(2, reconf.size(), "replicas reconfigured as seen by " + n.id() + ": " + reconf);
    }
    // The halted leader's successor did not start a failover of its own, and Redis follows the new master.
    for (RedisProcess r : rig.redis()) {
      if (r != old && r != rig.redisAt(end.address())) {
        Rig.awaitReplicates(r, rig.redisAt(end.address()), FAILOVER);
      }
    }
    crashed[0].start();
    NodeGroup.awaitReady(crashed[0], Rig.START);
    assertEquals(end, rig.awaitAgreement(Rig.CONVERGE, "the restarted node to agree", v -> true));
    old.resume();
    rig.awaitRedisFollows(end, FAILOVER);
    History h = rig.checkHistory();
    assertEquals(1, h.switches().size(), "one committed switch: " + h.switches());
    LOG.info("FIGURE leader-crash crash-after-slave-reconf: halt {} ms after the pause, failover ended {} ms after "
        + "it, two-master windows {} ms", crashedAt - pausedAt, endedAt - pausedAt,
        h.twoMasters().stream().map(History.Window::lengthMs).toList());
  }
}
