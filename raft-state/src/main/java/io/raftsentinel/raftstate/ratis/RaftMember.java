package io.raftsentinel.raftstate.ratis;

/** One server of the Raft group: its stable id and its {@code host:port} for Raft traffic. */
public record RaftMember(String id, String address) {

  public RaftMember {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("raft member id is empty");
    }
    if (address == null || address.lastIndexOf(':') <= 0) {
      throw new IllegalArgumentException("raft member address must be host:port, got '" + address + "'");
    }
  }

  public int port() {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  public String host() {
    String h = address.substring(0, address.lastIndexOf(':'));
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
