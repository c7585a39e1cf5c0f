package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario b: after a committed failover every node is killed with SIGKILL at once and started
 * again from its raft dir. The group must come back with the same master and config epoch on every
 * node, and must not fail over the healthy master while it warms up.
 */
@ExtendWith(DumpOnFailure.class)
class FullRestartIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(FullRestartIT.class);
  private static final Duration FAILOVER = Duration.ofSeconds(40);
  private static final Duration QUIET = Duration.ofSeconds(10);
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
  void killingEveryNodeLosesNoDecisionAndStartsNoFailover() throws Exception {
    rig = Rig.start(10_000);
    rig.initialMaster().pause();
    Rig.View before = rig.awaitFailedOver(FAILOVER);
    rig.initialMaster().resume();
    rig.awaitRedisFollows(before, FAILOVER);

    for (NodeProcess n : rig.nodes().all()) {
      assertEquals(137, n.kill(), "SIGKILL exit code of " + n);
    }
    long restartAt = Millis.now();
    rig.nodes().startAll();
    for (NodeProcess n : rig.nodes().all()) {
      NodeGroup.awaitReady(n, Rig.START);
    }
    long readyAt = Millis.now();
    assertEquals(before, rig.awaitAgreement(Rig.CONVERGE, "every restarted node to report " + before,
        v -> v.equals(before)));
    for (NodeProcess n : rig.nodes().all()) {
      assertEquals(before.address(), RespProbe.masterAddr(n.respPort(), Rig.MASTER), "clients' view on " + n.id());
    }
    rig.assertNoFailoverFor(QUIET, restartAt);
    assertEquals(before, rig.awaitAgreement(Rig.CONVERGE, "nothing changed while quiet", v -> true));
    assertTrue(rig.recorder().events().stream().allMatch(e -> e.atMs() < restartAt
        || !e.channel().equals("+new-epoch")), "no new epoch after the restart");
    History h = rig.checkHistory();
    assertEquals(1, h.switches().size(), "one switch in all: " + h.switches());
    LOG.info("FIGURE full-restart: all three nodes ready {} ms after the restart; no failover in the {} s after",
        readyAt - restartAt, QUIET.toSeconds());
  }
}
