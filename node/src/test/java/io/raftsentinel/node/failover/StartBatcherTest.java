package io.raftsentinel.node.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class StartBatcherTest {
  private final List<Command> sent = new ArrayList<>();
  private final List<CompletableFuture<WriteResult>> replies = new ArrayList<>();
  /** The coordinator's turns, run by the test. */
  private final Deque<Runnable> turns = new ArrayDeque<>();
  private final StartBatcher batcher = new StartBatcher(c -> {
    sent.add(c.build());
    CompletableFuture<WriteResult> reply = new CompletableFuture<>();
    replies.add(reply);
    return reply;
  }, () -> TopologyState.EMPTY, turns::add);

  private void runTurns() {
    while (!turns.isEmpty()) {
      turns.poll().run();
    }
  }

  private static StartFailover.Builder start(String master) {
    return StartFailover.newBuilder().setMaster(master).setTerm(1);
  }

  private static WriteResult ok(long epoch) {
    return new WriteResult(ResultCode.OK, "OK", 7, epoch, 1);
  }

  @Test
  void aLoneStartGoesAtOnceAndThoseReadyMeanwhileGoTogetherInEpochOrder() throws Exception {
    CompletableFuture<WriteResult> a = batcher.propose(start("a"));
    assertEquals(0, sent.size(), "sent on the coordinator's next turn");
    runTurns();
    assertEquals(1, sent.size(), "nothing in flight: sent on the next turn");
    assertEquals(1, sent.get(0).getStartFailover().getEpoch());
    CompletableFuture<WriteResult> b = batcher.propose(start("b"));
    CompletableFuture<WriteResult> c = batcher.propose(start("c"));
    runTurns();
    assertEquals(1, sent.size(), "wait for the start in flight");

    replies.get(0).complete(ok(1));
    assertEquals(ok(1), a.get());
    assertEquals(2, sent.size());
    List<StartFailover> together = sent.get(1).getStartFailovers().getStartsList();
    assertEquals(List.of("b", "c"), together.stream().map(StartFailover::getMaster).toList());
    assertEquals(List.of(2L, 3L), together.stream().map(StartFailover::getEpoch).toList());

    // The entry applied but this state shows neither attempt: each learns it did not start.
    replies.get(1).complete(new WriteResult(ResultCode.OK, "OK; not started: ...", 8, 3, 0));
    assertFalse(b.get().ok());
    assertEquals(ResultCode.WRONG_STEP, c.get().code());
    assertTrue(c.get().message().startsWith("failover of c not started"), c.get().message());
  }

  @Test
  void startsReadiedInTheSameTurnShareTheFirstEntry() {
    CompletableFuture<WriteResult> a = batcher.propose(start("a"));
    CompletableFuture<WriteResult> b = batcher.propose(start("b"));
    CompletableFuture<WriteResult> c = batcher.propose(start("c"));
    runTurns();
    assertEquals(1, sent.size(), "one entry for the three");
    List<StartFailover> together = sent.get(0).getStartFailovers().getStartsList();
    assertEquals(List.of("a", "b", "c"), together.stream().map(StartFailover::getMaster).toList());
    assertEquals(List.of(1L, 2L, 3L), together.stream().map(StartFailover::getEpoch).toList());
    assertFalse(a.isDone() || b.isDone() || c.isDone());
  }

  @Test
  void aFailedProposalFailsItsStartsAndTheNextOnesStillGo() {
    CompletableFuture<WriteResult> a = batcher.propose(start("a"));
    runTurns();
    CompletableFuture<WriteResult> b = batcher.propose(start("b"));
    replies.get(0).completeExceptionally(new IllegalStateException("not leader"));
    assertTrue(a.isCompletedExceptionally());
    ExecutionException e = assertThrows(ExecutionException.class, () -> a.get());
    assertEquals("not leader", e.getCause().getMessage());
    assertEquals(2, sent.size(), "the waiting start is proposed after the failure");
    assertEquals(2, sent.get(1).getStartFailover().getEpoch(), "epochs are never reused");
    replies.get(1).complete(ok(2));
    assertTrue(b.join().ok());
    CompletableFuture<WriteResult> c = batcher.propose(start("c"));
    runTurns();
    assertEquals(3, sent.size(), "nothing in flight any more: sent on the next turn");
    assertEquals(3, sent.get(2).getStartFailover().getEpoch());
    assertFalse(c.isDone());
  }
}
