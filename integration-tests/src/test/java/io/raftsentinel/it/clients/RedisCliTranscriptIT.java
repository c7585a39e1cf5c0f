package io.raftsentinel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.it.clients.RedisCli.Mode;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * redis-cli transcripts of a raft-sentinel node next to those of real {@code redis-sentinel}s watching
 * the same master and replicas: the same field names in the same order (SPEC §1.3, Appendix A), the
 * same value types, and the same values wherever both describe the same fact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisCliTranscriptIT {
  /** SPEC Appendix A.1: a healthy master, 20 fields. */
  static final List<String> MASTER_FIELDS = List.of("name", "ip", "port", "runid", "flags", "link-pending-commands",
      "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds",
      "info-refresh", "role-reported", "role-reported-time", "config-epoch", "num-slaves", "num-other-sentinels",
      "quorum", "failover-timeout", "parallel-syncs");
  /** SPEC Appendix A.2: a healthy replica, 21 fields. */
  static final List<String> REPLICA_FIELDS = List.of("name", "ip", "port", "runid", "flags", "link-pending-commands",
      "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds",
      "info-refresh", "role-reported", "role-reported-time", "master-link-down-time", "master-link-status",
      "master-host", "master-port", "slave-priority", "slave-repl-offset", "replica-announced");
  /** SPEC Appendix A.3: another sentinel, 14 fields. */
  static final List<String> SENTINEL_FIELDS = List.of("name", "ip", "port", "runid", "flags", "link-pending-commands",
      "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds",
      "last-hello-message", "voted-leader", "voted-leader-epoch");
  /** Fields whose values are facts both implementations must agree on (the rest are timings and counters). */
  static final List<String> SAME_MASTER_VALUES = List.of("name", "ip", "port", "runid", "flags",
      "down-after-milliseconds", "role-reported", "config-epoch", "num-slaves", "num-other-sentinels", "quorum",
      "failover-timeout", "parallel-syncs");
  static final List<String> SAME_REPLICA_VALUES = List.of("name", "ip", "port", "runid", "flags",
      "down-after-milliseconds", "role-reported", "master-link-down-time", "master-link-status", "master-host",
      "master-port", "slave-priority", "replica-announced");

  private FailoverFixture fixture;
  private final List<RedisSentinelProcess> reals = new ArrayList<>();
  private int node;
  private int real;

  @BeforeAll
  void start() throws Exception {
    fixture = FailoverFixture.start();
    RedisProcess master = fixture.master();
    for (int i = 0; i < 3; i++) {
      reals.add(RedisSentinelProcess.start(FailoverFixture.MASTER, master.port(), 2, List.of(
          "sentinel down-after-milliseconds " + FailoverFixture.MASTER + " 1000",
          "sentinel failover-timeout " + FailoverFixture.MASTER + " 10000")));
    }
    // A follower, as a client would most often hit.
    SentinelNode leader = fixture.cluster().awaitLeader();
    node = fixture.cluster().running().stream().filter(n -> n != leader).findFirst().orElseThrow().respPort();
    real = reals.get(0).port();
    for (int port : List.of(node, real)) {
      Poll.until(FailoverFixture.FAILOVER, () -> settled(port), "port " + port + " to know 2 replicas, 2 peers");
    }
  }

  /** Both replicas seen with their link up, both other sentinels known. */
  private static boolean settled(int port) {
    Map<String, String> m = InstanceEntries.fromRaw2(RedisCli.run(port, Mode.RAW2, "SENTINEL", "master", "mymaster"))
        .get(0);
    List<Map<String, String>> replicas =
        InstanceEntries.fromRaw2(RedisCli.run(port, Mode.RAW2, "SENTINEL", "replicas", "mymaster"));
    return "2".equals(m.get("num-slaves")) && "2".equals(m.get("num-other-sentinels"))
        && "master".equals(m.get("flags")) && replicas.size() == 2
        && replicas.stream().allMatch(r -> "ok".equals(r.get("master-link-status"))
            && "slave".equals(r.get("flags")) && !r.get("runid").isEmpty());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      for (RedisSentinelProcess s : reals) {
        s.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  private static List<Map<String, String>> entries(int port, Mode mode, String... args) {
    String t = RedisCli.run(port, mode, args);
    System.out.println("redis-cli -p " + port + " " + mode + " " + String.join(" ", args) + "\n" + t);
    return mode == Mode.RAW3 ? InstanceEntries.fromRaw3(t) : InstanceEntries.fromRaw2(t);
  }

  private static List<Map<String, String>> byName(List<Map<String, String>> entries) {
    return entries.stream().sorted(Comparator.comparing((Map<String, String> e) -> e.get("name"))).toList();
  }

  private void assertSameFields(List<String> expected, String... args) {
    for (Mode mode : List.of(Mode.RAW2, Mode.RAW3)) {
      List<Map<String, String>> ours = entries(node, mode, args);
      List<Map<String, String>> theirs = entries(real, mode, args);
      assertEquals(theirs.size(), ours.size(), mode + " " + String.join(" ", args) + ": entry count");
      for (int i = 0; i < ours.size(); i++) {
        assertEquals(expected, InstanceEntries.names(theirs.get(i)), "the reference matches SPEC (" + mode + ")");
        assertEquals(expected, InstanceEntries.names(ours.get(i)), mode + " " + String.join(" ", args) + " #" + i);
      }
    }
    // Formatted output shows types: every value is a bulk string, as in Sentinel.
    String formatted = RedisCli.run(node, Mode.FORMATTED, args);
    assertFalse(formatted.contains("(integer)"), "numbers as bulk strings:\n" + formatted);
    assertEquals(RedisCli.lines(RedisCli.run(real, Mode.FORMATTED, args)).size(), RedisCli.lines(formatted).size());
  }

  private static void assertSameValues(List<String> fields, Map<String, String> theirs, Map<String, String> ours) {
    for (String f : fields) {
      assertEquals(theirs.get(f), ours.get(f), "value of " + f);
    }
  }

  @Test
  void masterAndMastersHaveSentinelsFieldsAndFacts() {
    assertSameFields(MASTER_FIELDS, "SENTINEL", "master", "mymaster");
    assertSameFields(MASTER_FIELDS, "SENTINEL", "masters");
    assertSameValues(SAME_MASTER_VALUES, entries(real, Mode.RAW2, "SENTINEL", "master", "mymaster").get(0),
        entries(node, Mode.RAW2, "SENTINEL", "master", "mymaster").get(0));
  }

  @Test
  void replicasHaveSentinelsFieldsAndFacts() {
    assertSameFields(REPLICA_FIELDS, "SENTINEL", "replicas", "mymaster");
    assertSameFields(REPLICA_FIELDS, "SENTINEL", "slaves", "mymaster");
    List<Map<String, String>> theirs = byName(entries(real, Mode.RAW2, "SENTINEL", "replicas", "mymaster"));
    List<Map<String, String>> ours = byName(entries(node, Mode.RAW2, "SENTINEL", "replicas", "mymaster"));
    for (int i = 0; i < ours.size(); i++) {
      assertSameValues(SAME_REPLICA_VALUES, theirs.get(i), ours.get(i));
    }
  }

  @Test
  void sentinelsHaveSentinelsFields() {
    assertSameFields(SENTINEL_FIELDS, "SENTINEL", "sentinels", "mymaster");
    for (Map<String, String> peer : entries(node, Mode.RAW2, "SENTINEL", "sentinels", "mymaster")) {
      assertEquals("sentinel", peer.get("flags"));
      assertEquals(peer.get("name"), peer.get("runid"), "a sentinel entry is named by its run id");
      assertTrue(peer.get("runid").matches("[0-9a-f]{40}"), peer.get("runid"));
    }
  }

  @Test
  void smallRepliesAreIdentical() {
    for (List<String> args : List.of(List.of("SENTINEL", "get-master-addr-by-name", "mymaster"),
        List.of("SENTINEL", "get-master-addr-by-name", "nosuch"), List.of("ROLE"),
        List.of("SENTINEL", "master", "nosuch"))) {
      String[] a = args.toArray(String[]::new);
      for (Mode mode : List.of(Mode.FORMATTED, Mode.RAW3)) {
        assertEquals(RedisCli.run(real, mode, a), RedisCli.run(node, mode, a), mode + " " + args);
      }
    }
  }

  /**
   * Sentinel counts every sentinel that is not SDOWN. The leader counts every peer it heard from
   * within down-after; a follower, which hears from the leader alone, asks the leader for the rest,
   * so both answer as the real sentinel does.
   */
  @Test
  void ckquorumMatchesOnTheLeaderAndOnAFollower() {
    String theirs = RedisCli.run(real, Mode.FORMATTED, "SENTINEL", "ckquorum", "mymaster");
    assertEquals("OK 3 usable Sentinels. Quorum and failover authorization can be reached\n", theirs);
    SentinelNode leaderNode = fixture.cluster().awaitLeader();
    int leader = leaderNode.respPort();
    // Chosen now, not at set-up: under load the leadership may have moved to the node used elsewhere.
    int follower = fixture.cluster().running().stream().filter(n -> n != leaderNode).findFirst().orElseThrow()
        .respPort();
    assertEquals(theirs, RedisCli.run(leader, Mode.FORMATTED, "SENTINEL", "ckquorum", "mymaster"), "on the leader");
    assertEquals(theirs, RedisCli.run(follower, Mode.FORMATTED, "SENTINEL", "ckquorum", "mymaster"), "on a follower");
  }

  @Test
  void myidIsTheRunIdAsFortyHexDigits() {
    String theirs = RedisCli.run(real, Mode.FORMATTED, "SENTINEL", "myid").strip();
    String ours = RedisCli.run(node, Mode.FORMATTED, "SENTINEL", "myid").strip();
    assertTrue(theirs.matches("\"[0-9a-f]{40}\""), theirs);
    assertTrue(ours.matches("\"[0-9a-f]{40}\""), ours);
    String runIdLine = RedisCli.lines(RedisCli.run(node, Mode.RAW2, "INFO", "server")).stream()
        .filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow().strip();
    assertEquals("run_id:" + ours.substring(1, 41), runIdLine, "INFO server run_id is SENTINEL MYID");
  }

  @Test
  void infoSentinelHasTheSameLines() {
    List<String> theirs = RedisCli.lines(RedisCli.run(real, Mode.RAW2, "INFO", "sentinel"));
    List<String> ours = RedisCli.lines(RedisCli.run(node, Mode.RAW2, "INFO", "sentinel"));
    System.out.println("INFO sentinel, real:\n" + String.join("\n", theirs) + "\nnode:\n" + String.join("\n", ours));
    assertEquals(keys(theirs), keys(ours), "INFO sentinel keys in order");
    assertEquals(theirs.stream().filter(l -> l.startsWith("master0:")).toList(),
        ours.stream().filter(l -> l.startsWith("master0:")).toList(), "the master0 line, value for value");
  }

  private static List<String> keys(List<String> lines) {
    return lines.stream().map(l -> l.strip()).map(l -> l.contains(":") ? l.substring(0, l.indexOf(':')) : l).toList();
  }
}
