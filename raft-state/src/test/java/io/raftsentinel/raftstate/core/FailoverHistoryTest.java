package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.TopologySnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverHistoryTest {
  private static final long T1 = FailoverCommandsTest.T1;
  private final Driver d = Driver.standard();

  private static InstanceAddress at(int port) {
    return new InstanceAddress(Commands.HOST, port);
  }

  @Test
  void anEndedFailoverIsRecordedWithItsCandidateAndTimes() {
    FailoverCommandsTest.odown(d);
    d.accept(Commands.at(T1).start(Commands.startBody(M, 1, 1).setCandidate(Commands.addr(R1))
        .setCandidatePriority(50).setCandidateOffset(1234).setCandidateRunId(Commands.runId('a'))
        .setCandidateLag(4096)));
    d.accept(Commands.at(T1 + 100).promoted(M, 1, 1));
    d.accept(Commands.at(T1 + 200).ended(M, 1, 1, false));
    assertEquals(List.of(new FailoverHistoryEntry(1, "n1", false, at(MASTER_PORT), at(R1), 50, 1234,
        Commands.runId('a'), T1, T1 + 100, T1 + 200, FailoverHistoryEntry.ENDED, "", false, 4096)),
        d.master().history());
  }

  @Test
  void aTimedOutEndSaysSo() {
    FailoverCommandsTest.promote(d, R2);
    d.accept(Commands.at(T1).ended(M, 1, 1, true));
    assertEquals("timeout", d.master().history().get(0).reason());
  }

  @Test
  void anAbortIsRecordedWithItsReasonAndDetail() {
    d.accept(Commands.at(T1).startManual(M, 1, 1, R1));
    d.accept(Commands.at(T1 + 5).wrap(io.raftsentinel.proto.state.Command.newBuilder().setFailoverAborted(
        FailoverAborted.newBuilder().setMaster(M).setEpoch(1).setTerm(1).setReason(AbortReason.ABORT_SLAVE_TIMEOUT)
            .setDetail("not promoted in time"))));
    FailoverHistoryEntry e = d.master().history().get(0);
    assertTrue(e.manual());
    assertEquals(FailoverHistoryEntry.ABORTED, e.outcome());
    assertEquals("slave-timeout: not promoted in time", e.reason());
    assertEquals(0, e.promotedAtMs());
    assertEquals(T1 + 5, e.endedAtMs());
  }

  @Test
  void anAttemptWithoutCandidateIsAbortedAtOnce() {
    FailoverCommandsTest.odown(d);
    d.accept(Commands.at(T1).startWithoutCandidate(M, 1, 1));
    FailoverHistoryEntry e = d.master().history().get(0);
    assertNull(e.candidate());
    assertEquals(FailoverHistoryEntry.ABORTED, e.outcome());
    assertEquals("no-good-slave", e.reason());
    assertEquals(T1, e.endedAtMs());
  }

  @Test
  void theHistoryKeepsTheLastEntriesOnlyAndSurvivesResetAndSnapshot() throws Exception {
    int attempts = FailoverHistoryEntry.LIMIT + 5;
    for (int epoch = 1; epoch <= attempts; epoch++) {
      d.accept(Commands.at(T1).startManual(M, epoch, 1, R1));
      d.accept(Commands.at(T1).aborted(M, epoch, 1, AbortReason.ABORT_NOT_ELECTED));
    }
    List<FailoverHistoryEntry> h = d.master().history();
    assertEquals(FailoverHistoryEntry.LIMIT, h.size());
    assertEquals(6, h.get(0).epoch(), "oldest kept");
    assertEquals(attempts, h.get(h.size() - 1).epoch(), "newest last");
    d.accept(Commands.at(T1).reset("*"));
    assertEquals(h, d.master().history());
    TopologyState back = SnapshotCodec.decode(TopologySnapshot.parseFrom(
        SnapshotCodec.encode(d.state(), 1, d.index()).toByteArray()));
    assertEquals(d.state(), back);
  }
}
