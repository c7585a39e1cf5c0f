package io.raftsentinel.raftstate.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftsentinel.proto.state.Barrier;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.CommandReply;
import io.raftsentinel.proto.state.QueryReply;
import io.raftsentinel.proto.state.StateQuery;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;

/**
 * Proposes commands to the group and runs ReadIndex barriers, each bounded by a deadline so that a
 * caller never waits forever on a group without quorum (Ratis's default retry policy spins forever).
 * Thread-safe; share one per process.
 */
public final class TopologyRaftClient implements AutoCloseable {
  private final RaftClient writes;
  private final RaftClient reads;
  private final Duration writeDeadline;
  private final Duration readDeadline;

  public TopologyRaftClient(List<RaftMember> members, RaftTuning tuning, Duration writeDeadline) {
    this(members, tuning, writeDeadline, null);
  }

  /** With mutual TLS towards the servers when {@code tls} is not null. */
  public TopologyRaftClient(List<RaftMember> members, RaftTuning tuning, Duration writeDeadline, RaftTls tls) {
    this.writeDeadline = writeDeadline;
    this.readDeadline = tuning.readTimeout();
    this.writes = RaftClient.newBuilder()
        .setRaftGroup(RaftGroups.group(members))
        .setProperties(RaftPropertiesFactory.client(tuning))
        .setParameters(RaftPropertiesFactory.parameters(tls))
        .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)))
        .build();
    this.reads = RaftClient.newBuilder()
        .setRaftGroup(RaftGroups.group(members))
        .setProperties(RaftPropertiesFactory.client(tuning))
        .setParameters(RaftPropertiesFactory.parameters(tls))
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(20,
            TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)))
        .build();
  }

  /**
   * Completes with the state machine's reply once the command is committed and applied, or
   * exceptionally ({@link java.util.concurrent.TimeoutException} past the deadline, or the Ratis
   * failure). A command that timed out may still commit later.
   */
  public CompletableFuture<CommandReply> submit(Command command) {
    Message m = Message.valueOf(UnsafeByteOperations.unsafeWrap(command.toByteArray()));
    return writes.async().send(m)
        .thenApply(TopologyRaftClient::commandReply)
        .orTimeout(writeDeadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A linearizable barrier served by {@code server} (a follower asks the leader for the read index
   * and waits until it has applied it). Completes with that server's applied index.
   */
  public CompletableFuture<Long> barrier(String server) {
    StateQuery q = StateQuery.newBuilder().setBarrier(Barrier.getDefaultInstance()).build();
    Message m = Message.valueOf(UnsafeByteOperations.unsafeWrap(q.toByteArray()));
    return reads.async().sendReadOnly(m, RaftPeerId.valueOf(server))
        .thenApply(TopologyRaftClient::queryReply)
        .orTimeout(readDeadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * What {@code leader} hears from its followers, as that server reports it. Blocking, bounded by
   * the client's retry policy: call it off any event loop. Fails when that server is not the leader.
   */
  public LeaderView leaderView(String leader) throws IOException {
    GroupInfoReply reply = reads.getGroupManagementApi(RaftPeerId.valueOf(leader)).info(RaftGroups.GROUP_ID);
    if (!reply.isSuccess()) {
      throw failure(reply);
    }
    RoleInfoProto role = reply.getRoleInfoProto();
    if (!role.hasLeaderInfo()) {
      throw new IOException("'" + leader + "' is no longer the Raft leader");
    }
    return LeaderView.of(leader, role);
  }

  /**
   * Has {@code server} take a snapshot of its state machine now (Ratis then purges its log up to it,
   * see {@link RaftPropertiesFactory}); returns the snapshot's log index. Blocking, bounded by
   * {@code timeout}: call it off any event loop.
   */
  public long snapshot(String server, Duration timeout) throws IOException {
    RaftClientReply reply = reads.getSnapshotManagementApi(RaftPeerId.valueOf(server)).create(1, timeout.toMillis());
    if (!reply.isSuccess()) {
      throw failure(reply);
    }
    return reply.getLogIndex();
  }

  private static CommandReply commandReply(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      throw new CompletionException(failure(reply));
    }
    try {
      return CommandReply.parseFrom(reply.getMessage().getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new CompletionException(e);
    }
  }

  private static long queryReply(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      throw new CompletionException(failure(reply));
    }
    try {
      return QueryReply.parseFrom(reply.getMessage().getContent().toByteArray()).getAppliedIndex();
    } catch (InvalidProtocolBufferException e) {
      throw new CompletionException(e);
    }
  }

  private static IOException failure(RaftClientReply reply) {
    IOException e = reply.getException();
    return e != null ? e : new IOException("Raft request failed: " + reply);
  }

  @Override
  public void close() throws IOException {
    try {
      writes.close();
    } finally {
      reads.close();
    }
  }
}
