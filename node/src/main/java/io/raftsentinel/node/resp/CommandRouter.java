package io.raftsentinel.node.resp;

import java.util.Locale;

/**
 * Runs a request through Redis 7's checks in Redis's order — unknown command or subcommand, arity,
 * authentication, RESP2 subscribed mode — and then its handler.
 */
final class CommandRouter {
  private final CommandTable table;
  private final ServerContext ctx;

  CommandRouter(CommandTable table, ServerContext ctx) {
    this.table = table;
    this.ctx = ctx;
  }

  Reply route(ConnectionState c, Request r) {
    ctx.stats().commandProcessed();
    CommandSpec spec = table.find(r.arg(0));
    if (spec == null) {
      return unknownCommand(r);
    }
    if (!spec.subcommands().isEmpty() && r.argc() >= 2) {
      CommandSpec sub = spec.subcommands().get(r.keyword(1));
      if (sub == null) {
        return Reply.error("ERR unknown subcommand '" + clip(r.arg(1)) + "'. Try "
            + r.arg(0).toUpperCase(Locale.ROOT) + " HELP.");
      }
      spec = sub;
    }
    c.touched(ctx.nowMs(), spec.name());
    if (!spec.arityMatches(r.argc())) {
      return Reply.error("ERR wrong number of arguments for '" + spec.name() + "' command");
    }
    if (!c.authenticated() && !spec.allowedWithoutAuth()) {
      return Reply.error(AuthCommands.NOAUTH);
    }
    if (c.inSubscribedMode() && !spec.allowedWhileSubscribed()) {
      return Reply.error("ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING"
          + " / QUIT / RESET are allowed in this context");
    }
    if (spec.handler() == null) {
      return Reply.error("ERR wrong number of arguments for '" + spec.name() + "' command");
    }
    return spec.handler().handle(c, r);
  }

  /** Redis's text: each argument quoted and followed by a space, at most about 128 characters of them. */
  static Reply unknownCommand(Request r) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < r.argc() && args.length() < 128; i++) {
      String a = r.arg(i);
      int room = 128 - args.length();
      args.append('\'').append(a.length() > room ? a.substring(0, room) : a).append("' ");
    }
    return Reply.error("ERR unknown command '" + clip(r.arg(0)) + "', with args beginning with: " + args);
  }

  private static String clip(String s) {
    return s.length() > 128 ? s.substring(0, 128) : s;
  }
}
