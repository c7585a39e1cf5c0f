package io.raftsentinel.node.resp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** COMMAND, COMMAND COUNT / LIST / INFO / DOCS / HELP over this endpoint's command table. */
final class IntrospectionCommands {
  private final CommandTable table;

  IntrospectionCommands(CommandTable table) {
    this.table = table;
  }

  Reply all(ConnectionState c, Request r) {
    List<Reply> out = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      out.add(describe(spec));
    }
    return new Reply.Array(out);
  }

  Reply count(ConnectionState c, Request r) {
    return Reply.integer(table.all().size());
  }

  /** Every name, subcommands as {@code container|sub}; the FILTERBY option is not supported. */
  Reply list(ConnectionState c, Request r) {
    if (r.argc() > 2) {
      return Reply.error("ERR syntax error");
    }
    List<String> names = new ArrayList<>();
    for (CommandSpec spec : table.all()) {
      names.add(spec.name());
      for (CommandSpec sub : spec.subcommands().values()) {
        names.add(sub.name());
      }
    }
    return Reply.bulkArray(names);
  }

  Reply info(ConnectionState c, Request r) {
    if (r.argc() == 2) {
      return all(c, r);
    }
    List<Reply> out = new ArrayList<>();
    for (int j = 2; j < r.argc(); j++) {
      CommandSpec spec = lookup(r.arg(j));
      out.add(spec == null ? Reply.NULL_ARRAY : describe(spec));
    }
    return new Reply.Array(out);
  }

  Reply docs(ConnectionState c, Request r) {
    MapBuilder out = new MapBuilder();
    if (r.argc() == 2) {
      for (CommandSpec spec : table.all()) {
        out.put(spec.name(), doc(spec));
      }
    }
    for (int j = 2; j < r.argc(); j++) {
      CommandSpec spec = lookup(r.arg(j));
      if (spec != null) {
        out.put(spec.name(), doc(spec));
      }
    }
    return out.build();
  }

  Reply help(ConnectionState c, Request r) {
    return HelpText.reply("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", List.of(
        "(no subcommand)", "    Return details about all commands.",
        "COUNT", "    Return the total number of commands in this server.",
        "LIST", "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]", "    Return details about multiple commands.",
        "DOCS [<command-name> ...]", "    Return documentation details about multiple commands."));
  }

  /** A top-level name or {@code container|sub}. */
  private CommandSpec lookup(String name) {
    int bar = name.indexOf('|');
    if (bar < 0) {
      return table.find(name);
    }
    CommandSpec container = table.find(name.substring(0, bar));
    return container == null ? null
        : container.subcommands().get(name.substring(bar + 1).toLowerCase(Locale.ROOT));
  }

  /** Redis 7's 10-element command info: name, arity, flags, keys (none), categories, tips, key specs, subs. */
  private static Reply describe(CommandSpec spec) {
    List<Reply> flags = new ArrayList<>();
    for (String f : spec.flags()) {
      flags.add(new Reply.Simple(f));
    }
    List<Reply> categories = new ArrayList<>();
    for (String cat : spec.categories()) {
      categories.add(new Reply.Simple(cat));
    }
    List<Reply> subs = new ArrayList<>();
    for (CommandSpec sub : spec.subcommands().values()) {
      subs.add(describe(sub));
    }
    return Reply.array(List.of(Reply.bulk(spec.name()), Reply.integer(spec.arity()), new Reply.Array(flags),
        Reply.integer(0), Reply.integer(0), Reply.integer(0), new Reply.Array(categories), Reply.EMPTY_ARRAY,
        Reply.EMPTY_ARRAY, new Reply.Array(subs)));
  }

  private static Reply doc(CommandSpec spec) {
    MapBuilder b = new MapBuilder()
        .put("summary", spec.summary())
        .put("since", spec.group().equals("sentinel") ? "2.8.4" : "1.0.0")
        .put("group", spec.group())
        .put("complexity", "O(1)");
    if (!spec.subcommands().isEmpty()) {
      MapBuilder subs = new MapBuilder();
      for (CommandSpec sub : spec.subcommands().values()) {
        subs.put(sub.name(), doc(sub));
      }
      b.put("subcommands", subs.build());
    }
    return b.build();
  }
}
