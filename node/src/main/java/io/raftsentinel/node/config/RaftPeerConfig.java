package io.raftsentinel.node.config;

import java.util.Objects;

/** Another member of this node's Raft group: its raft-id and the address its Raft server listens on. */
public record RaftPeerConfig(String id, HostPort address) {

  public RaftPeerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }
}
