package io.raftsentinel.it.reliability;

import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N raft-sentinel node processes on free loopback ports, configured like
 * {@link io.raftsentinel.it.SentinelCluster} (same config file format), each with its raft dir and
 * log in one temp dir. {@link #close()} kills every process and deletes the dir; a JVM shutdown hook
 * kills them too if the test JVM dies first.
 */
public final class NodeGroup implements AutoCloseable {
  private final Path root;
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Thread reaper;
  private final NodeProcess.Launch launch;
  private List<String> masterLines = List.of();

  private NodeGroup(Path root, NodeProcess.Launch launch) {
    this.root = root;
    this.launch = launch;
    this.reaper = new Thread(() -> nodes.values().forEach(NodeProcess::destroyNow), "node-group-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Writes the config files; starts nothing. The nodes will run with {@link NodeProcess.Launch#TEST}. */
  public static NodeGroup create(int size, List<String> masterLines) throws IOException {
    return create(size, masterLines, NodeProcess.Launch.TEST);
  }

  /** As {@link #create(int, List)}, every node (joiners too) launched as {@code launch} says. */
  public static NodeGroup create(int size, List<String> masterLines, NodeProcess.Launch launch) throws IOException {
    NodeGroup g = new NodeGroup(Files.createTempDirectory("reliability"), launch);
    g.masterLines = List.copyOf(masterLines);
    List<String> ids = new ArrayList<>();
    Map<String, Integer> raftPorts = new LinkedHashMap<>();
    // Every node's Raft, RESP and gRPC ports at once, so that no two of them can coincide (as SentinelCluster).
    int[] ports = FreePorts.allocate(3 * size);
    int next = 0;
    for (int i = 1; i <= size; i++) {
      ids.add("n" + i);
      raftPorts.put("n" + i, ports[next++]);
    }
    for (String id : ids) {
      int respPort = ports[next++];
      Path raftDir = g.root.resolve(id);
      StringBuilder conf = new StringBuilder();
      conf.append("raft-id ").append(id).append('\n');
      conf.append("raft-address 127.0.0.1:").append(raftPorts.get(id)).append('\n');
      for (String peer : ids) {
        if (!peer.equals(id)) {
          conf.append("raft-peer ").append(peer).append(" 127.0.0.1:").append(raftPorts.get(peer)).append('\n');
        }
      }
      conf.append("raft-dir ").append(raftDir).append('\n');
      conf.append("port ").append(respPort).append('\n');
      conf.append("grpc-port ").append(ports[next++]).append('\n');
      conf.append("metrics-port 0\n");
      conf.append("bind 127.0.0.1\n");
      for (String line : masterLines) {
        conf.append(line).append('\n');
      }
      Path file = g.root.resolve(id + ".conf");
      Files.writeString(file, conf);
      g.nodes.put(id, new NodeProcess(id, file, raftDir, respPort, g.root.resolve(id + ".log"), launch));
    }
    return g;
  }

  /**
   * Writes the config of a node that is to join the running group ({@code raft-join yes}, a
   * {@code raft-peer} line for every node so far, the same master lines) and registers it; starts
   * nothing. Returns its raft address for {@code members add}.
   */
  public String addJoiner(String id) throws IOException {
    if (nodes.containsKey(id)) {
      throw new IllegalArgumentException(id + " already exists");
    }
    int[] ports = FreePorts.allocate(3);
    String raftAddress = "127.0.0.1:" + ports[0];
    int respPort = ports[1];
    StringBuilder conf = new StringBuilder();
    conf.append("raft-id ").append(id).append('\n');
    conf.append("raft-address ").append(raftAddress).append('\n');
    conf.append("raft-join yes\n");
    for (NodeProcess n : nodes.values()) {
      conf.append("raft-peer ").append(n.id()).append(' ').append(n.raftAddress()).append('\n');
    }
    conf.append("raft-dir ").append(root.resolve(id)).append('\n');
    conf.append("port ").append(respPort).append('\n');
    conf.append("grpc-port ").append(ports[2]).append('\n');
    conf.append("metrics-port 0\n");
    conf.append("bind 127.0.0.1\n");
    masterLines.forEach(line -> conf.append(line).append('\n'));
    Path file = root.resolve(id + ".conf");
    Files.writeString(file, conf);
    nodes.put(id, new NodeProcess(id, file, root.resolve(id), respPort, root.resolve(id + ".log"), launch));
    return raftAddress;
  }

  public NodeGroup startAll() {
    nodes.values().forEach(NodeProcess::start);
    return this;
  }

  public NodeProcess node(String id) {
    NodeProcess n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id + " in " + nodes.keySet());
    }
    return n;
  }

  public List<NodeProcess> all() {
    return List.copyOf(nodes.values());
  }

  /** Nodes whose process runs and is not stopped. */
  public List<NodeProcess> live() {
    return nodes.values().stream().filter(n -> n.isAlive() && !n.isPaused()).toList();
  }

  /** Waits until the node answers PING on its RESP port, which it does only once it is ready. */
  public static void awaitReady(NodeProcess n, Duration timeout) {
    Poll.until(timeout, () -> {
      if (!n.isAlive()) {
        throw new AssertionError(n + " exited with " + n.awaitExit(Duration.ZERO) + "\n" + n.logTail(40));
      }
      try (var j = RespProbe.connect(n.respPort(), 500)) {
        return "PONG".equals(j.ping());
      }
    }, n + " to answer on RESP port " + n.respPort());
  }

  /** The id of the node that the live nodes name as Raft leader (INFO raft), once they agree. */
  public String awaitLeader(Duration timeout) {
    String[] leader = new String[1];
    Poll.until(timeout, () -> {
      String seen = null;
      for (NodeProcess n : live()) {
        String l = RespProbe.info(n.respPort(), "raft").get("raft_leader");
        if (l == null || l.isEmpty() || (seen != null && !seen.equals(l))) {
          return false;
        }
        seen = l;
      }
      leader[0] = seen;
      return seen != null && nodes.containsKey(seen);
    }, "the live nodes to agree on a Raft leader");
    return leader[0];
  }

  /** The last lines of every node's log, for a failure report. */
  public String logTails(int lines) {
    StringBuilder b = new StringBuilder();
    for (NodeProcess n : nodes.values()) {
      b.append("----- ").append(n).append(" log tail -----\n").append(n.logTail(lines)).append('\n');
    }
    return b.toString();
  }

  public Path root() {
    return root;
  }

  @Override
  public void close() {
    nodes.values().forEach(NodeProcess::close);
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs anyway and finds nothing left to kill.
    }
    NodeProcess.deleteTree(root);
  }
}
