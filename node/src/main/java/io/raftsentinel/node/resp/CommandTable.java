package io.raftsentinel.node.resp;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/** The commands this endpoint knows, Sentinel's set plus QUIT, with their handlers. */
final class CommandTable {
  private static final List<String> ADMIN = List.of("admin", "sentinel");
  private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
  /** The same commands under their upper-case names (clients send either spelling). */
  private final Map<String, CommandSpec> upperCase = new HashMap<>();

  CommandTable(ServerContext ctx, IntSupplier boundPort) {
    InstanceReplies instances = new InstanceReplies(ctx);
    ServerCommands server = new ServerCommands(ctx);
    AuthCommands auth = new AuthCommands(ctx);
    ClientCommands client = new ClientCommands(ctx);
    SentinelQueries queries = new SentinelQueries(ctx, instances);
    SentinelWrites writes = new SentinelWrites(ctx);
    SentinelAdmin admin = new SentinelAdmin(ctx);
    PubSubCommands pubsub = new PubSubCommands();
    InfoCommand info = new InfoCommand(ctx, instances, boundPort);
    IntrospectionCommands introspection = new IntrospectionCommands(this);

    Map<String, CommandSpec> sentinel = new LinkedHashMap<>();
    sub(sentinel, "sentinel", "ckquorum", 3, ADMIN, "Checks for a Sentinel quorum.", queries::ckquorum);
    sub(sentinel, "sentinel", "config", -3, ADMIN, "Configures Sentinel.", admin::config);
    sub(sentinel, "sentinel", "debug", -2, ADMIN, "Lists or updates the current configurable parameters.",
        admin::debug);
    sub(sentinel, "sentinel", "failover", -3, ADMIN, "Forces a Sentinel failover.", writes::failover);
    sub(sentinel, "sentinel", "flushconfig", 2, ADMIN, "Rewrites the Sentinel configuration file.",
        admin::flushconfig);
    sub(sentinel, "sentinel", "get-master-addr-by-name", 3, ADMIN, "Returns the port and address of a master.",
        queries::getMasterAddrByName);
    sub(sentinel, "sentinel", "help", 2, List.of("loading", "stale", "sentinel"), "Returns helpful text.",
        admin::help);
    sub(sentinel, "sentinel", "info-cache", -3, ADMIN, "Returns the cached INFO replies from the deployment.",
        queries::infoCache);
    sub(sentinel, "sentinel", "is-master-down-by-addr", 6, ADMIN, "Determines whether a master is down.",
        queries::isMasterDownByAddr);
    sub(sentinel, "sentinel", "master", 3, ADMIN, "Returns the state of a master.", queries::master);
    sub(sentinel, "sentinel", "masters", 2, ADMIN, "Returns a list of monitored masters.", queries::masters);
    sub(sentinel, "sentinel", "monitor", 6, ADMIN, "Starts monitoring.", writes::monitor);
    sub(sentinel, "sentinel", "myid", 2, ADMIN, "Returns the Sentinel instance ID.", queries::myid);
    sub(sentinel, "sentinel", "pending-scripts", 2, ADMIN, "Returns information about pending scripts.",
        admin::pendingScripts);
    sub(sentinel, "sentinel", "remove", 3, ADMIN, "Stops monitoring.", writes::remove);
    sub(sentinel, "sentinel", "replicas", 3, ADMIN, "Returns a list of the monitored replicas.", queries::replicas);
    sub(sentinel, "sentinel", "reset", 3, ADMIN, "Resets masters by name matching a pattern.", writes::reset);
    sub(sentinel, "sentinel", "sentinels", 3, ADMIN, "Returns a list of Sentinel instances.", queries::sentinels);
    sub(sentinel, "sentinel", "set", -5, ADMIN, "Changes the configuration of a monitored master.", writes::set);
    sub(sentinel, "sentinel", "simulate-failure", -3, ADMIN, "Simulates failover scenarios.",
        admin::simulateFailure);
    sub(sentinel, "sentinel", "slaves", 3, ADMIN, "Returns a list of the monitored replicas.", queries::replicas);
    add(new CommandSpec("sentinel", -2, ADMIN, List.of("@admin", "@slow", "@dangerous"), "sentinel",
        "A container for Redis Sentinel commands.", null, sentinel));

    List<String> conn = List.of("noscript", "loading", "stale");
    Map<String, CommandSpec> clientSubs = new LinkedHashMap<>();
    sub(clientSubs, "client", "getname", 2, conn, "Returns the name of the connection.", client::getname);
    sub(clientSubs, "client", "help", 2, conn, "Returns helpful text about the different subcommands.",
        client::help);
    sub(clientSubs, "client", "id", 2, conn, "Returns the unique client ID of the connection.", client::id);
    sub(clientSubs, "client", "info", 2, conn, "Returns information about the connection.", client::info);
    sub(clientSubs, "client", "kill", -3, List.of("admin", "noscript", "loading", "stale"),
        "Terminates open connections.", client::kill);
    sub(clientSubs, "client", "list", -2, List.of("admin", "noscript", "loading", "stale"),
        "Lists open connections.", client::list);
    sub(clientSubs, "client", "no-evict", 3, List.of("admin", "noscript", "loading", "stale"),
        "Accepted for compatibility; has no effect.", client::noEvict);
    sub(clientSubs, "client", "setinfo", 4, conn, "Sets information specific to the client or connection.",
        client::setinfo);
    sub(clientSubs, "client", "setname", 3, conn, "Sets the connection name.", client::setname);
    add(new CommandSpec("client", -2, List.of("sentinel"), List.of("@slow"), "connection",
        "A container for client connection commands.", null, clientSubs));

    Map<String, CommandSpec> commandSubs = new LinkedHashMap<>();
    sub(commandSubs, "command", "count", 2, conn, "Returns a count of commands.", introspection::count);
    sub(commandSubs, "command", "docs", -2, conn, "Returns documentary information about commands.",
        introspection::docs);
    sub(commandSubs, "command", "help", 2, conn, "Returns helpful text about the different subcommands.",
        introspection::help);
    sub(commandSubs, "command", "info", -2, conn, "Returns information about commands.", introspection::info);
    sub(commandSubs, "command", "list", -2, conn, "Returns a list of command names.", introspection::list);
    add(new CommandSpec("command", -1, List.of("loading", "stale", "sentinel"), List.of("@slow", "@connection"),
        "server", "Returns detailed information about all commands.", introspection::all, commandSubs));

    List<String> noAuth = List.of("noscript", "loading", "stale", "fast", "no_auth", "allow_busy", "sentinel");
    top("auth", -2, noAuth, "connection", "Authenticates the connection.", auth::auth);
    top("hello", -1, noAuth, "connection", "Handshakes with the Redis server.", auth::hello);
    top("info", -1, List.of("loading", "stale", "sentinel"), "server", "Returns information and statistics.",
        info::info);
    top("ping", -1, List.of("fast", "sentinel"), "connection", "Returns the server's liveliness response.",
        server::ping);
    top("psubscribe", -2, List.of("pubsub", "noscript", "loading", "stale", "sentinel"), "pubsub",
        "Listens for messages published to channels that match one or more patterns.", pubsub::psubscribe);
    top("publish", 3, List.of("pubsub", "loading", "stale", "fast", "sentinel"), "pubsub",
        "Posts a message to a channel.", server::publish);
    top("punsubscribe", -1, List.of("pubsub", "noscript", "loading", "stale", "sentinel"), "pubsub",
        "Stops listening to messages published to channels that match one or more patterns.",
        pubsub::punsubscribe);
    top("quit", -1, List.of("no_auth", "fast", "allow_busy"), "connection", "Closes the connection.",
        server::quit);
    top("role", 1, List.of("noscript", "loading", "stale", "fast", "sentinel"), "server",
        "Returns the replication role.", server::role);
    top("shutdown", -1, List.of("admin", "noscript", "loading", "stale", "no_multi", "sentinel"), "server",
        "Refused on raft-sentinel: stop the node process instead.", server::shutdown);
    top("subscribe", -2, List.of("pubsub", "noscript", "loading", "stale", "sentinel"), "pubsub",
        "Listens for messages published to channels.", pubsub::subscribe);
    top("unsubscribe", -1, List.of("pubsub", "noscript", "loading", "stale", "sentinel"), "pubsub",
        "Stops listening to messages posted to channels.", pubsub::unsubscribe);
  }

