package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.testing.Poll;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario d: a follower is stopped, its raft dir deleted, and started again empty. It must catch up
 * from the group (log replay or snapshot) to the same master and epoch, and then count as a full
 * voter: with another node down, the group still commits through it.
 */
@ExtendWith(DumpOnFailure.class)
class WipedNodeIT implements DumpOnFailure.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(WipedNodeIT.class);
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
  void aWipedFollowerRejoinsWithTheSameMasterAndEpoch() throws Exception {
    // Small log segments, so that a snapshot purges the closed ones (Ratis purges closed segments only).
    rig = Rig.start(10_000, Rig.Setup.STANDARD.withNodeArgs(List.of("--raft-segment-bytes", "4096")));
    rig.initialMaster().pause();
    Rig.View before = rig.awaitFailedOver(FAILOVER);
    rig.initialMaster().resume();
    rig.awaitRedisFollows(before, FAILOVER);

    String leader = rig.nodes().awaitLeader(Rig.CONVERGE);
    NodeProcess wiped = rig.nodes().all().stream().filter(n -> !n.id().equals(leader)).findFirst().orElseThrow();
    // Entries past the purge gap (64), then SENTINEL FLUSHCONFIG: every node writes a snapshot and
    // purges its closed log segments, so the wiped node can only catch up by installing a snapshot.
    for (int i = 0; i < 80; i++) {
      assertEquals("OK", RespProbe.sentinelSet(rig.node(leader).respPort(), Rig.MASTER, "parallel-syncs",
          i % 2 == 0 ? "2" : "1"));
    }
    for (NodeProcess n : rig.nodes().all()) {
      assertEquals("OK", RespProbe.flushConfig(n.respPort()), "FLUSHCONFIG on " + n.id());
      assertTrue(snapshotFiles(n.raftDir()) > 0, "a snapshot file in " + n.raftDir());
    }
    int code = wiped.stop();
    assertTrue(code == 0 || code == 143, "SIGTERM exit code of " + wiped + ": " + code);
    wiped.wipe();
    assertFalse(Files.exists(wiped.raftDir()), "raft dir deleted");
    long leaderCommit = Long.parseLong(RespProbe.info(rig.node(leader).respPort(), "raft").get("raft_commit_index"));

    long startedAt = Millis.now();
    wiped.start();
    NodeGroup.awaitReady(wiped, Rig.START);
    Poll.until(Rig.CONVERGE, () -> Long.parseLong(RespProbe.info(wiped.respPort(), "raft")
        .get("raft_applied_index")) >= leaderCommit, wiped + " to apply everything committed before it was wiped");
    long caughtUpAt = Millis.now();
    assertTrue(snapshotFiles(wiped.raftDir()) > 0, "the wiped node caught up through a snapshot install");
    assertEquals(before, Rig.view(wiped), "the wiped node's view");
    assertEquals(before.address(), RespProbe.masterAddr(wiped.respPort(), Rig.MASTER));
    assertEquals(before, rig.awaitAgreement(Rig.CONVERGE, "every node to agree", v -> true));

    // A full voter again: with the other follower down, leader + wiped node are the majority.
    NodeProcess other = rig.nodes().all().stream().filter(n -> n != wiped && !n.id().equals(leader))
        .findFirst().orElseThrow();
    other.kill();
    assertEquals("OK", RespProbe.sentinelSet(wiped.respPort(), Rig.MASTER, "parallel-syncs", "2"),
        "a write committed by the leader and the wiped node alone");
    Poll.until(Rig.CONVERGE, () -> "2".equals(RespProbe.sentinelMaster(wiped.respPort(), Rig.MASTER)
        .get("parallel-syncs")), "the write to be applied on the wiped node");
    other.start();
    NodeGroup.awaitReady(other, Rig.START);
    rig.awaitAgreement(Rig.CONVERGE, "all three to agree again", v -> v.equals(before));

    History h = rig.checkHistory();
    assertEquals(1, h.switches().size());
    Map<String, String> raft = RespProbe.info(wiped.respPort(), "raft");
    LOG.info("FIGURE wiped-node: caught up to commit index {} in {} ms after its start; raft now {}", leaderCommit,
        caughtUpAt - startedAt, Set.of(raft.get("raft_role"), "term " + raft.get("raft_term"),
            "applied " + raft.get("raft_applied_index")));
  }

  private static long snapshotFiles(Path raftDir) throws IOException {
    if (!Files.exists(raftDir)) {
      return 0;
    }
    long[] count = {0};
    // Ratis purges log segments while this walks: a file gone by the time it is visited is skipped.
    Files.walkFileTree(raftDir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attributes) {
        if (f.getFileName().toString().startsWith("snapshot.")) {
          count[0]++;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    return count[0];
  }
}
