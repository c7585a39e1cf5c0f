package io.raftsentinel.node.resp;

import java.util.List;
import java.util.Locale;

/** One decoded command: its arguments, the command name first (never empty). */
record Request(List<String> args) {

  Request {
    args = List.copyOf(args);
    if (args.isEmpty()) {
      throw new IllegalArgumentException("a request has at least the command name");
    }
  }

  static Request of(String... args) {
    return new Request(List.of(args));
  }

  String arg(int i) {
    return args.get(i);
  }

  int argc() {
    return args.size();
  }

  /** Argument {@code i} in lower case, for case-insensitive keywords. */
  String keyword(int i) {
    return args.get(i).toLowerCase(Locale.ROOT);
  }
}
