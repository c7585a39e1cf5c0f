package io.raftsentinel.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Barrier sharing keeps each read behind a barrier started after it arrived. */
class ReadBarriersTest {
  private final List<CompletableFuture<Long>> started = new ArrayList<>();
  private final ReadBarriers barriers = new ReadBarriers(() -> {
    CompletableFuture<Long> f = new CompletableFuture<>();
    started.add(f);
    return f;
  });

  @Test
  void aLoneReadStartsItsOwnBarrier() throws Exception {
    CompletableFuture<Long> read = barriers.await();
    assertEquals(1, started.size());
    started.get(0).complete(7L);
    assertEquals(7L, read.get());
  }

  @Test
  void readsArrivingDuringABarrierShareTheNextOneNotTheCurrent() throws Exception {
    CompletableFuture<Long> first = barriers.await();
    CompletableFuture<Long> second = barriers.await();
    CompletableFuture<Long> third = barriers.await();
    assertEquals(1, started.size(), "one barrier in flight");
    assertSame(second, third, "later readers share one future");

    started.get(0).complete(10L);
    assertEquals(10L, first.get());
    assertFalse(second.isDone(), "a read must wait for a barrier started after it arrived");
    assertEquals(2, started.size(), "the next barrier starts when the current one completes");

    started.get(1).complete(12L);
    assertEquals(12L, second.get());
    assertEquals(2, started.size(), "nobody waiting: no further barrier");

    CompletableFuture<Long> later = barriers.await();
    assertEquals(3, started.size(), "idle again: a new read starts a barrier at once");
    started.get(2).complete(13L);
    assertEquals(13L, later.get());
  }

  @Test
  void aFailedBarrierFailsItsReadsAndTheNextOneStillRuns() {
    CompletableFuture<Long> first = barriers.await();
    CompletableFuture<Long> second = barriers.await();
    started.get(0).completeExceptionally(new IllegalStateException("no quorum"));
    assertTrue(assertThrows(ExecutionException.class, first::get).getCause() instanceof IllegalStateException);
    assertEquals(2, started.size());
    started.get(1).complete(5L);
    assertEquals(5L, second.join());
  }

  @Test
  void aBarrierThatThrowsOnStartFailsTheRead() {
    ReadBarriers throwing = new ReadBarriers(() -> {
      throw new IllegalStateException("closed");
    });
    assertThrows(ExecutionException.class, () -> throwing.await().get());
    assertThrows(ExecutionException.class, () -> throwing.await().get(), "and does not stay in flight");
  }
}
