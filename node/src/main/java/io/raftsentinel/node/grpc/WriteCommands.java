package io.raftsentinel.node.grpc;

import io.raftsentinel.proto.api.FailoverRequest;
import io.raftsentinel.proto.api.MonitorRequest;
import io.raftsentinel.proto.api.RemoveRequest;
import io.raftsentinel.proto.api.ResetRequest;
import io.raftsentinel.proto.api.SetFailoverPausedRequest;
import io.raftsentinel.proto.api.SetRequest;
import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.RemoveMaster;
import io.raftsentinel.proto.state.ResetMaster;
import io.raftsentinel.proto.state.SetFailoverPaused;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.List;
import java.util.Locale;

/**
 * Checks write requests and turns them into log commands. Checks happen here, before anything is
 * proposed, so a bad argument costs no Raft round and the error names the field; the state machine
 * still validates again (it is the authority).
 */
final class WriteCommands {
  /** The options SENTINEL SET accepts here, with Sentinel's names. */
  static final List<String> SET_OPTIONS = List.of("down-after-milliseconds", "failover-timeout", "parallel-syncs",
      "quorum", "auth-pass", "auth-user", "promotion-lag-policy", "max-promotion-lag");

  private final GrpcErrors errors;

  WriteCommands(GrpcErrors errors) {
    this.errors = errors;
  }

  Command.Builder monitor(MonitorRequest r) {
    masterName("name", r.getName());
    if (r.getHost().isBlank()) {
      throw errors.invalid("host", "is empty");
    }
    if (containsSpaceOrControl(r.getHost())) {
      throw errors.invalid("host", "must not contain spaces or control characters");
    }
    if (r.getPort() < 1 || r.getPort() > 65535) {
      throw errors.invalid("port", "must be between 1 and 65535, got " + r.getPort());
    }
    if (r.getQuorum() < 1) {
      throw errors.invalid("quorum", "must be 1 or greater, got " + r.getQuorum());
    }
    return Command.newBuilder().setMonitorMaster(MonitorMaster.newBuilder().setName(r.getName())
        .setAddress(Address.newBuilder().setHost(r.getHost()).setPort(r.getPort())).setQuorum(r.getQuorum()));
  }

  Command.Builder remove(RemoveRequest r) {
    masterName("name", r.getName());
    return Command.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName(r.getName()));
  }

  Command.Builder reset(ResetRequest r) {
    if (r.getPattern().isEmpty()) {
      throw errors.invalid("pattern", "is empty");
    }
    return Command.newBuilder().setResetMaster(ResetMaster.newBuilder().setPattern(r.getPattern()));
  }

  Command.Builder set(SetRequest r) {
    masterName("name", r.getName());
    SetMasterOptions.Builder b = SetMasterOptions.newBuilder().setName(r.getName());
    String option = r.getOption().toLowerCase(Locale.ROOT);
    String v = r.getValue();
    switch (option) {
      case "down-after-milliseconds" -> b.setDownAfterMs(positiveLong(option, v));
      case "failover-timeout" -> b.setFailoverTimeoutMs(positiveLong(option, v));
      case "parallel-syncs" -> b.setParallelSyncs(positiveInt(option, v));
      case "quorum" -> b.setQuorum(positiveInt(option, v));
      case "auth-pass" -> b.setAuthPass(v);
      case "auth-user" -> b.setAuthUser(v);
      case "promotion-lag-policy" -> {
        if (io.raftsentinel.raftstate.core.PromotionLagPolicy.parse(v.trim()) == null) {
          throw errors.invalid("value", "promotion-lag-policy must be allow, refuse or wait, got '" + v + "'");
        }
        b.setPromotionLagPolicy(v.trim());
      }
      case "max-promotion-lag" -> b.setMaxPromotionLag(nonNegativeLong(option, v));
      case "" -> throw errors.invalid("option", "is empty; expected one of " + String.join(", ", SET_OPTIONS));
      default -> throw errors.invalid("option", "unknown option '" + r.getOption() + "'; expected one of "
          + String.join(", ", SET_OPTIONS));
    }
    return Command.newBuilder().setSetMasterOptions(b);
  }

  /** An empty name is the global switch. */
  Command.Builder setFailoverPaused(SetFailoverPausedRequest r) {
    if (!r.getName().isEmpty()) {
      masterName("name", r.getName());
    }
    return Command.newBuilder().setSetFailoverPaused(SetFailoverPaused.newBuilder().setMaster(r.getName())
        .setPaused(r.getPaused()));
  }

  /** The replica a coordinated switchover goes to, or null for the usual choice. */
  InstanceAddress switchoverTarget(FailoverRequest r) {
    if (!r.hasTo()) {
      return null;
    }
    if (r.getTo().getHost().isBlank() || containsSpaceOrControl(r.getTo().getHost())) {
      throw errors.invalid("to.host", "must be a host name or IP without spaces");
    }
    if (r.getTo().getPort() < 1 || r.getTo().getPort() > 65535) {
      throw errors.invalid("to.port", "must be between 1 and 65535, got " + r.getTo().getPort());
    }
    return new InstanceAddress(r.getTo().getHost(), r.getTo().getPort());
  }

  /** 0 = the default. */
  long switchoverTimeout(FailoverRequest r) {
    if (r.getTimeoutMs() < 0) {
      throw errors.invalid("timeout_ms", "must not be negative, got " + r.getTimeoutMs());
    }
    return r.getTimeoutMs();
  }

  void masterName(String field, String name) {
    if (name.isEmpty()) {
      throw errors.invalid(field, "master name is empty");
    }
    if (containsSpaceOrControl(name)) {
      throw errors.invalid(field, "master name must not contain spaces or control characters");
    }
  }

  private long nonNegativeLong(String option, String value) {
    try {
      long v = Long.parseLong(value.trim());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw errors.invalid("value", option + " must be a number of bytes (0 or more), got '" + value + "'");
  }

  private long positiveLong(String option, String value) {
    try {
      long v = Long.parseLong(value.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw errors.invalid("value", "'" + value + "' for " + option + " must be a positive integer (milliseconds)");
  }

  private int positiveInt(String option, String value) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw errors.invalid("value", "'" + value + "' for " + option + " must be a positive integer");
  }

  private static boolean containsSpaceOrControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
