package io.raftsentinel.raftstate.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.CommandReply;
import io.raftsentinel.proto.state.QueryReply;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.StateQuery;
import io.raftsentinel.proto.state.TopologySnapshot;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.SnapshotCodec;
import io.raftsentinel.raftstate.core.TopologyMachine;
import io.raftsentinel.raftstate.core.TopologyState;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of the topology. Entries are applied synchronously on Ratis's updater
 * thread through {@link TopologyMachine#apply}; the resulting immutable state is published through a
 * volatile reference, so queries on other threads always see one consistent state. Nothing thrown
 * ever reaches Ratis from {@link #applyTransaction}: an undecodable entry is answered MALFORMED.
 */
public final class TopologyStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyStateMachine.class);

  private static final long NO_SNAPSHOT = -1;

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final List<StateMachineListener> listeners = new CopyOnWriteArrayList<>();
  private final EventLog eventLog;
  private volatile TopologyState state = TopologyState.EMPTY;

  public TopologyStateMachine(int eventLogCapacity) {
    this.eventLog = new EventLog(eventLogCapacity);
  }

  public TopologyState state() {
    return state;
  }

  public EventLog eventLog() {
    return eventLog;
  }

  public long appliedIndex() {
    TermIndex ti = getLastAppliedTermIndex();
    return ti == null ? -1 : ti.getIndex();
  }

  public void addListener(StateMachineListener listener) {
    listeners.add(listener);
  }

  public void removeListener(StateMachineListener listener) {
    listeners.remove(listener);
  }

  // ---- lifecycle and snapshots ----

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(() -> loadSnapshot(storage.loadLatestSnapshot()), IOException.class);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** Called once per InstallSnapshot chunk: must be idempotent (see RATIS.md pitfall 1). */
  @Override
  public void pause() {
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  /** The leader's snapshot was installed into sm/: reload from disk, not from the cached info. */
  @Override
  public void reinitialize() throws IOException {
    LifeCycle lc = getLifeCycle();
    lc.transition(LifeCycle.State.STARTING);
    loadSnapshot(storage.loadLatestSnapshot());
    lc.transition(LifeCycle.State.RUNNING);
  }

  private void loadSnapshot(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    if (!file.exists()) {
      throw new IOException("snapshot file missing: " + file);
    }
    TopologySnapshot proto;
    try {
      proto = TopologySnapshot.parseFrom(Files.readAllBytes(file.toPath()));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("snapshot file is corrupt: " + file, e);
    }
    state = SnapshotCodec.decode(proto);
    TermIndex ti = snapshot.getTermIndex();
    setLastAppliedTermIndex(ti);
    eventLog.resetAfter(ti.getIndex());
    LOG.info("Loaded snapshot {} (applied index {}, {} masters)", file.getName(), ti.getIndex(),
        state.masters().size());
    for (StateMachineListener l : listeners) {
      l.onStateReloaded(state, ti.getIndex());
    }
  }

  /**
   * Runs on the updater thread, so no apply runs concurrently and (state, last applied) is consistent.
   * The file is written to a temp name and renamed, and failures are thrown: Ratis purges the log up
   * to the returned index, so it must be durable.
   */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return NO_SNAPSHOT;
    }
    TopologyState current = state;
    byte[] bytes = SnapshotCodec.encode(current, last.getTerm(), last.getIndex()).toByteArray();
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    File tmp = new File(target.getParentFile(), target.getName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp.toPath())) {
      out.write(bytes);
      out.flush();
    }
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp.toPath(),
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    var md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    LOG.info("Took snapshot at index {} ({} bytes)", last.getIndex(), bytes.length);
    return last.getIndex();
  }

  // ---- writes ----

  /**
   * Leader-side filter before an entry reaches the log: failover steps stamped with a term other than
   * the current one come from a deposed leader and are refused here (the state machine would also
   * reject stale ones deterministically; this keeps them out of the log).
   */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext trx = super.startTransaction(request);
    Command command;
    try {
      command = Command.parseFrom(request.getMessage().getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      trx.setException(new IOException("not a raft-sentinel command: " + e.getMessage(), e));
      return trx;
    }
    long term = FailoverTerms.termOf(command);
    if (term > 0) {
      long current = currentTerm();
      if (term != current) {
        trx.setException(new StaleTermException("failover step from term " + term + ", current term " + current));
      }
    }
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    RaftProtos.LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    CommandReply reply;
    try {
      ByteString data = entry.getStateMachineLogEntry().getLogData();
      Command command = Command.parseFrom(data.toByteArray());
      ApplyResult result = TopologyMachine.apply(state, command, index);
      state = result.state();
      updateLastAppliedTermIndex(entry.getTerm(), index);
      if (!result.events().isEmpty()) {
        eventLog.append(result.events());
      }
      notifyApplied(index, command, result);
      reply = CommandReply.newBuilder().setCode(result.code()).setMessage(result.message()).setIndex(index)
          .setCurrentEpoch(result.state().currentEpoch()).setCount(result.count()).build();
    } catch (InvalidProtocolBufferException e) {
      updateLastAppliedTermIndex(entry.getTerm(), index);
      reply = CommandReply.newBuilder().setCode(ResultCode.MALFORMED)
          .setMessage("undecodable log entry: " + e.getMessage()).setIndex(index)
          .setCurrentEpoch(state.currentEpoch()).build();
    }
    return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply.toByteArray())));
  }

  private void notifyApplied(long index, Command command, ApplyResult result) {
    for (StateMachineListener l : listeners) {
      try {
        l.onApplied(index, command, result);
      } catch (RuntimeException e) {
        // A listener's bug must not stop the replica from applying the log.
        LOG.error("State machine listener failed at index {}", index, e);
      }
    }
  }

  private long currentTerm() throws IOException {
    return getServer().join().getDivision(getGroupId()).getInfo().getCurrentTerm();
  }

  // ---- reads ----

  /** Answers after Ratis's read check (ReadIndex when linearizable): the caller then reads locally. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      StateQuery q = StateQuery.parseFrom(request.getContent().toByteArray());
      if (q.getBodyCase() == StateQuery.BodyCase.BARRIER) {
        QueryReply reply = QueryReply.newBuilder().setAppliedIndex(appliedIndex()).build();
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply.toByteArray())));
      }
      return CompletableFuture.failedFuture(new IllegalArgumentException("unknown query " + q.getBodyCase()));
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---- leadership ----

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    for (StateMachineListener l : listeners) {
      l.onLeaderChanged(newLeaderId.toString());
    }
  }

  @Override
  public void notifyLeaderReady() {
    long term;
    try {
      term = currentTerm();
    } catch (IOException e) {
      LOG.error("Leader ready but the division is gone; not starting leader duties", e);
      return;
    }
    for (StateMachineListener l : listeners) {
      l.onLeaderReady(term);
    }
  }

  @Override
  public void notifyNotLeader(java.util.Collection<TransactionContext> pendingEntries) {
    for (StateMachineListener l : listeners) {
      l.onNotLeader();
    }
  }
}
