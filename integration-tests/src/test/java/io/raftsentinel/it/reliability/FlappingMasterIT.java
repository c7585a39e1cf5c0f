package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario c: the current master is paused and resumed at random for ~10 s, pauses of 500–3500 ms
 * around down-after (1000 ms) and runs of 300–600 ms between them, so some pauses reach ODOWN and
 * some do not. Failovers must respect the cooldown (2 × failover-timeout): at most one new epoch
 * per window, and the group must settle on one master.
 */
@ExtendWith(DumpOnFailure.class)
class FlappingMasterIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(FlappingMasterIT.class);
  private static final long FAILOVER_TIMEOUT_MS = 5_000;
  private static final Duration FLAPPING = Duration.ofSeconds(10);
  /** Epoch starts are stamped when the recorder receives them, not in log time: allow that much jitter. */
  private static final long JITTER_MS = 1_000;
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
  void aFlappingMasterFailsOverAtMostOncePerCooldown() throws Exception {
    long seed = System.nanoTime();
    LOG.info("FlappingMasterIT seed {}", seed);
    Random random = new Random(seed);
    rig = Rig.start(FAILOVER_TIMEOUT_MS);
    long until = Millis.now() + FLAPPING.toMillis();
    int pauses = 0;
    while (Millis.now() < until) {
      RedisProcess target = rig.redisAt(currentMaster());
      target.pause();
      pauses++;
      park(500 + random.nextInt(3_001));
      target.resume();
      park(300 + random.nextInt(301));
    }
    Rig.View end = rig.awaitAgreement(Duration.ofSeconds(45), "the group to settle after the flapping", v -> true);
    rig.awaitRedisFollows(end, Duration.ofSeconds(40));

    History h = rig.checkHistory();
    List<History.EpochStart> starts = h.epochStarts();
    long cooldown = 2 * FAILOVER_TIMEOUT_MS;
    for (int i = 1; i < starts.size(); i++) {
      long gap = starts.get(i).atMs() - starts.get(i - 1).atMs();
      assertTrue(gap >= cooldown - JITTER_MS, "epochs " + starts.get(i - 1) + " and " + starts.get(i) + " only "
          + gap + " ms apart, cooldown is " + cooldown + " ms (seed " + seed + ")");
    }
    LOG.info("FIGURE flapping seed {}: {} pauses in {} s, {} failover attempts (epochs), {} switches, final {}, "
        + "two-master windows {} ms", seed, pauses, FLAPPING.toSeconds(), starts.size(), h.switches().size(), end,
        h.twoMasters().stream().map(History.Window::lengthMs).toList());
  }

  /** The master as the first live node reports it to clients. */
  private String currentMaster() {
    return RespProbe.masterAddr(rig.nodes().live().get(0).respPort(), Rig.MASTER);
  }

  /** Fault timing, not synchronisation: how long the instance stays paused or running. */
  private static void park(long ms) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ms));
  }
}
