package io.raftsentinel.node.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Shares Raft ReadIndex barriers between concurrent linearizable reads, as etcd batches ReadIndex:
 * at most one barrier is in flight; reads arriving meanwhile wait for the next one, which starts
 * when the current one completes, and all of them complete with it. A read is thus answered by a
 * barrier started after it arrived, which is what linearizability needs, at the cost of at most two
 * barrier round trips, while the number of barriers no longer grows with the number of readers.
 *
 * <p>Thread-safe. A failed barrier fails every read waiting on it (they would have failed alike).
 */
final class ReadBarriers {
  private final Supplier<CompletableFuture<Long>> barrier;
  private final Object lock = new Object();
  private boolean inFlight;
  /** Reads that arrived while a barrier was in flight: they share the next one. */
  private CompletableFuture<Long> next;

  /** @param barrier starts one barrier, completing with the applied index it waited for */
  ReadBarriers(Supplier<CompletableFuture<Long>> barrier) {
    this.barrier = barrier;
  }

  /** Completes once a barrier started after this call has completed. */
  CompletableFuture<Long> await() {
    CompletableFuture<Long> mine;
    synchronized (lock) {
      if (inFlight) {
        if (next == null) {
          next = new CompletableFuture<>();
        }
        return next;
      }
      inFlight = true;
      mine = new CompletableFuture<>();
    }
    start(mine);
    return mine;
  }

  private void start(CompletableFuture<Long> readers) {
    CompletableFuture<Long> f;
    try {
      f = barrier.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((index, error) -> {
      CompletableFuture<Long> waiting;
      synchronized (lock) {
        waiting = next;
        next = null;
        inFlight = waiting != null;
      }
      if (error != null) {
        readers.completeExceptionally(error);
      } else {
        readers.complete(index);
      }
      if (waiting != null) {
        start(waiting);
      }
    });
  }
}
