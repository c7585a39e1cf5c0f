package io.raftsentinel.raftstate.ratis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/** The group identity: a fixed id (its storage directory is named after it) and the members. */
public final class RaftGroups {
  /** Stable across restarts: a new id would start an empty group next to the old data. */
  public static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("raft-sentinel/topology".getBytes(StandardCharsets.UTF_8)));

  private RaftGroups() {}

  public static RaftGroup group(List<RaftMember> members) {
    return RaftGroup.valueOf(GROUP_ID, members.stream().map(RaftGroups::peer).toList());
  }

  static RaftPeer peer(RaftMember m) {
    return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(m.id())).setAddress(m.address()).build();
  }
}
