package io.raftsentinel.node.config;

import java.util.Objects;

/**
 * A host (name, IPv4 or IPv6 literal without brackets) and a TCP port. {@link #toString()} gives the
 * form {@link #parse} reads: {@code host:port}, or {@code [v6]:port} when the host contains a colon.
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
  }

  /**
   * Reads {@code HOST:PORT} or {@code [IPV6]:PORT}; the port must be 1..65535.
   *
   * @throws IllegalArgumentException saying what is expected, quoting the input
   */
  public static HostPort parse(String text) {
    try {
      return Values.hostPort("address", text);
    } catch (ValueException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
