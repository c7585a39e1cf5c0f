package io.raftsentinel.node.config;

import io.raftsentinel.raftstate.core.PromotionLagPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies directives, one line's arguments at a time, to a draft config; {@link #build()} turns the
 * draft into a {@link NodeConfig}. A bad value leaves the draft as it was, so the same mistake is not
 * reported again by validation. Not thread-safe: one per file.
 */
final class ConfigBuilder {

  /** Sentinel directives that mean nothing here; accepted so an existing sentinel.conf still loads. */
  private static final Set<String> IGNORED = Set.of(
      "daemonize", "pidfile", "logfile", "dir", "protected-mode", "latency-tracking-info-percentiles", "user",
      "loglevel");
  private static final Set<String> IGNORED_SENTINEL = Set.of(
      "deny-scripts-reconfig", "resolve-hostnames", "announce-hostnames", "myid", "config-epoch", "leader-epoch",
      "current-epoch", "known-replica", "known-slave", "known-sentinel");

  private String raftId;
  private HostPort raftAddress;
  private final List<RaftPeerConfig> peers = new ArrayList<>();
  private Path raftDir;
  private Duration electionMin = NodeConfig.DEFAULT_ELECTION_TIMEOUT_MIN;
  private Duration electionMax = NodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX;
  private int grpcPort = NodeConfig.DEFAULT_GRPC_PORT;
  private int metricsPort = NodeConfig.DEFAULT_METRICS_PORT;
  private String bind = NodeConfig.DEFAULT_BIND;
  private int port = NodeConfig.DEFAULT_PORT;
  private String requirepass;
  private String announceIp;
  private int announcePort = NodeConfig.DEFAULT_ANNOUNCE_PORT;
  private Duration pingPeriod;
  private double safeModeThreshold = SafeModeSettings.DEFAULTS.threshold();
  private int safeModeMinMasters = SafeModeSettings.DEFAULTS.minMasters();
  private Duration safeModeWindow = SafeModeSettings.DEFAULTS.window();
  private int failoverMaxParallel = NodeConfig.DEFAULT_FAILOVER_MAX_PARALLEL;
  private final Map<String, MasterDraft> masters = new LinkedHashMap<>();
  private final Set<String> seen = new HashSet<>();
  // Security and logging (tls-*, log-format).
  private Path tlsCertFile;
  private Path tlsKeyFile;
  private Path tlsCaCertFile;
  private LogFormat logFormat = NodeConfig.DEFAULT_LOG_FORMAT;
  private boolean raftJoin;

  /**
   * Applies one non-empty argument list.
   *
   * @return the directive's name when it was accepted and ignored, else null
   * @throws ValueException saying what was expected
   */
  String apply(List<String> args) throws ValueException {
    String name = args.get(0).toLowerCase(Locale.ROOT);
    List<String> rest = args.subList(1, args.size());
    seen.add(name);
    if (IGNORED.contains(name)) {
      return name;
    }
    switch (name) {
      case "raft-id" -> raftId = Values.raftId(name, one(name, "ID", rest));
      case "raft-address" -> raftAddress = Values.hostPort(name, one(name, "HOST:PORT", rest));
      case "raft-peer" -> {
        arity(name, "ID HOST:PORT", rest, 2);
        String id = Values.raftId("raft-peer id", rest.get(0));
        peers.add(new RaftPeerConfig(id, Values.hostPort("raft-peer address", rest.get(1))));
      }
      case "raft-join" -> raftJoin = yesNo(name, one(name, "yes|no", rest));
      case "raft-dir" -> raftDir = Values.path(name, one(name, "PATH", rest));
      case "raft-election-timeout-min-ms" -> electionMin = Values.millis(name, one(name, "MS", rest));
      case "raft-election-timeout-max-ms" -> electionMax = Values.millis(name, one(name, "MS", rest));
      case "grpc-port" -> grpcPort = Values.port(name, one(name, "PORT", rest));
      case "metrics-port" -> metricsPort = Values.integer(name, one(name, "PORT", rest), 0, 65535);
      case "port" -> port = Values.port(name, one(name, "PORT", rest));
      case "bind" -> bind = firstBind(rest);
      case "requirepass" -> requirepass = emptyAsUnset(one(name, "PASSWORD", rest));
      case "safe-mode-threshold" -> safeModeThreshold = Values.fraction(name, one(name, "FRACTION", rest));
      case "safe-mode-min-masters" ->
          safeModeMinMasters = Values.integer(name, one(name, "N", rest), 1, Integer.MAX_VALUE);
      case "safe-mode-window-ms" -> safeModeWindow = Values.millis(name, one(name, "MS", rest));
      case "failover-max-parallel" -> failoverMaxParallel =
          Values.integer(name, one(name, "N", rest), 1, NodeConfig.MAX_FAILOVER_MAX_PARALLEL);
      case "sentinel" -> {
        return sentinel(rest);
      }
      // Security and logging.
      case "tls-cert-file" -> tlsCertFile = readableFile(name, one(name, "PATH", rest));
      case "tls-key-file" -> tlsKeyFile = readableFile(name, one(name, "PATH", rest));
      case "tls-ca-cert-file" -> tlsCaCertFile = readableFile(name, one(name, "PATH", rest));
      case "log-format" -> logFormat = LogFormat.parse(one(name, "text|json", rest))
          .orElseThrow(() -> new ValueException("log-format must be 'text' or 'json', got "
              + Values.show(rest.get(0))));
      default -> throw unknown(args.get(0));
    }
    return null;
  }

