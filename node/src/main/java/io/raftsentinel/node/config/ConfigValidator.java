package io.raftsentinel.node.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cross-field rules of a {@link NodeConfig}; one message per violation, in a stable order. */
final class ConfigValidator {

  private ConfigValidator() {}

  /** The message for a required directive that is missing; the parser recognises it by equality. */
  static String required(String directive) {
    return directive + " is required";
  }

  static List<String> violations(NodeConfig c) {
    List<String> out = new ArrayList<>();
    checkIdentity(c, out);
    checkPeers(c, out);
    checkPorts(c, out);
    checkElection(c, out);
    checkFailoverBound(c, out);
    checkMasters(c, out);
    checkTls(c, out);
    return out;
  }

  private static void checkIdentity(NodeConfig c, List<String> out) {
    if (c.raftId() == null) {
      out.add(required("raft-id"));
    } else {
      check(out, () -> Values.raftId("raft-id", c.raftId()));
    }
    if (c.raftAddress() == null) {
      out.add(required("raft-address"));
    }
    if (c.raftDir() == null) {
      out.add(required("raft-dir"));
    }
    if (c.bind().isEmpty()) {
      out.add("bind must not be empty");
    }
  }

  private static void checkPeers(NodeConfig c, List<String> out) {
    Set<String> ids = new HashSet<>();
    Map<HostPort, String> owners = new HashMap<>();
    if (c.raftAddress() != null && c.raftId() != null) {
      owners.put(c.raftAddress(), c.raftId());
    }
    for (RaftPeerConfig p : c.peers()) {
      check(out, () -> Values.raftId("raft-peer id", p.id()));
      if (p.id().equals(c.raftId())) {
        out.add("raft-peer '" + p.id() + "' has this node's own raft-id; list only the other members");
      } else if (!ids.add(p.id())) {
        out.add("raft-peer id '" + p.id() + "' is listed more than once");
      }
      String owner = owners.putIfAbsent(p.address(), p.id());
      if (owner != null && !owner.equals(p.id())) {
        out.add("raft address " + p.address() + " is used by both '" + owner + "' and '" + p.id() + "'");
      }
    }
  }

  private static void checkPorts(NodeConfig c, List<String> out) {
    if (c.raftAddress() != null) {
      range(out, "raft-address port", c.raftAddress().port(), 1);
    }
    for (RaftPeerConfig p : c.peers()) {
      range(out, "raft-peer " + p.id() + " port", p.address().port(), 1);
    }
    range(out, "grpc-port", c.grpcPort(), 1);
    range(out, "metrics-port", c.metricsPort(), 0);
    range(out, "port", c.port(), 1);
    range(out, "sentinel announce-port", c.announcePort(), 0);
    // The node listens on all of these at once; a clash would only surface later as a bind failure.
    Map<Integer, String> listeners = new HashMap<>();
    listen(out, listeners, "port", c.port());
    listen(out, listeners, "grpc-port", c.grpcPort());
    listen(out, listeners, "metrics-port", c.metricsPort());
    if (c.raftAddress() != null) {
      listen(out, listeners, "raft-address port", c.raftAddress().port());
    }
  }

  private static void checkElection(NodeConfig c, List<String> out) {
    long min = c.electionTimeoutMin().toMillis();
    long max = c.electionTimeoutMax().toMillis();
    if (min < 1) {
      out.add("raft-election-timeout-min-ms must be at least 1, got " + min);
    }
    if (min >= max) {
      out.add("raft-election-timeout-min-ms (" + min + ") must be less than raft-election-timeout-max-ms ("
          + max + ")");
    }
  }

  private static void checkFailoverBound(NodeConfig c, List<String> out) {
    int n = c.failoverMaxParallel();
    if (n < 1 || n > NodeConfig.MAX_FAILOVER_MAX_PARALLEL) {
      out.add("failover-max-parallel must be an integer between 1 and " + NodeConfig.MAX_FAILOVER_MAX_PARALLEL
          + ", got " + n);
    }
  }

  private static void checkMasters(NodeConfig c, List<String> out) {
    Set<String> names = new HashSet<>();
    for (MonitoredMaster m : c.masters()) {
      String what = "master '" + m.name() + "': ";
      if (!names.add(m.name())) {
        out.add("duplicate master name '" + m.name() + "'");
      }
      check(out, () -> Values.masterName("master name", m.name()));
      check(out, () -> Values.host(what + "host", m.host()));
      range(out, what + "port", m.port(), 1);
      if (m.quorum() < 1) {
        out.add(what + "quorum must be at least 1, got " + m.quorum());
      }
      positive(out, what + "down-after-milliseconds", m.downAfter());
      positive(out, what + "failover-timeout", m.failoverTimeout());
      positive(out, what + "ping period", m.pingPeriod());
      if (m.parallelSyncs() < 1) {
        out.add(what + "parallel-syncs must be at least 1, got " + m.parallelSyncs());
      }
    }
  }

  /** The start of the violation for a partial TLS set; the parser reports it at the first tls-* line. */
  static final String TLS_INCOMPLETE = "tls-cert-file, tls-key-file and tls-ca-cert-file go together";

  private static void checkTls(NodeConfig c, List<String> out) {
    TlsFiles t = c.tls();
    if (t.partial()) {
      List<String> missing = new ArrayList<>();
      if (t.certFile() == null) {
        missing.add("tls-cert-file");
      }
      if (t.keyFile() == null) {
        missing.add("tls-key-file");
      }
      if (t.caCertFile() == null) {
        missing.add("tls-ca-cert-file");
      }
      out.add(TLS_INCOMPLETE + "; missing " + String.join(", ", missing));
    }
  }

  private static void range(List<String> out, String what, int port, int min) {
    if (port < min || port > 65535) {
      out.add(what + " must be between " + min + " and 65535, got " + port);
    }
  }

  private static void listen(List<String> out, Map<Integer, String> listeners, String what, int port) {
    if (port == 0) {
      return;
    }
    String other = listeners.putIfAbsent(port, what);
    if (other != null) {
      out.add(what + " and " + other + " are both " + port + "; each listener needs its own port");
    }
  }

  private static void positive(List<String> out, String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      out.add(what + " must be a positive duration, got " + d.toMillis() + " ms");
    }
  }

  private static void check(List<String> out, Check check) {
    try {
      check.run();
    } catch (ValueException e) {
      out.add(e.getMessage());
    }
  }

  @FunctionalInterface
  private interface Check {
    void run() throws ValueException;
  }
}
