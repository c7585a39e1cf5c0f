package io.raftsentinel.node.resp;

import java.util.List;
import java.util.Map;

/**
 * One entry of the command table: Redis's arity convention (negative = at least), flags, ACL
 * categories and documentation for COMMAND, and the handler. Container commands (SENTINEL, CLIENT,
 * COMMAND) carry their subcommands, named {@code container|sub}.
 */
record CommandSpec(
    String name,
    int arity,
    List<String> flags,
    List<String> categories,
    String group,
    String summary,
    Handler handler,
    Map<String, CommandSpec> subcommands) {

  CommandSpec {
    flags = List.copyOf(flags);
    categories = List.copyOf(categories);
    subcommands = subcommands == null ? Map.of() : subcommands;
  }

  boolean arityMatches(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }

  boolean allowedWithoutAuth() {
    return flags.contains("no_auth");
  }

  /** Allowed on a RESP2 connection in subscribed mode. */
  boolean allowedWhileSubscribed() {
    return flags.contains("pubsub") || name.equals("ping") || name.equals("quit");
  }

  /** The name without its container, as COMMAND DOCS keys subcommands. */
  String shortName() {
    int bar = name.indexOf('|');
    return bar < 0 ? name : name.substring(bar + 1);
  }
}
