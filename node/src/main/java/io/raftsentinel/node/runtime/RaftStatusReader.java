package io.raftsentinel.node.runtime;

import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.raftstate.ratis.RaftMember;
import io.raftsentinel.raftstate.ratis.TopologyRaftServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/** Reads this node's Raft status from its division, translating Ratis's types into ours. */
final class RaftStatusReader {
  private final TopologyRaftServer server;

  RaftStatusReader(TopologyRaftServer server) {
    this.server = server;
  }

  RaftStatus read(String nodeId) {
    RaftServer.Division division;
    try {
      division = server.division();
    } catch (IOException e) {
      return new RaftStatus(nodeId, "down", "", 0, 0, 0, List.of());
    }
    DivisionInfo info = division.getInfo();
    String leader = info.getLeaderId() == null ? "" : info.getLeaderId().toString();
    long commit = division.getRaftLog().getLastCommittedIndex();
    long applied = server.stateMachine().appliedIndex();
    Map<String, Long> contact = lastContact(info.getRoleInfoProto(), leader);
    List<RaftStatus.Peer> peers = new ArrayList<>();
    var conf = division.getRaftConf();
    for (RaftMember m : members(conf)) {
      String role = m.id().equals(leader) ? "leader" : "follower";
      if (m.id().equals(nodeId)) {
        role = roleName(info.getCurrentRole());
      }
      boolean inConf = conf.getPeer(org.apache.ratis.protocol.RaftPeerId.valueOf(m.id())) != null;
      peers.add(new RaftStatus.Peer(m.id(), m.address(), role, m.id().equals(nodeId) ? 0 : contact.getOrDefault(m.id(),
          -1L), inConf));
    }
    return new RaftStatus(nodeId, roleName(info.getCurrentRole()), leader, info.getCurrentTerm(), commit, applied,
        peers);
  }

  /**
   * The members of the configuration this node has (both old and new during a change), so that a
   * membership change shows; before a joining node has been added, its configured peers and itself.
   */
  private List<RaftMember> members(org.apache.ratis.server.RaftConfiguration conf) {
    List<RaftMember> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    var peers = conf.getAllPeers().isEmpty() ? server.group().getPeers() : conf.getAllPeers();
    for (var p : peers) {
      if (seen.add(p.getId().toString())) {
        out.add(new RaftMember(p.getId().toString(), p.getAddress()));
      }
    }
    if (out.isEmpty()) {
      out.add(server.self());
    }
    out.sort(java.util.Comparator.comparing(RaftMember::id));
    return out;
  }

  /** Ms since the last RPC with each peer: a leader knows all followers, a follower its leader. */
  private static Map<String, Long> lastContact(RaftProtos.RoleInfoProto role, String leader) {
    Map<String, Long> out = new HashMap<>();
    if (role.hasLeaderInfo()) {
      for (RaftProtos.ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
        out.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
      }
    } else if (role.hasFollowerInfo() && !leader.isEmpty()) {
      out.put(leader, role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs());
    }
    return out;
  }

  static String roleName(RaftProtos.RaftPeerRole role) {
    return switch (role) {
      case LEADER -> "leader";
      case FOLLOWER -> "follower";
      case CANDIDATE -> "candidate";
      case LISTENER -> "listener";
      default -> "unknown";
    };
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
