package io.raftsentinel.node.redis;

import java.util.List;

/**
 * The {@code ROLE} reply: {@code master} (with its offset), {@code slave} (with its master, link state
 * and offset) or {@code sentinel}. Fields that do not apply are "" / 0.
 */
public record RoleReply(String role, String masterHost, int masterPort, String linkState, long offset) {

  public boolean isMaster() {
    return "master".equals(role);
  }

  /** Parses Lettuce's raw ROLE list; a malformed reply is an {@link IllegalArgumentException}. */
  static RoleReply parse(List<Object> raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("empty ROLE reply");
    }
    String role = String.valueOf(raw.get(0));
    try {
      switch (role) {
        case "master":
          return new RoleReply(role, "", 0, "", raw.size() > 1 ? toLong(raw.get(1)) : 0);
        case "slave":
          return new RoleReply(role, String.valueOf(raw.get(1)), (int) toLong(raw.get(2)),
              String.valueOf(raw.get(3)), raw.size() > 4 ? toLong(raw.get(4)) : 0);
        default:
          return new RoleReply(role, "", 0, "", 0);
      }
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw new IllegalArgumentException("malformed ROLE reply " + raw, e);
    }
  }

  private static long toLong(Object o) {
    return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
  }
}
