package io.raftsentinel.node.redis;

import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one instance: address, optional credentials ({@code auth-user} empty means plain
 * {@code AUTH <pass>}; {@code auth-pass} empty means no AUTH), the {@code CLIENT SETNAME} value and the
 * time-out applied to every command.
 */
public record RedisEndpoint(
    InstanceAddress address, String authUser, String authPass, String clientName, Duration commandTimeout) {

  public RedisEndpoint {
    Objects.requireNonNull(address, "address");
    authUser = authUser == null ? "" : authUser;
    authPass = authPass == null ? "" : authPass;
    clientName = clientName == null ? "" : clientName;
    if (address.port() < 1 || address.port() > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + address.port());
    }
    if (clientName.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("client name must not contain spaces: '" + clientName + "'");
    }
    if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive, got " + commandTimeout);
    }
  }

  /**
   * Start of every node's connection name: a role change spares these connections (the other nodes'
   * probes), so that a promotion is not followed by a reconnect that can look like the new master down.
   */
  public static final String NODE_CLIENT_PREFIX = "raft-sentinel-";

  /** Sentinel-style client name for a node id: {@code raft-sentinel-<first 8 chars>}. */
  public static String clientNameFor(String nodeId) {
    String clean = nodeId == null ? "" : nodeId.replaceAll("[^A-Za-z0-9_.-]", "");
    return NODE_CLIENT_PREFIX + clean.substring(0, Math.min(8, clean.length()));
  }

  /** Secrets are never printed. */
  @Override
  public String toString() {
    return "RedisEndpoint[" + address + ", user=" + (authUser.isEmpty() ? "-" : authUser)
        + ", pass=" + (authPass.isEmpty() ? "-" : "***") + ", name=" + clientName + ", timeout=" + commandTimeout
        + "]";
  }
}
