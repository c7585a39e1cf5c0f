package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.Invariants;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6, clock jumps: a node's wall clock is stepped by ±1 h while it runs (the node reads the
 * system clock plus an offset the test writes, {@link OffsetFileClock}), on the Raft leader and on a
 * follower. What must hold: no SDOWN, ODOWN or failover from a jump; log time (what cooldowns and
 * windows are measured on) neither follows a jumped clock forward nor stalls behind it; with the
 * leader 1 h behind and a follower 1 h ahead, a real failure gives exactly one failover that ends
 * normally (not for time-out); and with the leader 1 h ahead, the next failover still waits for the
 * cooldown (2 × failover-timeout).
 */
@ExtendWith(DumpOnFailure.class)
class ClockJumpIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(ClockJumpIT.class);
  private static final long FAILOVER_TIMEOUT_MS = 10_000;
  private static final Duration JUMP = Duration.ofHours(1);
  /** Log time is read from the nodes' clocks on this host: far closer than this to the test's clock. */
  private static final long LOG_TIME_SLACK_MS = 2_000;
  /**
   * Down-after while the clocks jump: a jump read as elapsed time would be 1 h, far beyond it, while
   * load alone (one run: a node that was not jumped reported SDOWN at down-after 1000, load 17) is not.
   */
  private static final long JUMP_DOWN_AFTER_MS = 3_000;
  /** The jumped node must report no SDOWN within this of its jump. */
  private static final Duration QUIET = Duration.ofSeconds(2);
  /** Event times are when the recorder received them, not log times. */
  private static final long JITTER_MS = 1_000;
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

  @Test
  void wallClockJumpsMoveNothingReplicatedAndFailoversStillHappenOnceAndOnTime() throws Exception {
    rig = Rig.start(FAILOVER_TIMEOUT_MS);
    setDownAfter(JUMP_DOWN_AFTER_MS);
    long calmSince = Millis.now();

    // 1. Jumps while monitoring: each followed by a command the jumped node stamps itself.
    NodeProcess leader = leader();
    jumpAndCommit(leader, JUMP, "leader +1h");
    jumpAndCommit(leader, JUMP.negated(), "leader -1h");
    jump(leader, Duration.ZERO);
    NodeProcess follower = aFollower();
    jumpAndCommit(follower, JUMP, "follower +1h");
    jumpAndCommit(follower, JUMP.negated(), "follower -1h");
    for (String type : List.of("+odown", "+try-failover", "+new-epoch")) {
      assertEquals(List.of(), since(type, calmSince), "no " + type + " from a clock jump");
    }

    setDownAfter(Rig.DOWN_AFTER_MS);

    // 2. Leader 1 h behind, a follower 1 h ahead, then the master fails: one failover, ended in time.
    leader = leader();
    jump(leader, JUMP.negated());
    follower = aFollower();
    jump(follower, JUMP);
    RedisProcess first = rig.initialMaster();
    long pausedAt = Millis.now();
    first.pause();
    Rig.View one = rig.awaitFailedOver(FAILOVER);
    long firstFailoverMs = Millis.now() - pausedAt;
    List<String> epochs = rig.events("+new-epoch").stream().map(RecordedEvent::message).distinct().toList();
    assertEquals(List.of(Long.toString(one.epoch())), epochs, "one failover, one epoch");
    assertEquals(1, distinct("+promoted-slave"), "one promotion: " + rig.events("+promoted-slave"));
    assertEquals(List.of(), rig.events("+failover-end-for-timeout"), "the failover must not time out");
    assertTrue(rig.recorder().events().stream().noneMatch(e -> e.channel().startsWith("-failover-abort")),
        "no abort: " + rig.recorder().events());
    Set<String> ended = rig.events("+failover-end").stream().map(RecordedEvent::node).collect(Collectors.toSet());
    assertEquals(Set.of("n1", "n2", "n3"), ended, "+failover-end on every node");
    assertLogTimeNear("after the failover with skewed clocks");

    // 3. Leader 1 h ahead: the next failover of the new master waits for the cooldown all the same.
    long firstTry = earliest(rig.events("+try-failover"));
    jump(leader(), JUMP);
    RedisProcess second = rig.redisAt(one.address());
    second.pause();
    String secondPort = " " + second.port() + " ";
    Poll.until(FAILOVER, () -> rig.events("+odown").stream().anyMatch(e -> e.message().contains(secondPort)),
        "the new master to be ODOWN");
    long odownAt = earliest(rig.events("+odown").stream().filter(e -> e.message().contains(secondPort)).toList());
    assertTrue(odownAt < firstTry + 2 * FAILOVER_TIMEOUT_MS - 3_000,
        "ODOWN came too late to test the cooldown: " + (odownAt - firstTry) + " ms after the first start");
    Rig.View two = rig.awaitAgreement(FAILOVER.plusMillis(2 * FAILOVER_TIMEOUT_MS), "the second failover to end",
        v -> v.epoch() > one.epoch() && !v.address().equals(one.address()));
    long gapMs = earliest(since("+try-failover", odownAt)) - firstTry;
    assertTrue(gapMs >= 2 * FAILOVER_TIMEOUT_MS - JITTER_MS,
        "second failover started " + gapMs + " ms after the first: cooldown is " + 2 * FAILOVER_TIMEOUT_MS + " ms");
    assertEquals(List.of(), rig.events("+failover-end-for-timeout"), "no failover may time out");
    assertLogTimeNear("after the second failover");

    for (NodeProcess n : rig.nodes().all()) {
      jump(n, Duration.ZERO);
    }
    first.resume();
    second.resume();
    rig.awaitRedisFollows(two, FAILOVER);
    History h = rig.checkHistory();
    assertEquals(2, h.switches().size(), "two committed switches: " + h.switches());
    LOG.info("FIGURE clock-jump: first failover {} ms after the pause (leader -1h, follower +1h); second started "
        + "{} ms after the first (cooldown {} ms, leader +1h); two-master windows {} ms", firstFailoverMs, gapMs,
        2 * FAILOVER_TIMEOUT_MS, h.twoMasters().stream().map(History.Window::lengthMs).toList());
  }

  /** Steps {@code n}'s clock, commits a SENTINEL SET it stamps, and checks log time on every node. */
  private void jumpAndCommit(NodeProcess n, Duration offset, String what) {
    jump(n, offset);
    Map<String, Long> before = logTimes();
    long wallBefore = System.currentTimeMillis();
    assertEquals("OK", RespProbe.sentinelSet(n.respPort(), Rig.MASTER, "failover-timeout",
        Long.toString(FAILOVER_TIMEOUT_MS)), "SENTINEL SET through " + n + " (" + what + ")");
    // Stamped by the jumped node: log time must move on (not stall behind a slow clock) on every node.
    Poll.until(Rig.CONVERGE,
        () -> logTimes().entrySet().stream().allMatch(e -> e.getValue() > before.get(e.getKey())), "log time to advance on every node after the command of " + what + " (before: " + before + ")");
    long wallAfter = System.currentTimeMillis();
    logTimes().forEach((id, t) -> assertTrue(
        t >= wallBefore - LOG_TIME_SLACK_MS && t <= wallAfter + LOG_TIME_SLACK_MS, what + ": log time on " + id + " is " + (t - wallAfter) + " ms from the real clock"));
    // Its own detector is the one a jump could fool (each node publishes only its own +sdown).
    long quietFrom = Millis.now();
    Invariants.holdsFor(QUIET, () -> assertEquals(List.of(), since("+sdown", quietFrom).stream()
        .filter(e -> e.node().equals(n.id())).toList(), "SDOWN seen by " + n.id() + " after " + what));
    LOG.info("{}: {} stamped a command; log times {}", what, n.id(), logTimes());
  }

  private void setDownAfter(long ms) {
    assertEquals("OK", RespProbe.sentinelSet(rig.nodes().all().get(0).respPort(), Rig.MASTER,
        "down-after-milliseconds", Long.toString(ms)));
    Poll.until(Rig.CONVERGE, () -> rig.nodes().live().stream().allMatch(n -> Long.toString(ms).equals(
        RespProbe.sentinelMaster(n.respPort(), Rig.MASTER).get("down-after-milliseconds"))),
        "every node to apply down-after-milliseconds " + ms);
  }

  /** Steps {@code n}'s wall clock to real time + {@code offset} and waits until the node reports it. */
  private static void jump(NodeProcess n, Duration offset) {
    n.setClockOffset(offset);
    Poll.until(Duration.ofSeconds(10), () -> Math.abs(wallMs(n) - System.currentTimeMillis() - offset.toMillis())
        < LOG_TIME_SLACK_MS, n + " to run with clock offset " + offset);
  }

  private static long wallMs(NodeProcess n) {
    return Long.parseLong(RespProbe.info(n.respPort(), "server").get("server_time_usec")) / 1_000;
  }

  private Map<String, Long> logTimes() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (NodeProcess n : rig.nodes().live()) {
      out.put(n.id(), Long.parseLong(RespProbe.info(n.respPort(), "raft").get("raft_log_time_ms")));
    }
    return out;
  }

  private void assertLogTimeNear(String when) {
    long wall = System.currentTimeMillis();
    logTimes().forEach((id, t) -> assertTrue(t <= wall + LOG_TIME_SLACK_MS,
        when + ": log time on " + id + " is " + (t - wall) + " ms ahead of the real clock"));
  }

  private NodeProcess leader() {
    return rig.node(rig.nodes().awaitLeader(Rig.CONVERGE));
  }

  private NodeProcess aFollower() {
    String leaderId = rig.nodes().awaitLeader(Rig.CONVERGE);
    return rig.nodes().all().stream().filter(n -> !n.id().equals(leaderId)).findFirst().orElseThrow();
  }

  private List<RecordedEvent> since(String channel, long fromMs) {
    return rig.events(channel).stream().filter(e -> e.atMs() >= fromMs).toList();
  }

  private static long earliest(List<RecordedEvent> events) {
    return events.stream().mapToLong(RecordedEvent::atMs).min().orElseThrow(() -> new AssertionError("no event"));
  }

  private long distinct(String channel) {
    return rig.events(channel).stream().map(RecordedEvent::message).distinct().count();
  }
}
