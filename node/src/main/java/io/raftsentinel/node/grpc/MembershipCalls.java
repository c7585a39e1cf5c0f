package io.raftsentinel.node.grpc;

import io.grpc.Status;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.proto.api.AddPeerRequest;
import io.raftsentinel.proto.api.Member;
import io.raftsentinel.proto.api.MembersReply;
import io.raftsentinel.proto.api.RemovePeerRequest;
import io.raftsentinel.raftstate.ratis.RaftMember;
import io.raftsentinel.raftstate.ratis.RaftMembership;
import io.raftsentinel.raftstate.ratis.RaftMembership.MembershipException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AddPeer / RemovePeer: checks the request, runs the Raft configuration change on the calling gRPC
 * thread (bounded by the request's timeout) and maps refusals to status codes: NOT_FOUND (unknown
 * member), ALREADY_EXISTS, INVALID_ARGUMENT, FAILED_PRECONDITION (no live majority left, last member,
 * a concurrent change), UNAVAILABLE (the new peer, the leader or the group does not answer), DEADLINE_EXCEEDED.
 */
final class MembershipCalls {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipCalls.class);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  private final Supplier<RaftMembership> membership;
  private final GrpcErrors errors;
  private final TopologyWriter writer;

  MembershipCalls(Supplier<RaftMembership> membership, GrpcErrors errors,
      TopologyWriter writer) {
    this.membership = membership;
    this.errors = errors;
    this.writer = writer;
  }

  MembersReply add(AddPeerRequest r) {
    String id = id(r.getId());
    if (r.getAddress().isBlank()) {
      throw errors.invalid("address", "is empty; expected host:port");
    }
    RaftMember peer;
    try {
      peer = new RaftMember(id, r.getAddress());
      if (peer.port() < 1 || peer.port() > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535");
      }
    } catch (IllegalArgumentException e) {
      throw errors.invalid("address", e.getMessage());
    }
    return run("add " + id + " " + peer.address(), r.getTimeoutMs(), t -> admin().add(peer, t));
  }

  MembersReply remove(RemovePeerRequest r) {
    String id = id(r.getId());
    MembersReply reply = run("remove " + id, r.getTimeoutMs(), t -> admin().remove(id, t));
    forget(id);
    return reply;
  }

  /**
   * Commits ForgetNode so the removed node no longer counts in SENTINEL SENTINELS, CKQUORUM and
   * ODOWN. Best effort: the configuration change already succeeded; a failure here is logged and
   * repeating {@code members remove} is not possible, so the operator can see it in the log only.
   */
  private void forget(String id) {
    try {
      writer.submit(io.raftsentinel.proto.state.Command.newBuilder()
          .setForgetNode(io.raftsentinel.proto.state.ForgetNode.newBuilder().setNodeId(id)))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("Removed '{}' from the Raft group but could not commit ForgetNode: {}", id, e.toString());
    }
  }

  private RaftMembership admin() {
    RaftMembership m = membership.get();
    if (m == null) {
      throw errors.status(Status.UNIMPLEMENTED.withDescription("membership changes are not available on this node"));
    }
    return m;
  }

  private String id(String id) {
    if (id.isBlank()) {
      throw errors.invalid("id", "is empty");
    }
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw errors.invalid("id", "must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return id;
  }

  private MembersReply run(String what, long timeoutMs, java.util.function.Function<Duration, List<RaftMember>> change) {
    if (timeoutMs < 0) {
      throw errors.invalid("timeout_ms", "must not be negative");
    }
    Duration timeout = timeoutMs == 0 ? DEFAULT_TIMEOUT : Duration.ofMillis(Math.min(timeoutMs, MAX_TIMEOUT.toMillis()));
    long start = System.nanoTime();
    List<RaftMember> after;
    try {
      after = change.apply(timeout);
    } catch (MembershipException e) {
      LOG.warn("Membership change '{}' refused: {}", what, e.getMessage());
      throw errors.status(code(e.failure()).withDescription(e.getMessage()));
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    LOG.info("Membership change '{}' committed in {} ms; members now {}", what, elapsed,
        after.stream().map(RaftMember::id).toList());
    MembersReply.Builder b = MembersReply.newBuilder().setElapsedMs(elapsed);
    after.stream().sorted(java.util.Comparator.comparing(RaftMember::id))
        .forEach(m -> b.addMembers(Member.newBuilder().setId(m.id()).setAddress(m.address())));
    return b.build();
  }

  private static Status code(RaftMembership.Failure f) {
    return switch (f) {
      case NOT_FOUND -> Status.NOT_FOUND;
      case ALREADY_MEMBER -> Status.ALREADY_EXISTS;
      case INVALID -> Status.INVALID_ARGUMENT;
      case REFUSED, CONFLICT -> Status.FAILED_PRECONDITION;
      case UNREACHABLE -> Status.UNAVAILABLE;
      case TIMEOUT -> Status.DEADLINE_EXCEEDED;
    };
  }
}
