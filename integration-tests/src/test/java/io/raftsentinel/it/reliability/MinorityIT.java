package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario e: two of the three nodes are frozen (SIGSTOP), so the survivor is a minority, and the
 * master is paused too. The survivor may see the master down, but must not fail over: it keeps the
 * old master at epoch 0. Once the two nodes resume, the group fails over normally.
 */
@ExtendWith(DumpOnFailure.class)
class MinorityIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(MinorityIT.class);
  private static final Duration FAILOVER = Duration.ofSeconds(40);
  /** Several down-after periods: ample time for a wrong failover to show. */
  private static final Duration FROZEN = Duration.ofSeconds(5);
  /** Ratis steps a leader down once it has not heard from a majority for about an election timeout. */
  private static final Duration LEADER_LOST = Duration.ofSeconds(20);
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

  @Test
  void aMinorityNeverFailsOverAndTheWholeGroupDoesOnceHealed() throws Exception {
    rig = Rig.start(10_000);
    // The survivor is the leader: the harder case, since a follower loses its leader at its next
    // election timeout while a leader must notice that it no longer hears from a majority.
    String leader = rig.nodes().awaitLeader(Rig.CONVERGE);
    NodeProcess survivor = rig.node(leader);
    List<NodeProcess> frozen = rig.nodes().all().stream().filter(n -> n != survivor).toList();
    String oldMaster = Rig.address(rig.initialMaster());
    frozen.forEach(NodeProcess::pause);
    RedisProcess master = rig.initialMaster();
    long frozenAt = Millis.now();
    master.pause();

    long until = Millis.now() + FROZEN.toMillis();
    while (Millis.now() < until) {
      Rig.View v = Rig.view(survivor);
      assertEquals(oldMaster, v.address(), "the minority keeps the old master");
      assertEquals(0, v.epoch(), "the minority moves no epoch");
      assertEquals(oldMaster, RespProbe.masterAddr(survivor.respPort(), Rig.MASTER));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    // Its LOCAL reads still answer, and say that no leader is known.
    Poll.until(LEADER_LOST, () -> RespProbe.info(survivor.respPort(), "raft").get("raft_leader").isEmpty(),
        "the isolated leader " + survivor.id() + " to report no known leader");
    assertEquals(oldMaster, RespProbe.masterAddr(survivor.respPort(), Rig.MASTER), "LOCAL reads go on");
    assertEquals(List.of(), rig.events("+try-failover"), "no failover attempt in the minority");
    assertEquals(List.of(), rig.mastersNow(), "no Redis was promoted (the paused master does not answer)");

    long healedAt = Millis.now();
    frozen.forEach(NodeProcess::resume);
    Rig.View end = rig.awaitFailedOver(FAILOVER);
    long failedOverAt = Millis.now();
    assertEquals(1, end.epoch());
    master.resume();
    rig.awaitRedisFollows(end, FAILOVER);
    History h = rig.checkHistory();
    assertEquals(1, h.switches().size());
    LOG.info("FIGURE minority: frozen {} ms with the master paused, no failover; after healing the failover ended "
        + "in {} ms; two-master windows {} ms", healedAt - frozenAt, failedOverAt - healedAt,
        h.twoMasters().stream().map(History.Window::lengthMs).toList());
  }
}
