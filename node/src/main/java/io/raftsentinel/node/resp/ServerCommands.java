package io.raftsentinel.node.resp;

import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.List;

/** PING, ROLE, QUIT, SHUTDOWN and PUBLISH. */
final class ServerCommands {
  private final ServerContext ctx;

  ServerCommands(ServerContext ctx) {
    this.ctx = ctx;
  }

  Reply ping(ConnectionState c, Request r) {
    if (r.argc() > 2) {
      return Reply.error("ERR wrong number of arguments for 'ping' command");
    }
    if (c.inSubscribedMode()) {
      return Reply.array(List.of(Reply.bulk("pong"), Reply.bulk(r.argc() > 1 ? r.arg(1) : "")));
    }
    return r.argc() > 1 ? Reply.bulk(r.arg(1)) : new Reply.Simple("PONG");
  }

  Reply role(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    List<String> names = new ArrayList<>(state.masters().keySet());
    return Reply.array(List.of(Reply.bulk("sentinel"), Reply.bulkArray(names)));
  }

  /** Accepted although Sentinel 7.0 does not know it: Jedis pools send QUIT on destroy. */
  Reply quit(ConnectionState c, Request r) {
    c.closeAfterReply(true);
    return Reply.OK;
  }

  /**
   * Refused: a sentinel node holds a Raft vote, so stopping it is an operator's decision made on the
   * host (or its service manager), not something any client that knows the password may do.
   */
  Reply shutdown(ConnectionState c, Request r) {
    return Reply.error("ERR SHUTDOWN is disabled on raft-sentinel's RESP port; stop the node process instead");
  }

  /** Sentinel accepts only hello gossip here; raft-sentinel agrees through Raft and takes none. */
  Reply publish(ConnectionState c, Request r) {
    return Reply.error("ERR Only HELLO messages are accepted by Sentinel instances.");
  }
}
