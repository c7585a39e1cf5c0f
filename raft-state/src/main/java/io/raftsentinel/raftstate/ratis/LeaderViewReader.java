package io.raftsentinel.raftstate.ratis;

import io.raftsentinel.raftstate.ratis.RaftMembership.Failure;
import io.raftsentinel.raftstate.ratis.RaftMembership.MembershipException;
import java.io.IOException;
import java.time.Duration;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;

/**
 * Reads the {@link LeaderView}: from this node's own division when it leads, otherwise from the
 * leader with a Ratis group-info call (the leader's role info lists each follower with the time
 * since its last reply). Refusals are {@link MembershipException}s for an operator.
 */
final class LeaderViewReader {
  private final TopologyRaftServer server;
  private final RaftTuning tuning;
  private final RaftTls tls;
  private final Duration timeout;

  LeaderViewReader(TopologyRaftServer server, RaftTuning tuning, RaftTls tls, Duration timeout) {
    this.server = server;
    this.tuning = tuning;
    this.tls = tls;
    this.timeout = timeout;
  }

  LeaderView read() {
    RaftServer.Division division;
    try {
      division = server.division();
    } catch (IOException e) {
      throw new MembershipException(Failure.UNREACHABLE, "this node's Raft division is not running: " + e.getMessage());
    }
    DivisionInfo info = division.getInfo();
    RaftPeerId leader = info.getLeaderId();
    if (leader == null) {
      throw new MembershipException(Failure.UNREACHABLE, "this node knows no Raft leader; retry once the group has one");
    }
    RoleInfoProto role = info.isLeader() ? info.getRoleInfoProto() : askLeader(division, leader);
    if (role.getRole() != RaftPeerRole.LEADER || !role.hasLeaderInfo()) {
      throw new MembershipException(Failure.CONFLICT, "'" + leader + "' is no longer the Raft leader; retry");
    }
    return LeaderView.of(leader.toString(), role);
  }

  private RoleInfoProto askLeader(RaftServer.Division division, RaftPeerId leader) {
    RaftPeer peer = division.getRaftConf().getPeer(leader);
    if (peer == null) {
      throw new MembershipException(Failure.CONFLICT, "leader '" + leader + "' is not in this node's configuration "
          + "(a change is under way?); retry");
    }
    try (RaftClient client = AdminClients.once(RaftGroup.valueOf(RaftGroups.GROUP_ID, peer), tuning, tls, timeout)) {
      return client.getGroupManagementApi(leader).info(RaftGroups.GROUP_ID).getRoleInfoProto();
    } catch (IOException | StatusRuntimeException e) {
      // Ratis's blocking admin calls throw gRPC's status exception (not an IOException) on a deadline.
      throw new MembershipException(Failure.UNREACHABLE, "the Raft leader '" + leader + "' at " + peer.getAddress()
          + " did not report its followers within " + timeout.toMillis() + " ms: " + e.getMessage());
    }
  }
}
