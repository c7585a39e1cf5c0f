package io.raftsentinel.node.failover;

import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.proto.state.StartFailovers;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes failover starts, numbered in the order they are proposed. One proposal is in flight at a
 * time; starts that become ready meanwhile wait for it and then go together as one
 * {@code StartFailovers} entry. In a mass outage fifty starts proposed one entry each queued behind each
 * other in the replicated log (a second between the first start and the last on a busy host); batched,
 * they take a few entries. With nothing in flight, a start goes on the coordinator's next turn, so the
 * starts readied in the same turn (one evaluation of many ODOWN masters) share the first entry too,
 * rather than the first going alone and the rest one commit later. A single start goes as a plain
 * {@code StartFailover}. Thread-safe.
 */
final class StartBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(StartBatcher.class);

  private record Pending(StartFailover start, CompletableFuture<WriteResult> result) {}

  private final Function<Command.Builder, CompletableFuture<WriteResult>> commit;
  private final Supplier<TopologyState> state;
  private final Executor turns;
  private final List<Pending> waiting = new ArrayList<>();
  private long lastEpoch;
  private boolean inFlight;

  /** @param turns the coordinator's single-threaded executor: a first start is sent on its next turn */
  StartBatcher(Function<Command.Builder, CompletableFuture<WriteResult>> commit, Supplier<TopologyState> state,
      Executor turns) {
    this.commit = commit;
    this.state = state;
    this.turns = turns;
  }

  /**
   * Numbers the start (above the current epoch and every epoch proposed before) and proposes it.
   * Completes with its own outcome: OK with its epoch once it is applied, not OK when the entry applied
   * without it, exceptionally when the entry was not committed.
   */
  CompletableFuture<WriteResult> propose(StartFailover.Builder start) {
    CompletableFuture<WriteResult> result = new CompletableFuture<>();
    synchronized (this) {
      long epoch = Math.max(state.get().currentEpoch(), lastEpoch) + 1;
      lastEpoch = epoch;
      start.setEpoch(epoch);
      waiting.add(new Pending(start.build(), result));
      if (inFlight) {
        return result;
      }
      inFlight = true;
    }
    try {
      turns.execute(this::send);
    } catch (RejectedExecutionException e) {
      send(); // the coordinator is closing: the commit answers (or fails) as it can
    }
    return result;
  }

  private void send() {
    List<Pending> batch;
    synchronized (this) {
      if (waiting.isEmpty()) {
        inFlight = false;
        return;
      }
      batch = List.copyOf(waiting);
      waiting.clear();
    }
    Command.Builder command = Command.newBuilder();
    if (batch.size() == 1) {
      command.setStartFailover(batch.get(0).start());
    } else {
      command.setStartFailovers(StartFailovers.newBuilder().addAllStarts(batch.stream().map(Pending::start).toList()));
    }
    CompletableFuture<WriteResult> sent;
    try {
      sent = commit.apply(command);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((reply, error) -> {
      for (Pending p : batch) {
        settle(p, reply, error, batch.size());
      }
      send();
    });
  }

  private void settle(Pending p, WriteResult reply, Throwable error, int batchSize) {
    if (error != null) {
      p.result().completeExceptionally(error);
    } else if (batchSize == 1) {
      p.result().complete(reply);
    } else {
      // The entry answers for all of its starts; whether this one applied is in the state it left.
      MasterRecord m = state.get().master(p.start().getMaster());
      long epoch = p.start().getEpoch();
      boolean started = reply.ok() && m != null && m.attempted(epoch);
      if (!started) {
        LOG.info("Failover of {} (epoch {}) not started with its batch: {}", p.start().getMaster(), epoch,
            reply.message());
      }
      p.result().complete(started ? new WriteResult(ResultCode.OK, "OK", reply.index(), epoch, 1)
          : new WriteResult(reply.ok() ? ResultCode.WRONG_STEP : reply.code(),
              "failover of " + p.start().getMaster() + " not started: " + reply.message(), reply.index(),
              reply.epoch(), 0));
    }
  }
}
