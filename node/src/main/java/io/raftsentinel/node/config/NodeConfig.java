package io.raftsentinel.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's effective configuration: its Raft identity and group, its listening ports, and the masters
 * it seeds the replicated state with. Immutable. The constructor only copies; {@link #validate()}
 * checks the cross-field rules (required fields, unique raft ids, port ranges, ...) and lists every
 * violation. {@code requirepass} and {@code announceIp} are null when unset; {@code raftId},
 * {@code raftAddress} and {@code raftDir} are null only in a config that does not validate.
 * {@link #toString()} and {@link #describe()} never print secrets. {@code tls} is {@link TlsFiles#NONE}
 * when TLS is off; {@code logFormat} is never null.
 */
public record NodeConfig(
    String raftId,
    HostPort raftAddress,
    List<RaftPeerConfig> peers,
    Path raftDir,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    int grpcPort,
    int metricsPort,
    String bind,
    int port,
    String requirepass,
    String announceIp,
    int announcePort,
    List<MonitoredMaster> masters,
    SafeModeSettings safeMode,
    TlsFiles tls,
    LogFormat logFormat,
    boolean raftJoin,
    int failoverMaxParallel) {

  /**
   * Lower bound of the Raft election timeout. Ratis's own default is 150 ms; we double it so a GC
   * pause or a loaded 2-core host does not trigger needless elections.
   */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(300);
  /** Upper bound of the Raft election timeout (Ratis's default is 300 ms; see the minimum). */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(600);
  public static final int DEFAULT_GRPC_PORT = 50051;
  /** Port of the Prometheus {@code /metrics} endpoint; 0 turns it off. */
  public static final int DEFAULT_METRICS_PORT = 9121;
  /** Redis Sentinel's port. */
  public static final int DEFAULT_PORT = 26379;
  /** Loopback unless told otherwise (Sentinel binds all interfaces; we prefer safe). */
  public static final String DEFAULT_BIND = "127.0.0.1";
  /** 0 means: announce {@code port}. */
  public static final int DEFAULT_ANNOUNCE_PORT = 0;

  /** Human-readable lines unless {@code log-format json}. */
  public static final LogFormat DEFAULT_LOG_FORMAT = LogFormat.TEXT;

  /**
   * Failovers the leader drives at once; more wait for a slot. Each costs a few connections and
   * in-flight commits, so the bound keeps a mass outage from flooding the log and the leader.
   */
  public static final int DEFAULT_FAILOVER_MAX_PARALLEL = 64;
  /** Upper bound of {@code failover-max-parallel}: far above any sane group, catches a stray digit. */
  public static final int MAX_FAILOVER_MAX_PARALLEL = 10_000;

  static final String REDACTED = "******";

  public NodeConfig {
    peers = List.copyOf(peers);
    masters = List.copyOf(masters);
    safeMode = safeMode == null ? SafeModeSettings.DEFAULTS : safeMode;
    Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
    Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
    Objects.requireNonNull(bind, "bind");
    tls = tls == null ? TlsFiles.NONE : tls;
    logFormat = logFormat == null ? DEFAULT_LOG_FORMAT : logFormat;
  }

  /** A config with the default failover bound (the shape before {@code failover-max-parallel}). */
  public NodeConfig(String raftId, HostPort raftAddress, List<RaftPeerConfig> peers, Path raftDir,
      Duration electionTimeoutMin, Duration electionTimeoutMax, int grpcPort, int metricsPort, String bind, int port,
      String requirepass, String announceIp, int announcePort, List<MonitoredMaster> masters,
      SafeModeSettings safeMode, TlsFiles tls, LogFormat logFormat, boolean raftJoin) {
    this(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort, metricsPort, bind,
        port, requirepass, announceIp, announcePort, masters, safeMode, tls, logFormat, raftJoin,
        DEFAULT_FAILOVER_MAX_PARALLEL);
  }

  /** A config that is not joining an existing group ({@code raft-join no}, the shape before that directive). */
  public NodeConfig(String raftId, HostPort raftAddress, List<RaftPeerConfig> peers, Path raftDir,
      Duration electionTimeoutMin, Duration electionTimeoutMax, int grpcPort, int metricsPort, String bind, int port,
      String requirepass, String announceIp, int announcePort, List<MonitoredMaster> masters,
      SafeModeSettings safeMode, TlsFiles tls, LogFormat logFormat) {
    this(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort, metricsPort, bind,
        port, requirepass, announceIp, announcePort, masters, safeMode, tls, logFormat, false);
  }

  /** A config without TLS, with the default log format and safe mode (the shape before those directives existed). */
  public NodeConfig(String raftId, HostPort raftAddress, List<RaftPeerConfig> peers, Path raftDir,
      Duration electionTimeoutMin, Duration electionTimeoutMax, int grpcPort, int metricsPort, String bind, int port,
      String requirepass, String announceIp, int announcePort, List<MonitoredMaster> masters) {
    this(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort, metricsPort, bind,
        port, requirepass, announceIp, announcePort, masters, SafeModeSettings.DEFAULTS, TlsFiles.NONE,
        DEFAULT_LOG_FORMAT);
  }

  /** A config with every default and no raft identity, peers or masters (does not validate). */
  public static NodeConfig defaults() {
    return new NodeConfig(null, null, List.of(), null, DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX,
        DEFAULT_GRPC_PORT, DEFAULT_METRICS_PORT, DEFAULT_BIND, DEFAULT_PORT, null, null, DEFAULT_ANNOUNCE_PORT,
        List.of(), SafeModeSettings.DEFAULTS, TlsFiles.NONE, DEFAULT_LOG_FORMAT);
  }

  /** Every rule this config breaks, in a stable order; empty when it is valid. */
  public List<String> violations() {
    return ConfigValidator.violations(this);
  }

  /**
   * Returns this config when it is valid.
   *
   * @throws ConfigException listing every violation
   */
  public NodeConfig validate() throws ConfigException {
    List<String> violations = violations();
    if (!violations.isEmpty()) {
      throw new ConfigException(violations);
    }
    return this;
  }

  /** The master monitored under {@code name} (names are case-sensitive, as in Sentinel). */
  public Optional<MonitoredMaster> master(String name) {
    return masters.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The effective config in config-file syntax, one directive per line, secrets as {@code ******}. */
  public String describe() {
    return ConfigRenderer.render(this);
  }

  public NodeConfig withRaftId(String v) {
    return new NodeConfig(v, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort,
        metricsPort, bind, port, requirepass, announceIp, announcePort, masters,
        safeMode, tls, logFormat, raftJoin, failoverMaxParallel);
  }

  public NodeConfig withRaftDir(Path v) {
    return new NodeConfig(raftId, raftAddress, peers, v, electionTimeoutMin, electionTimeoutMax, grpcPort,
        metricsPort, bind, port, requirepass, announceIp, announcePort, masters,
        safeMode, tls, logFormat, raftJoin, failoverMaxParallel);
  }

  public NodeConfig withGrpcPort(int v) {
    return new NodeConfig(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, v,
        metricsPort, bind, port, requirepass, announceIp, announcePort, masters,
        safeMode, tls, logFormat, raftJoin, failoverMaxParallel);
  }

  public NodeConfig withMetricsPort(int v) {
    return new NodeConfig(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort,
        v, bind, port, requirepass, announceIp, announcePort, masters,
        safeMode, tls, logFormat, raftJoin, failoverMaxParallel);
  }

  public NodeConfig withBind(String v) {
    return new NodeConfig(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort,
        metricsPort, v, port, requirepass, announceIp, announcePort, masters,
        safeMode, tls, logFormat, raftJoin, failoverMaxParallel);
  }

  public NodeConfig withPort(int v) {
    return new NodeConfig(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort,
        metricsPort, bind, v, requirepass, announceIp, announcePort, masters,
        safeMode, tls, logFormat, raftJoin, failoverMaxParallel);
  }

  /**
   * With {@code raft-join yes}: the node starts its Raft server with no members and waits to be
   * added by {@code raft-sentinel members add} (see docs/operations.md, "Replacing a node").
   */
  public NodeConfig withRaftJoin(boolean v) {
    return new NodeConfig(raftId, raftAddress, peers, raftDir, electionTimeoutMin, electionTimeoutMax, grpcPort,
        metricsPort, bind, port, requirepass, announceIp, announcePort, masters, safeMode, tls, logFormat, v,
        failoverMaxParallel);
  }

  @Override
  public String toString() {
    return "NodeConfig[raftId=" + raftId + ", raftAddress=" + raftAddress + ", peers=" + peers
        + ", raftDir=" + raftDir + ", electionTimeout=" + electionTimeoutMin.toMillis() + ".."
        + electionTimeoutMax.toMillis() + "ms, grpcPort=" + grpcPort + ", metricsPort=" + metricsPort
        + ", bind=" + bind + ", port=" + port + ", requirepass=" + redact(requirepass)
        + ", announceIp=" + announceIp + ", announcePort=" + announcePort + ", masters=" + masters
        + ", safeMode=" + safeMode + ", tls=" + tls + ", logFormat=" + logFormat
        + (raftJoin ? ", raftJoin=true" : "") + ", failoverMaxParallel=" + failoverMaxParallel + "]";
  }

  /** {@code ******} for a set secret, null for an unset one. */
  static String redact(String secret) {
    return secret == null ? null : REDACTED;
  }
}
