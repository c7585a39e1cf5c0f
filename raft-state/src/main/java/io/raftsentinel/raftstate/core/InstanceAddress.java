package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.Address;

/** A Redis instance's host and port; ordered by host, then port. */
public record InstanceAddress(String host, int port) implements Comparable<InstanceAddress> {

  public InstanceAddress {
    if (host == null) {
      throw new IllegalArgumentException("host is null");
    }
  }

  public static InstanceAddress of(Address address) {
    return new InstanceAddress(address.getHost(), address.getPort());
  }

  public Address toProto() {
    return Address.newBuilder().setHost(host).setPort(port).build();
  }

  /** Sentinel's replica name: {@code ip:port}, IPv6 in brackets. */
  public String name() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public int compareTo(InstanceAddress other) {
    int byHost = host.compareTo(other.host);
    return byHost != 0 ? byHost : Integer.compare(port, other.port);
  }

  @Override
  public String toString() {
    return name();
  }
}
