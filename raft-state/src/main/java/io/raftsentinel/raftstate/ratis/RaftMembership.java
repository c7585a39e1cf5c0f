package io.raftsentinel.raftstate.ratis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;
import org.apache.ratis.util.TimeDuration;

/**
 * Changes the group's voting members through Raft (Ratis {@code setConfiguration}, joint consensus),
 * one member at a time and guarded by compare-and-set against the configuration this node knows, so
 * two operators cannot silently overwrite each other's change.
 *
 * <p>Before anything is proposed it checks what would otherwise hang: the peer being added must
 * answer a Raft RPC, and both the current and the new configuration must have a majority that the
 * leader hears from ({@link LiveMajority}: a follower counts only if the leader had a reply from it
 * within {@link #silenceLimit}; a TCP connect alone is fooled by a frozen process). Every change is
 * bounded by a deadline.
 */
public final class RaftMembership {
  /** What went wrong, for the caller to map to its own error codes. */
  public enum Failure { NOT_FOUND, ALREADY_MEMBER, INVALID, REFUSED, UNREACHABLE, TIMEOUT, CONFLICT }

  /** A change that was refused or failed; the message is meant for an operator. */
  public static final class MembershipException extends RuntimeException {
    private final Failure failure;

    public MembershipException(Failure failure, String message) {
      super(message);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** Heartbeats go out every ~half election timeout; three whole timeouts of silence is not load. */
  private static final int SILENCE_TIMEOUTS = 3;

  private final TopologyRaftServer server;
  private final RaftTuning tuning;
  private final RaftTls tls;

  public RaftMembership(TopologyRaftServer server, RaftTuning tuning, RaftTls tls) {
    this.server = server;
    this.tuning = tuning;
    this.tls = tls;
  }

  /** A follower the leader has not heard from for longer than this does not count as live. */
  public static Duration silenceLimit(RaftTuning tuning) {
    return tuning.electionTimeoutMax().multipliedBy(SILENCE_TIMEOUTS);
  }

  /** The voting members of the configuration this node has (the latest it knows, committed or not). */
  public List<RaftMember> members() {
    try {
      return toMembers(server.division().getRaftConf().getCurrentPeers());
    } catch (IOException e) {
      throw new MembershipException(Failure.UNREACHABLE, "this node's Raft division is not running: " + e.getMessage());
    }
  }

  /** Adds {@code peer} as a voting member; returns the new configuration. */
  public List<RaftMember> add(RaftMember peer, Duration timeout) {
    List<RaftMember> current = members();
    for (RaftMember m : current) {
      if (m.id().equals(peer.id())) {
        throw new MembershipException(Failure.ALREADY_MEMBER, "'" + peer.id() + "' is already a member (at "
            + m.address() + ")");
      }
      if (m.address().equals(peer.address())) {
        throw new MembershipException(Failure.INVALID, "address " + peer.address() + " already belongs to member '"
            + m.id() + "'");
      }
    }
    requireAnswers(peer);
    List<RaftMember> next = new ArrayList<>(current);
    next.add(peer);
    requireLiveMajority(current, next, peer.id());
    change(current, next, timeout);
    return next;
  }

  /** Removes member {@code id}; returns the new configuration. The removed server stops its division. */
  public List<RaftMember> remove(String id, Duration timeout) {
    List<RaftMember> current = members();
    List<RaftMember> next = current.stream().filter(m -> !m.id().equals(id)).toList();
    if (next.size() == current.size()) {
      throw new MembershipException(Failure.NOT_FOUND, "'" + id + "' is not a member; members are "
          + ids(current));
    }
    if (next.isEmpty()) {
      throw new MembershipException(Failure.REFUSED, "cannot remove the last member '" + id + "'");
    }
    requireLiveMajority(current, next, null);
    change(current, next, timeout);
    return next;
  }

  /**
   * Joint consensus needs a majority of the current and of the new configuration: both must have one
   * that the leader hears from, or the change could not commit and would leave the group stuck in it.
   */
  private void requireLiveMajority(List<RaftMember> current, List<RaftMember> next, String vouched) {
    LeaderView view = new LeaderViewReader(server, tuning, tls, PROBE_TIMEOUT).read();
    Set<String> closed = new TreeSet<>();
    for (RaftMember m : java.util.stream.Stream.concat(current.stream(), next.stream()).distinct().toList()) {
      if (!m.id().equals(view.leaderId()) && !m.id().equals(vouched) && !acceptsConnections(m)) {
        closed.add(m.id());
      }
    }
    Set<String> vouchedIds = vouched == null ? Set.of() : Set.of(vouched);
    long limit = silenceLimit(tuning).toMillis();
    for (List<RaftMember> conf : List.of(current, next)) {
      LiveMajority.Verdict v = LiveMajority.judge(conf.stream().map(RaftMember::id).toList(), view, closed,
          vouchedIds, limit);
      if (!v.hasMajority()) {
        String which = conf == current ? "the current configuration " + ids(conf) + " has"
            : "the new configuration " + ids(conf) + " would have";
        throw new MembershipException(Failure.REFUSED, which + " no majority that the leader hears from; unreachable: " + v.describeUnreachable() + "; refusing a change that could not "
            + "commit (bring them back first)");
      }
    }
  }

  private void change(List<RaftMember> current, List<RaftMember> next, Duration timeout) {
    RaftClient client = AdminClients.open(
        RaftGroup.valueOf(RaftGroups.GROUP_ID, current.stream().map(RaftGroups::peer).toList()), tuning, tls, timeout,
        RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            (int) Math.max(1, timeout.toMillis() / 100), TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)));
    SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
        .setServersInCurrentConf(current.stream().map(RaftGroups::peer).toList())
        .setServersInNewConf(next.stream().map(RaftGroups::peer).toList())
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
        .build();
    CompletableFuture<RaftClientReply> call = CompletableFuture.supplyAsync(() -> {
      try {
        return client.admin().setConfiguration(args);
      } catch (IOException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    try {
      RaftClientReply reply = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!reply.isSuccess()) {
        throw translate(reply.getException(), next);
      }
    } catch (TimeoutException e) {
      throw new MembershipException(Failure.TIMEOUT, "the change to " + ids(next) + " did not finish within "
          + timeout.toMillis() + " ms; it may still complete (check 'raft-sentinel status')");
    } catch (ExecutionException e) {
      throw translate(e.getCause() == null ? e : e.getCause(), next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MembershipException(Failure.TIMEOUT, "interrupted");
    } finally {
      try {
        client.close();
      } catch (IOException ignored) {
        // closing a client only releases channels
      }
    }
  }

  private static MembershipException translate(Throwable t, List<RaftMember> next) {
    Throwable e = t;
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof MembershipException me) {
      return me;
    }
    if (e instanceof ReconfigurationInProgressException) {
      return new MembershipException(Failure.CONFLICT, "another configuration change is in progress; retry");
    }
    if (e instanceof SetConfigurationException) {
      return new MembershipException(Failure.CONFLICT, "configuration change to " + ids(next) + " refused: "
          + e.getMessage() + " (the configuration may have changed meanwhile; retry)");
    }
    return new MembershipException(Failure.UNREACHABLE, "configuration change to " + ids(next) + " failed: "
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  /** The peer's Raft server must reply to a group-list call: a frozen process does not, though its port accepts. */
  private void requireAnswers(RaftMember m) {
    RaftPeer peer = RaftGroups.peer(m);
    try (RaftClient client = AdminClients.once(RaftGroup.valueOf(RaftGroups.GROUP_ID, peer), tuning, tls,
        PROBE_TIMEOUT)) {
      client.getGroupManagementApi(peer.getId()).list();
    } catch (IOException | StatusRuntimeException e) {
      // Ratis's blocking admin calls throw gRPC's status exception (not an IOException) on a deadline.
      throw new MembershipException(Failure.UNREACHABLE, "peer '" + m.id() + "' does not answer at " + m.address()
          + " within " + PROBE_TIMEOUT.toMillis() + " ms (start it with 'raft-join yes' first): " + e.getMessage());
    }
  }

  /** False only when the port refuses or the connect times out: certainly not a running member. */
  private static boolean acceptsConnections(RaftMember m) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(m.host(), m.port()), (int) PROBE_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static List<RaftMember> toMembers(java.util.Collection<RaftPeer> peers) {
    return peers.stream().map(p -> new RaftMember(p.getId().toString(), p.getAddress()))
        .sorted(Comparator.comparing(RaftMember::id)).toList();
  }

  private static String ids(List<RaftMember> ms) {
    return "{" + String.join(",", ms.stream().map(RaftMember::id).toList()) + "}";
  }
}
