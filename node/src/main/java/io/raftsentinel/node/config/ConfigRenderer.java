package io.raftsentinel.node.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link NodeConfig} back as config-file lines, secrets replaced by {@code ******}, for the
 * one "effective configuration" log at start-up. Apart from the secrets, parsing the output gives the
 * same config back.
 */
final class ConfigRenderer {

  private ConfigRenderer() {}

  static String render(NodeConfig c) {
    StringBuilder b = new StringBuilder();
    if (c.raftId() != null) {
      line(b, "raft-id", c.raftId());
    }
    if (c.raftAddress() != null) {
      line(b, "raft-address", c.raftAddress().toString());
    }
    for (RaftPeerConfig p : c.peers()) {
      line(b, "raft-peer", p.id(), p.address().toString());
    }
    if (c.raftJoin()) {
      line(b, "raft-join", "yes");
    }
    if (c.raftDir() != null) {
      line(b, "raft-dir", c.raftDir().toString());
    }
    line(b, "raft-election-timeout-min-ms", ms(c.electionTimeoutMin()));
    line(b, "raft-election-timeout-max-ms", ms(c.electionTimeoutMax()));
    line(b, "grpc-port", Integer.toString(c.grpcPort()));
    line(b, "metrics-port", Integer.toString(c.metricsPort()));
    line(b, "port", Integer.toString(c.port()));
    line(b, "bind", c.bind());
    if (c.requirepass() != null) {
      b.append("requirepass ").append(NodeConfig.REDACTED).append('\n');
    }
    if (c.announceIp() != null) {
      line(b, "sentinel announce-ip", c.announceIp());
    }
    line(b, "sentinel announce-port", Integer.toString(c.announcePort()));
    if (!c.safeMode().equals(SafeModeSettings.DEFAULTS)) {
      line(b, "safe-mode-threshold", java.math.BigDecimal.valueOf(c.safeMode().threshold()).toPlainString());
      line(b, "safe-mode-min-masters", Integer.toString(c.safeMode().minMasters()));
      line(b, "safe-mode-window-ms", ms(c.safeMode().window()));
    }
    if (c.failoverMaxParallel() != NodeConfig.DEFAULT_FAILOVER_MAX_PARALLEL) {
      line(b, "failover-max-parallel", Integer.toString(c.failoverMaxParallel()));
    }
    for (MonitoredMaster m : c.masters()) {
      master(b, m);
    }
    pingPeriods(b, c.masters());
    // Security and logging.
    if (c.tls().certFile() != null) {
      line(b, "tls-cert-file", c.tls().certFile().toString());
    }
    if (c.tls().keyFile() != null) {
      line(b, "tls-key-file", c.tls().keyFile().toString());
    }
    if (c.tls().caCertFile() != null) {
      line(b, "tls-ca-cert-file", c.tls().caCertFile().toString());
    }
    if (c.logFormat() != NodeConfig.DEFAULT_LOG_FORMAT) {
      line(b, "log-format", c.logFormat().directiveValue());
    }
    return b.toString();
  }

  private static void master(StringBuilder b, MonitoredMaster m) {
    line(b, "sentinel monitor", m.name(), m.host(), Integer.toString(m.port()), Integer.toString(m.quorum()));
    line(b, "sentinel down-after-milliseconds", m.name(), ms(m.downAfter()));
    line(b, "sentinel failover-timeout", m.name(), ms(m.failoverTimeout()));
    line(b, "sentinel parallel-syncs", m.name(), Integer.toString(m.parallelSyncs()));
    if (m.authUser() != null) {
      line(b, "sentinel auth-user", m.name(), m.authUser());
    }
    if (m.authPass() != null) {
      b.append("sentinel auth-pass ").append(quote(m.name())).append(' ').append(NodeConfig.REDACTED).append('\n');
    }
    if (m.notificationScript() != null) {
      line(b, "sentinel notification-script", m.name(), m.notificationScript().toString());
    }
    if (m.clientReconfigScript() != null) {
      line(b, "sentinel client-reconfig-script", m.name(), m.clientReconfigScript().toString());
    }
    if (m.prePromoteScript() != null) {
      line(b, "sentinel pre-promote-script", m.name(), m.prePromoteScript().toString());
    }
    if (m.promotionLagPolicy() != io.raftsentinel.raftstate.core.PromotionLagPolicy.ALLOW || m.maxPromotionLag() > 0) {
      line(b, "sentinel promotion-lag-policy", m.name(), m.promotionLagPolicy().configName());
      line(b, "sentinel max-promotion-lag", m.name(), Long.toString(m.maxPromotionLag()));
    }
  }

  /** One global directive when every master shares a non-derived period, else a comment per master. */
  private static void pingPeriods(StringBuilder b, List<MonitoredMaster> masters) {
    Set<Duration> periods = new HashSet<>();
    boolean allDerived = true;
    for (MonitoredMaster m : masters) {
      periods.add(m.pingPeriod());
      allDerived &= m.pingPeriod().equals(MonitoredMaster.derivedPingPeriod(m.downAfter()));
    }
    if (allDerived) {
      return;
    }
    if (periods.size() == 1) {
      line(b, "sentinel ping-period-ms", ms(periods.iterator().next()));
      return;
    }
    for (MonitoredMaster m : masters) {
      b.append("# ").append(Values.printable(m.name())).append(" is pinged every ").append(ms(m.pingPeriod()))
          .append(" ms\n");
    }
  }

  private static String ms(Duration d) {
    return Long.toString(d.toMillis());
  }

  private static void line(StringBuilder b, String directive, String... args) {
    b.append(directive);
    for (String a : args) {
      b.append(' ').append(quote(a));
    }
    b.append('\n');
  }

  /** The value as is when the splitter reads it back unchanged, else double-quoted with escapes. */
  static String quote(String v) {
    if (!v.isEmpty() && v.charAt(0) != '#' && v.chars().noneMatch(ConfigRenderer::special)) {
      return v;
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static boolean special(int c) {
    return c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '\\';
  }
}
