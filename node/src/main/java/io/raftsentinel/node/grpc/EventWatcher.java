package io.raftsentinel.node.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftsentinel.node.query.EventHistory;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WatchEvents stream. The event publisher only appends to a bounded queue and schedules a drain
 * on {@code executor}: it never blocks and never serialises. The drain sends while the call is ready
 * (HTTP/2 flow control) and resumes from the call's onReady. A watcher whose queue passes the bound
 * is cut off with RESOURCE_EXHAUSTED, naming the index to resume from.
 *
 * <p>Resuming without gaps or duplicates: subscribe first, then replay the held history from the
 * requested index, then pass live events, skipping those at an index the replay already covered
 * (every event of one log index is in the history or in neither, as the state machine records a
 * command's events before publishing them). Local events (index 0) are never skipped.
 */
final class EventWatcher implements Consumer<SentinelEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(EventWatcher.class);

  private final ServerCallStreamObserver<Event> out;
  private final Executor executor;
  private final int capacity;
  private final GrpcErrors errors;
  private final Queue<SentinelEvent> live = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicBoolean unsubscribed = new AtomicBoolean();
  private volatile boolean started;
  private volatile boolean overflowed;
  private volatile boolean done;
  private volatile boolean closing;
  private volatile AutoCloseable subscription;
  // Written before `started` is set, then touched only by the (serialised) drain.
  private List<SentinelEvent> replay = List.of();
  private int replayPos;
  private long skipUpTo;
  private long lastSent;

  private final Runnable onDone;

  /** @param onDone called once when the stream ends for any reason */
  EventWatcher(ServerCallStreamObserver<Event> out, Executor executor, int capacity, GrpcErrors errors,
      Runnable onDone) {
    this.out = out;
    this.executor = executor;
    this.capacity = capacity;
    this.errors = errors;
    this.onDone = onDone;
  }

  /** The server is stopping: end the stream with UNAVAILABLE so the client resumes elsewhere. */
  void shutdown() {
    closing = true;
    signal();
  }

  /** Must be called from the gRPC handler method (the call's handlers are registered here). */
  void start(TopologyQueryService query, long fromIndex) {
    out.setOnCancelHandler(() -> {
      done = true;
      unsubscribe();
    });
    out.setOnReadyHandler(this::signal);
    subscription = query.subscribe(this);
    if (fromIndex > 0) {
      EventHistory history = query.eventsSince(fromIndex);
      if (fromIndex < history.firstAvailableIndex()) {
        done = true;
        unsubscribe();
        out.onError(errors.status(Status.OUT_OF_RANGE.withDescription("from_index " + fromIndex
            + " is no longer held; the oldest available index is " + history.firstAvailableIndex())));
        return;
      }
      replay = history.events();
      long lastReplayed = replay.isEmpty() ? 0 : replay.get(replay.size() - 1).index();
      skipUpTo = Math.max(fromIndex - 1, lastReplayed);
      lastSent = fromIndex - 1;
    }
    started = true;
    signal();
  }

  /** Called by the publisher: O(1), never blocks. */
  @Override
  public void accept(SentinelEvent e) {
    if (done || overflowed) {
      return;
    }
    if (queued.incrementAndGet() > capacity) {
      overflowed = true;
    } else {
      live.add(e);
    }
    signal();
  }

  private void signal() {
    if (wip.getAndIncrement() == 0) {
      try {
        executor.execute(this::drainLoop);
      } catch (RejectedExecutionException e) {
        // The server is shutting down; the call is being cancelled with it.
        LOG.debug("Watcher drain rejected during shutdown", e);
        wip.set(0);
      }
    }
  }

  private void drainLoop() {
    int missed = 1;
    do {
      try {
        if (started && !done) {
          drain();
        }
      } catch (RuntimeException e) {
        LOG.error("Watcher failed; closing its stream", e);
        finish(errors.failure(e, false, "watch", true));
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drain() {
    while (!done) {
      if (closing) {
        finish(errors.status(Status.UNAVAILABLE.withDescription("node is shutting down; reconnect with from_index="
            + (lastSent + 1))));
        return;
      }
      if (overflowed) {
        finish(errors.status(Status.RESOURCE_EXHAUSTED.withDescription("watcher too slow: more than " + capacity
            + " events queued; reconnect with from_index=" + (lastSent + 1))));
        return;
      }
      if (!out.isReady()) {
        return; // onReady signals again
      }
      SentinelEvent e;
      if (replayPos < replay.size()) {
        e = replay.get(replayPos++);
      } else {
        e = live.poll();
        if (e == null) {
          return;
        }
        queued.decrementAndGet();
        if (e.index() > 0 && e.index() <= skipUpTo) {
          continue;
        }
      }
      out.onNext(ProtoViews.event(e));
      if (e.index() > 0) {
        lastSent = e.index();
      }
    }
  }

  private void finish(RuntimeException status) {
    done = true;
    unsubscribe();
    live.clear();
    out.onError(status);
  }

  private void unsubscribe() {
    AutoCloseable s = subscription;
    if (unsubscribed.compareAndSet(false, true)) {
      try {
        if (s != null) {
          s.close();
        }
      } catch (Exception e) {
        LOG.warn("Could not unsubscribe a watcher", e);
      } finally {
        onDone.run();
      }
    }
  }
}