  private String sentinel(List<String> args) throws ValueException {
    if (args.isEmpty()) {
      throw new ValueException("sentinel expects a subcommand, e.g. 'sentinel monitor NAME HOST PORT QUORUM'");
    }
    String sub = args.get(0).toLowerCase(Locale.ROOT);
    String name = "sentinel " + sub;
    List<String> rest = args.subList(1, args.size());
    seen.add(name);
    if (IGNORED_SENTINEL.contains(sub)) {
      return name;
    }
    switch (sub) {
      case "announce-ip" -> announceIp = emptyAsUnset(one(name, "IP", rest));
      case "announce-port" -> announcePort = Values.integer(name, one(name, "PORT", rest), 0, 65535);
      case "ping-period-ms" -> pingPeriod = Values.millis(name, one(name, "MS", rest));
      case "monitor" -> monitor(rest);
      case "down-after-milliseconds" -> master(name, "MS", rest).downAfter = Values.millis(name, rest.get(1));
      case "failover-timeout" -> master(name, "MS", rest).failoverTimeout = Values.millis(name, rest.get(1));
      case "parallel-syncs" ->
          master(name, "N", rest).parallelSyncs = Values.integer(name, rest.get(1), 1, Integer.MAX_VALUE);
      case "auth-pass" -> master(name, "PASSWORD", rest).authPass = emptyAsUnset(rest.get(1));
      case "auth-user" -> master(name, "USER", rest).authUser = emptyAsUnset(rest.get(1));
      case "notification-script" -> master(name, "PATH", rest).notificationScript = script(name, rest.get(1));
      case "client-reconfig-script" -> master(name, "PATH", rest).clientReconfigScript = script(name, rest.get(1));
      case "pre-promote-script" -> master(name, "PATH", rest).prePromoteScript = script(name, rest.get(1));
      case "promotion-lag-policy" -> master(name, "allow|refuse|wait", rest).promotionLagPolicy =
          lagPolicy(name, rest.get(1));
      case "max-promotion-lag" -> master(name, "BYTES", rest).maxPromotionLag = Values.bytes(name, rest.get(1));
      default -> throw unknown("sentinel " + args.get(0));
    }
    return null;
  }

  private void monitor(List<String> args) throws ValueException {
    arity("sentinel monitor", "NAME HOST PORT QUORUM", args, 4);
    String name = Values.masterName("sentinel monitor name", args.get(0));
    if (masters.containsKey(name)) {
      throw new ValueException("duplicate master name '" + name + "'");
    }
    // Registered before its values are checked, so later lines for it do not add "no such master".
    MasterDraft m = new MasterDraft(name);
    masters.put(name, m);
    m.host = Values.host("sentinel monitor host", args.get(1));
    m.port = Values.port("sentinel monitor port", args.get(2));
    m.quorum = Values.integer("sentinel monitor quorum", args.get(3), 1, Integer.MAX_VALUE);
    m.complete = true;
  }

  /** The draft of an already monitored master named by {@code sentinel <option> NAME VALUE}. */
  private MasterDraft master(String directive, String valueName, List<String> args) throws ValueException {
    arity(directive, "NAME " + valueName, args, 2);
    MasterDraft m = masters.get(args.get(0));
    if (m == null) {
      String shown = Values.show(args.get(0));
      throw new ValueException("no such master " + shown + " (declare 'sentinel monitor "
          + shown.substring(1, shown.length() - 1) + " ...' first)");
    }
    return m;
  }

