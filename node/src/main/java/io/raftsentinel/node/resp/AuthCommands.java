package io.raftsentinel.node.resp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** AUTH and HELLO: password authentication of the {@code default} user and the RESP3 switch. */
final class AuthCommands {
  static final String NOAUTH = "NOAUTH Authentication required.";
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  static final String VERSION = "7.0.15";
  private static final String DEFAULT_USER = "default";

  private final ServerContext ctx;

  AuthCommands(ServerContext ctx) {
    this.ctx = ctx;
  }

  Reply auth(ConnectionState c, Request r) {
    if (r.argc() > 3) {
      return Reply.error("ERR syntax error");
    }
    if (r.argc() == 2 && !ctx.config().authRequired()) {
      return Reply.error("ERR AUTH <password> called without any password configured for the default user. "
          + "Are you sure your configuration is correct?");
    }
    String user = r.argc() == 3 ? r.arg(1) : DEFAULT_USER;
    String pass = r.argc() == 3 ? r.arg(2) : r.arg(1);
    if (!check(user, pass)) {
      return Reply.error(WRONGPASS);
    }
    c.authenticated(true);
    return Reply.OK;
  }

  Reply hello(ConnectionState c, Request r) {
    int version = c.protocol();
    if (r.argc() >= 2) {
      Long v = Numbers.parseLong(r.arg(1));
      if (v == null) {
        return Reply.error("ERR Protocol version is not an integer or out of range");
      }
      if (v < 2 || v > 3) {
        return Reply.error("NOPROTO unsupported protocol version");
      }
      version = (int) (long) v;
    }
    String user = null;
    String pass = null;
    String name = null;
    for (int j = 2; j < r.argc(); j++) {
      int more = r.argc() - 1 - j;
      String opt = r.keyword(j);
      if (opt.equals("auth") && more >= 2) {
        user = r.arg(j + 1);
        pass = r.arg(j + 2);
        j += 2;
      } else if (opt.equals("setname") && more >= 1) {
        name = r.arg(j + 1);
        if (!ClientCommands.validName(name)) {
          return Reply.error(ClientCommands.BAD_NAME);
        }
        j++;
      } else {
        return Reply.error("ERR Syntax error in HELLO option '" + r.arg(j) + "'");
      }
    }
    if (user != null) {
      if (!check(user, pass)) {
        return Reply.error(WRONGPASS);
      }
      c.authenticated(true);
    }
    if (!c.authenticated()) {
      return Reply.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
          + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
          + "protocol version at the same time");
    }
    if (name != null) {
      c.name(name);
    }
    c.protocol(version);
    return new MapBuilder()
        .put("server", "redis")
        .put("version", VERSION)
        .put("proto", Reply.integer(version))
        .put("id", Reply.integer(c.id()))
        .put("mode", "sentinel")
        .put("modules", Reply.array(List.of()))
        .build();
  }

  /** The only user is {@code default}: any password when none is configured, else requirepass. */
  private boolean check(String user, String pass) {
    if (!user.equals(DEFAULT_USER)) {
      return false;
    }
    if (!ctx.config().authRequired()) {
      return true;
    }
    return MessageDigest.isEqual(pass.getBytes(StandardCharsets.UTF_8),
        ctx.config().requirepass().getBytes(StandardCharsets.UTF_8));
  }
}