  /** Case-insensitive; the usual all-lower or all-upper spellings are found without lower-casing a copy. */
  CommandSpec find(String name) {
    CommandSpec spec = commands.get(name);
    if (spec == null) {
      spec = upperCase.get(name);
    }
    return spec != null ? spec : commands.get(name.toLowerCase(Locale.ROOT));
  }

  Collection<CommandSpec> all() {
    return commands.values();
  }

  private void add(CommandSpec spec) {
    commands.put(spec.name(), spec);
    upperCase.put(spec.name().toUpperCase(Locale.ROOT), spec);
  }

  private void top(String name, int arity, List<String> flags, String group, String summary, Handler h) {
    String category = group.equals("pubsub") ? "@pubsub" : group.equals("connection") ? "@connection" : "@slow";
    add(new CommandSpec(name, arity, flags, List.of(category), group, summary, h, null));
  }

  private static void sub(Map<String, CommandSpec> into, String container, String name, int arity,
      List<String> flags, String summary, Handler h) {
    List<String> categories = flags.contains("admin") ? List.of("@admin", "@slow", "@dangerous") : List.of("@slow");
    into.put(name, new CommandSpec(container + "|" + name, arity, flags, categories,
        container.equals("sentinel") ? "sentinel" : container.equals("client") ? "connection" : "server",
        summary, h, null));
  }
}
