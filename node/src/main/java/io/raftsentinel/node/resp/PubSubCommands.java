package io.raftsentinel.node.resp;

import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE / PSUBSCRIBE / UNSUBSCRIBE / PUNSUBSCRIBE on the event channels. */
final class PubSubCommands {

  Reply subscribe(ConnectionState c, Request r) {
    List<Reply> out = new ArrayList<>();
    for (int j = 1; j < r.argc(); j++) {
      c.addChannel(r.arg(j));
      out.add(confirmation("subscribe", r.arg(j), c));
    }
    return new Reply.Multi(out);
  }

  Reply psubscribe(ConnectionState c, Request r) {
    List<Reply> out = new ArrayList<>();
    for (int j = 1; j < r.argc(); j++) {
      c.addPattern(r.arg(j));
      out.add(confirmation("psubscribe", r.arg(j), c));
    }
    return new Reply.Multi(out);
  }

  Reply unsubscribe(ConnectionState c, Request r) {
    List<String> targets = r.argc() > 1 ? r.args().subList(1, r.argc()) : new ArrayList<>(c.channels());
    List<Reply> out = new ArrayList<>();
    for (String ch : targets) {
      c.removeChannel(ch);
      out.add(confirmation("unsubscribe", ch, c));
    }
    if (out.isEmpty()) {
      out.add(confirmation("unsubscribe", null, c));
    }
    return new Reply.Multi(out);
  }

  Reply punsubscribe(ConnectionState c, Request r) {
    List<String> targets = r.argc() > 1 ? r.args().subList(1, r.argc()) : new ArrayList<>(c.patterns());
    List<Reply> out = new ArrayList<>();
    for (String p : targets) {
      c.removePattern(p);
      out.add(confirmation("punsubscribe", p, c));
    }
    if (out.isEmpty()) {
      out.add(confirmation("punsubscribe", null, c));
    }
    return new Reply.Multi(out);
  }

  private static Reply confirmation(String kind, String name, ConnectionState c) {
    return new Reply.Push(List.of(Reply.bulk(kind), Reply.bulkOrNull(name), Reply.integer(c.subscriptionCount())));
  }
}
