package io.raftsentinel.node.resp;

import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * INFO with Sentinel's sections (server, clients, stats, cpu, sentinel) plus {@code # Raft}. Unknown
 * sections are silently dropped, so {@code INFO replication} is an empty bulk string, as in Sentinel.
 */
final class InfoCommand {
  private static final List<String> ALL = List.of("server", "clients", "stats", "cpu", "sentinel", "raft");

  private final ServerContext ctx;
  private final InstanceReplies instances;
  private final IntSupplier boundPort;

  InfoCommand(ServerContext ctx, InstanceReplies instances, IntSupplier boundPort) {
    this.ctx = ctx;
    this.instances = instances;
    this.boundPort = boundPort;
  }

  Reply info(ConnectionState c, Request r) {
    Set<String> wanted = new LinkedHashSet<>();
    if (r.argc() == 1) {
      wanted.addAll(ALL);
    }
    for (int j = 1; j < r.argc(); j++) {
      String s = r.keyword(j);
      if (s.equals("all") || s.equals("everything") || s.equals("default")) {
        wanted.addAll(ALL);
      } else if (ALL.contains(s)) {
        wanted.add(s);
      }
    }
    List<String> sections = new ArrayList<>();
    for (String s : ALL) {
      if (wanted.contains(s)) {
        sections.add(section(s));
      }
    }
    return Reply.bulk(String.join("\r\n", sections));
  }

  private String section(String name) {
    return switch (name) {
      case "server" -> server();
      case "clients" -> clients();
      case "stats" -> stats();
      case "cpu" -> cpu();
      case "sentinel" -> sentinel();
      default -> raft();
    };
  }

  private String server() {
    long uptime = (ctx.nowMs() - ctx.startedAtMs()) / 1000;
    return "# Server\r\n"
        + "redis_version:" + AuthCommands.VERSION + "\r\n"
        + "redis_git_sha1:00000000\r\n"
        + "redis_git_dirty:0\r\n"
        + "redis_mode:sentinel\r\n"
        + "os:" + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch") + "\r\n"
        + "arch_bits:64\r\n"
        + "multiplexing_api:java-nio\r\n"
        + "process_id:" + ProcessHandle.current().pid() + "\r\n"
        + "process_supervised:no\r\n"
        + "run_id:" + ctx.query().runId() + "\r\n"
        + "tcp_port:" + boundPort.getAsInt() + "\r\n"
        + "server_time_usec:" + ctx.wallMs() * 1000 + "\r\n"
        + "uptime_in_seconds:" + uptime + "\r\n"
        + "uptime_in_days:" + uptime / 86400 + "\r\n"
        + "hz:10\r\n"
        + "configured_hz:10\r\n"
        + "executable:\r\n"
        + "config_file:\r\n"
        + "io_threads_active:0\r\n";
  }

  private String clients() {
    int subscribed = 0;
    for (ConnectionState x : ctx.clients().live()) {
      if (x.subscriptionCount() > 0) {
        subscribed++;
      }
    }
    return "# Clients\r\n"
        + "connected_clients:" + ctx.clients().size() + "\r\n"
        + "cluster_connections:0\r\n"
        + "maxclients:10000\r\n"
        + "client_recent_max_input_buffer:0\r\n"
        + "client_recent_max_output_buffer:0\r\n"
        + "blocked_clients:0\r\n"
        + "tracking_clients:0\r\n"
        + "pubsub_clients:" + subscribed + "\r\n"
        + "clients_in_timeout_table:0\r\n";
  }

  private String stats() {
    ServerStats s = ctx.stats();
    int channels = 0;
    int patterns = 0;
    for (ConnectionState x : ctx.clients().live()) {
      channels += x.channels().size();
      patterns += x.patterns().size();
    }
    return "# Stats\r\n"
        + "total_connections_received:" + s.connectionsReceived() + "\r\n"
        + "total_commands_processed:" + s.commandsProcessed() + "\r\n"
        + "instantaneous_ops_per_sec:0\r\n"
        + "total_net_input_bytes:" + s.bytesIn() + "\r\n"
        + "total_net_output_bytes:" + s.bytesOut() + "\r\n"
        + "rejected_connections:" + s.rejectedConnections() + "\r\n"
        + "pubsub_channels:" + channels + "\r\n"
        + "pubsub_patterns:" + patterns + "\r\n"
        + "pubsub_messages_sent:" + s.pubsubMessages() + "\r\n"
        + "slow_subscribers_disconnected:" + s.slowSubscribersClosed() + "\r\n";
  }

  private static String cpu() {
    double user = 0;
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      user = sun.getProcessCpuTime() / 1e9;
    }
    // The JVM reports process CPU time as one figure: it is shown as user time.
    return "# CPU\r\n"
        + String.format(Locale.ROOT, "used_cpu_sys:%.6f\r\n", 0.0)
        + String.format(Locale.ROOT, "used_cpu_user:%.6f\r\n", user)
        + "used_cpu_sys_children:0.000000\r\n"
        + "used_cpu_user_children:0.000000\r\n";
  }

  private String sentinel() {
    TopologyState state = ctx.query().state();
    int sentinels = state.nodes().size() + (state.nodes().containsKey(ctx.query().nodeId()) ? 0 : 1);
    StringBuilder b = new StringBuilder("# Sentinel\r\n")
        .append("sentinel_masters:").append(state.masters().size()).append("\r\n")
        .append("sentinel_tilt:0\r\n")
        .append("sentinel_tilt_since_seconds:-1\r\n")
        .append("sentinel_running_scripts:0\r\n")
        .append("sentinel_scripts_queue_length:0\r\n")
        .append("sentinel_simulate_failure_flags:").append(ctx.simulateFailure().bits()).append("\r\n");
    int i = 0;
    for (MasterRecord m : state.masters().values()) {
      String status = state.isOdown(m) ? "odown"
          : instances.subjectivelyDown(m, m.address(), ctx.query().observation(m.address())) ? "sdown" : "ok";
      b.append("master").append(i++).append(":name=").append(m.name())
          .append(",status=").append(status)
          .append(",address=").append(m.address().name())
          .append(",slaves=").append(m.replicas().size())
          .append(",sentinels=").append(sentinels).append("\r\n");
    }
    return b.toString();
  }

  private String raft() {
    RaftStatus raft = ctx.query().raftStatus();
    return "# Raft\r\n"
        + "raft_id:" + raft.nodeId() + "\r\n"
        + "raft_role:" + raft.role() + "\r\n"
        + "raft_leader:" + raft.leaderId() + "\r\n"
        + "raft_term:" + raft.term() + "\r\n"
        + "raft_commit_index:" + raft.commitIndex() + "\r\n"
        + "raft_applied_index:" + raft.appliedIndex() + "\r\n"
        // Log time (ms since the epoch) of the applied state: the clock cooldowns and windows are measured on.
        + "raft_log_time_ms:" + ctx.query().state().logTimeMs() + "\r\n";
  }
}