  /** Redis accepts several addresses ({@code -} marks an optional one); we listen on the first. */
  private static String firstBind(List<String> args) throws ValueException {
    if (args.isEmpty()) {
      throw new ValueException("bind expects ADDRESS [ADDRESS ...], got no arguments");
    }
    String first = args.get(0).startsWith("-") ? args.get(0).substring(1) : args.get(0);
    if (first.equals("*")) {
      return "0.0.0.0";
    }
    return Values.host("bind", first);
  }

  /** Directives seen so far, lower-cased, including ones whose value was bad. */
  Set<String> seen() {
    return seen;
  }

  NodeConfig build() {
    List<MonitoredMaster> built = new ArrayList<>();
    for (MasterDraft m : masters.values()) {
      if (m.complete) {
        Duration ping = pingPeriod != null ? pingPeriod : MonitoredMaster.derivedPingPeriod(m.downAfter);
        built.add(new MonitoredMaster(m.name, m.host, m.port, m.quorum, m.downAfter, m.failoverTimeout,
            m.parallelSyncs, m.authUser, m.authPass, ping, m.notificationScript, m.clientReconfigScript,
            m.promotionLagPolicy, m.maxPromotionLag, m.prePromoteScript));
      }
    }
    return new NodeConfig(raftId, raftAddress, peers, raftDir, electionMin, electionMax, grpcPort, metricsPort, bind,
        port, requirepass, announceIp, announcePort, built,
        new SafeModeSettings(safeModeThreshold, safeModeMinMasters, safeModeWindow),
        new TlsFiles(tlsCertFile, tlsKeyFile, tlsCaCertFile), logFormat, raftJoin, failoverMaxParallel);
  }

  private static boolean yesNo(String directive, String v) throws ValueException {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new ValueException(directive + " must be 'yes' or 'no', got " + Values.show(v));
    };
  }

  private static String one(String directive, String valueName, List<String> args) throws ValueException {
    arity(directive, valueName, args, 1);
    return args.get(0);
  }

  private static void arity(String directive, String usage, List<String> args, int expected)
      throws ValueException {
    if (args.size() != expected) {
      throw new ValueException(directive + " expects " + usage + ", got " + args.size()
          + (args.size() == 1 ? " argument" : " arguments"));
    }
  }

  private static ValueException unknown(String directive) {
    return new ValueException("unknown directive " + Values.show(directive));
  }

  /** As in Sentinel, the script must exist and be executable when the config is loaded. */
  private static Path script(String directive, String text) throws ValueException {
    Path p = Values.path(directive + " path", text);
    if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isExecutable(p)) {
      throw new ValueException(directive + " path must be an existing executable file, got " + Values.show(text));
    }
    return p;
  }

  private static PromotionLagPolicy lagPolicy(String directive, String text) throws ValueException {
    PromotionLagPolicy p = PromotionLagPolicy.parse(text);
    if (p == null) {
      throw new ValueException(directive + " must be allow, refuse or wait, got " + Values.show(text));
    }
    return p;
  }

  /** A TLS file must exist and be readable when the config is loaded, as a script must. */
  private static Path readableFile(String directive, String text) throws ValueException {
    Path p = Values.path(directive, text);
    if (!java.nio.file.Files.exists(p)) {
      throw new ValueException(directive + ": no such file " + Values.show(text));
    }
    if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
      throw new ValueException(directive + ": not a readable file " + Values.show(text));
    }
    return p;
  }

  /** As in Sentinel, an empty string means "not set". */
  private static String emptyAsUnset(String v) {
    return v.isEmpty() ? null : v;
  }

  private static final class MasterDraft {
    final String name;
    String host;
    int port;
    int quorum;
    Duration downAfter = MonitoredMaster.DEFAULT_DOWN_AFTER;
    Duration failoverTimeout = MonitoredMaster.DEFAULT_FAILOVER_TIMEOUT;
    int parallelSyncs = MonitoredMaster.DEFAULT_PARALLEL_SYNCS;
    String authUser;
    String authPass;
    Path notificationScript;
    Path clientReconfigScript;
    Path prePromoteScript;
    PromotionLagPolicy promotionLagPolicy = PromotionLagPolicy.ALLOW;
    long maxPromotionLag;
    boolean complete;

    MasterDraft(String name) {
      this.name = name;
    }
  }
}
