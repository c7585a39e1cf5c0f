package io.raftsentinel.it.reliability;

import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Scenario f (profile {@code nemesis} only): a seeded random mix of every fault of the other
 * scenarios for a bounded time (nemesis.seconds, default 90), then everything is healed and the
 * whole history is checked. Re-run a failing seed with {@code -Dnemesis.seed=N}.
 */
@ExtendWith(DumpOnFailure.class)
class NemesisIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(NemesisIT.class);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private Rig rig;
  private Random random;
  private final Map<String, Integer> counts = new TreeMap<>();

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
  void randomFaultsLoseNoDecisionAndNeverMakeTwoMasters() throws Exception {
    String seedProperty = System.getProperty("nemesis.seed", "");
    long seed = seedProperty.isBlank() ? System.nanoTime() : Long.parseLong(seedProperty.strip());
    String secondsProperty = System.getProperty("nemesis.seconds", "");
    long seconds = secondsProperty.isBlank() ? 90 : Long.parseLong(secondsProperty.strip());
    LOG.info("NEMESIS seed {} for {} s (re-run with -Dnemesis.seed={})", seed, seconds, seed);
    random = new Random(seed);
    rig = Rig.start(5_000);

    long start = Millis.now();
    long until = start + TimeUnit.SECONDS.toMillis(seconds);
    while (Millis.now() < until) {
      switch (random.nextInt(7)) {
        case 0 -> pauseMaster();
        case 1 -> killAndRestartNode();
        case 2 -> freezeNode();
        case 3 -> restartAll();
        case 4 -> wipeFollower();
        case 5 -> manualFailover();
        default -> act("idle", () -> park(1_000 + random.nextInt(1_000)));
      }
    }
    heal();
    Rig.View end = rig.awaitAgreement(SETTLE, "the group to settle after the nemesis", v -> true);
    rig.awaitRedisFollows(end, SETTLE);
    History h = rig.checkHistory();
    LOG.info("FIGURE nemesis seed {}: {} s, faults {}, {} failover attempts, {} switches, final {}, "
        + "longest two-master window {} ms, windows {} ms", seed, seconds, counts, h.epochStarts().size(),
        h.switches().size(), end, h.longestTwoMastersMs(), h.twoMasters().stream().map(History.Window::lengthMs)
        .toList());
  }

  private void pauseMaster() {
    act("pause-master", () -> {
      RedisProcess target = currentMaster();
      if (target == null) {
        return;
      }
      target.pause();
      park(1_500 + random.nextInt(2_500));
      target.resume();
    });
  }

  private void killAndRestartNode() {
    act("kill-9-node", () -> {
      NodeProcess n = randomNode();
      n.kill();
      park(500 + random.nextInt(2_500));
      n.start();
      NodeGroup.awaitReady(n, Rig.START);
    });
  }

  private void freezeNode() {
    act("sigstop-node", () -> {
      NodeProcess n = randomNode();
      n.pause();
      park(1_000 + random.nextInt(3_000));
      n.resume();
    });
  }

  private void restartAll() {
    act("kill-9-all", () -> {
      rig.nodes().all().forEach(NodeProcess::kill);
      rig.nodes().startAll();
      rig.nodes().all().forEach(n -> NodeGroup.awaitReady(n, Rig.START));
    });
  }

  private void wipeFollower() {
    act("wipe-follower", () -> {
      String leader = rig.nodes().awaitLeader(Rig.CONVERGE);
      List<NodeProcess> followers = rig.nodes().all().stream().filter(n -> !n.id().equals(leader)).toList();
      NodeProcess n = followers.get(random.nextInt(followers.size()));
      n.stop();
      n.wipe();
      n.start();
      NodeGroup.awaitReady(n, Rig.START);
    });
  }

  private void manualFailover() {
    act("manual-failover", () -> {
      NodeProcess n = randomNode();
      try {
        LOG.info("NEMESIS manual failover via {}: {}", n.id(), rig.requestManualFailover(n));
      } catch (JedisException e) {
        // -INPROG, -NOGOODSLAVE and the like are legitimate answers under faults.
        LOG.info("NEMESIS manual failover via {} refused: {}", n.id(), e.getMessage());
      }
    });
  }

  private void heal() {
    for (RedisProcess r : rig.redis()) {
      if (r.isAlive() && !r.answersPing()) {
        r.resume();
      }
    }
    for (NodeProcess n : rig.nodes().all()) {
      if (n.isPaused()) {
        n.resume();
      }
      if (!n.isAlive()) {
        n.start();
      }
    }
    rig.nodes().all().forEach(n -> NodeGroup.awaitReady(n, Rig.START));
  }

  private void act(String name, Runnable fault) {
    counts.merge(name, 1, Integer::sum);
    LOG.info("NEMESIS {} #{}", name, counts.get(name));
    fault.run();
  }

  private NodeProcess randomNode() {
    List<NodeProcess> all = rig.nodes().all();
    return all.get(random.nextInt(all.size()));
  }

  /** The master as the live nodes report it to clients, or null while none answers. */
  private RedisProcess currentMaster() {
    for (NodeProcess n : rig.nodes().live()) {
      try {
        return rig.redisAt(RespProbe.masterAddr(n.respPort(), Rig.MASTER));
      } catch (JedisException e) {
        LOG.info("NEMESIS {} did not answer get-master-addr-by-name: {}", n.id(), e.getMessage());
      }
    }
    return null;
  }

  /** Fault timing, not synchronisation. */
  private static void park(long ms) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
  }
}
