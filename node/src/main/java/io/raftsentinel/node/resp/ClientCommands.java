package io.raftsentinel.node.resp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** CLIENT ID / SETNAME / GETNAME / INFO / LIST / KILL / SETINFO / NO-EVICT / HELP. */
final class ClientCommands {
  static final String BAD_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

  private final ServerContext ctx;

  ClientCommands(ServerContext ctx) {
    this.ctx = ctx;
  }

  static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < '!' || ch > '~') {
        return false;
      }
    }
    return true;
  }

  Reply id(ConnectionState c, Request r) {
    return Reply.integer(c.id());
  }

  Reply setname(ConnectionState c, Request r) {
    if (!validName(r.arg(2))) {
      return Reply.error(BAD_NAME);
    }
    c.name(r.arg(2));
    return Reply.OK;
  }

  Reply getname(ConnectionState c, Request r) {
    return c.name().isEmpty() ? Reply.NULL_BULK : Reply.bulk(c.name());
  }

  Reply info(ConnectionState c, Request r) {
    return Reply.bulk(describe(c) + "\n");
  }

  Reply setinfo(ConnectionState c, Request r) {
    String attr = r.keyword(2);
    String value = r.arg(3);
    if (!attr.equals("lib-name") && !attr.equals("lib-ver")) {
      return Reply.error("ERR Unrecognized option '" + r.arg(2) + "'");
    }
    if (!validName(value)) {
      return Reply.error("ERR " + attr + " cannot contain spaces, newlines or special characters.");
    }
    if (attr.equals("lib-name")) {
      c.libName(value);
    } else {
      c.libVersion(value);
    }
    return Reply.OK;
  }

  Reply noEvict(ConnectionState c, Request r) {
    String mode = r.keyword(2);
    return mode.equals("on") || mode.equals("off") ? Reply.OK : Reply.error("ERR syntax error");
  }

  Reply list(ConnectionState c, Request r) {
    Predicate<ConnectionState> filter = x -> true;
    for (int j = 2; j < r.argc(); j++) {
      String opt = r.keyword(j);
      if (opt.equals("type") && j + 1 < r.argc()) {
        Predicate<ConnectionState> type = typeFilter(r.arg(j + 1));
        if (type == null) {
          return Reply.error("ERR Unknown client type '" + r.arg(j + 1) + "'");
        }
        filter = filter.and(type);
        j++;
      } else if (opt.equals("id") && j + 1 < r.argc()) {
        List<Long> ids = new ArrayList<>();
        for (j = j + 1; j < r.argc(); j++) {
          Long id = Numbers.parseLong(r.arg(j));
          if (id == null || id < 1) {
            return Reply.error("ERR Invalid client ID");
          }
          ids.add(id);
        }
        filter = filter.and(x -> ids.contains(x.id()));
      } else {
        return Reply.error("ERR syntax error");
      }
    }
    StringBuilder out = new StringBuilder();
    for (ConnectionState x : ctx.clients().all()) {
      if (filter.test(x)) {
        out.append(describe(x)).append('\n');
      }
    }
    return Reply.bulk(out.toString());
  }

  Reply kill(ConnectionState c, Request r) {
    if (r.argc() == 3) {
      for (ConnectionState x : ctx.clients().all()) {
        if (format(x.channel().remoteAddress()).equals(r.arg(2))) {
          close(c, x);
          return Reply.OK;
        }
      }
      return Reply.error("ERR No such client");
    }
    if (r.argc() % 2 != 0) {
      return Reply.error("ERR syntax error");
    }
    Predicate<ConnectionState> filter = x -> true;
    boolean skipMe = true;
    for (int j = 2; j < r.argc(); j += 2) {
      String opt = r.keyword(j);
      String value = r.arg(j + 1);
      switch (opt) {
        case "id" -> {
          Long id = Numbers.parseLong(value);
          if (id == null || id < 1) {
            return Reply.error("ERR client-id should be greater than 0");
          }
          filter = filter.and(x -> x.id() == id);
        }
        case "type" -> {
          Predicate<ConnectionState> type = typeFilter(value);
          if (type == null) {
            return Reply.error("ERR Unknown client type '" + value + "'");
          }
          filter = filter.and(type);
        }
        case "addr" -> filter = filter.and(x -> format(x.channel().remoteAddress()).equals(value));
        case "laddr" -> filter = filter.and(x -> format(x.channel().localAddress()).equals(value));
        case "user" -> filter = filter.and(x -> value.equals("default"));
        case "skipme" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (!v.equals("yes") && !v.equals("no")) {
            return Reply.error("ERR syntax error");
          }
          skipMe = v.equals("yes");
        }
        default -> {
          return Reply.error("ERR syntax error");
        }
      }
    }
    int killed = 0;
    for (ConnectionState x : ctx.clients().all()) {
      if (filter.test(x) && !(skipMe && x == c)) {
        close(c, x);
        killed++;
      }
    }
    return Reply.integer(killed);
  }

  Reply help(ConnectionState c, Request r) {
    return HelpText.reply("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", List.of(
        "GETNAME", "    Return the name of the current connection.",
        "ID", "    Return the ID of the current connection.",
        "INFO", "    Return information about the current client connection.",
        "KILL <ip:port>", "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are: ID <client-id>, TYPE (normal|master|replica|pubsub),",
        "    USER <username>, ADDR <ip:port>, LADDR <ip:port>, SKIPME (YES|NO).",
        "LIST [TYPE (normal|master|replica|pubsub)] [ID <client-id> [...]]",
        "    Return information about client connections.",
        "NO-EVICT (ON|OFF)", "    Accepted for compatibility; has no effect.",
        "SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client library name or version.",
        "SETNAME <name>", "    Assign the name <name> to the current connection."));
  }

  private static void close(ConnectionState self, ConnectionState target) {
    if (target == self) {
      self.closeAfterReply(true);
    } else {
      target.channel().close();
    }
  }

  private static Predicate<ConnectionState> typeFilter(String type) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "normal" -> x -> x.subscriptionCount() == 0;
      case "pubsub" -> x -> x.subscriptionCount() > 0;
      case "master", "replica", "slave" -> x -> false;
      default -> null;
    };
  }

  /** One CLIENT LIST line, with Redis 7's field names (memory figures are not tracked: 0). */
  String describe(ConnectionState x) {
    long now = ctx.nowMs();
    return "id=" + x.id()
        + " addr=" + format(x.channel().remoteAddress())
        + " laddr=" + format(x.channel().localAddress())
        + " fd=-1 name=" + x.name()
        + " age=" + (now - x.createdAtMs()) / 1000
        + " idle=" + (now - x.lastInteractionMs()) / 1000
        + " flags=" + (x.subscriptionCount() > 0 ? "P" : "N")
        + " db=0 sub=" + x.channels().size()
        + " psub=" + x.patterns().size()
        + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0"
        + " events=r cmd=" + x.lastCommand()
        + " user=default redir=-1 resp=" + x.protocol()
        + " lib-name=" + x.libName()
        + " lib-ver=" + x.libVersion();
  }

  static String format(SocketAddress address) {
    if (address instanceof InetSocketAddress a) {
      String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }
    return String.valueOf(address);
  }
}
