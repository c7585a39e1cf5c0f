package io.raftsentinel.it;

import io.raftsentinel.node.config.ConfigParser;
import io.raftsentinel.node.config.NodeConfig;
import io.raftsentinel.node.runtime.NodeOptions;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A raft-sentinel group of N nodes in this JVM, on free loopback ports, with temp storage. Every
 * node is a real {@link SentinelNode}: real Raft, real Lettuce connections to real Redis.
 */
public final class SentinelCluster implements AutoCloseable {
  public static final Duration CONVERGE = Duration.ofSeconds(30);

  private final Path root;
  private final Map<String, Path> configs = new LinkedHashMap<>();
  private final Map<String, SentinelNode> nodes = new LinkedHashMap<>();
  private final Map<String, NodeOptions> options = new HashMap<>();
  private final Map<String, Integer> raftPorts = new LinkedHashMap<>();
  private final List<String> masterLines = new ArrayList<>();

  private SentinelCluster(Path root) {
    this.root = root;
  }

  /**
   * @param masterLines {@code sentinel ...} lines every node's config carries (monitor + settings)
   */
  public static SentinelCluster create(int size, List<String> masterLines) throws IOException {
    return create(size, masterLines, id -> List.of());
  }

  /**
   * As {@link #create(int, List)}, with extra config lines per node (e.g. {@code tls-*} directives),
   * appended after the generated ones.
   *
   * @param nodeLines from a node id ({@code n1}, {@code n2}, ...) to the lines only that node's config carries
   */
  public static SentinelCluster create(int size, List<String> masterLines, Function<String, List<String>> nodeLines)
      throws IOException {
    SentinelCluster c = new SentinelCluster(Files.createTempDirectory("sentinel-cluster"));
    List<String> ids = new ArrayList<>();
    Map<String, Integer> raftPorts = c.raftPorts;
    c.masterLines.addAll(masterLines);
    // Every node's Raft, RESP and gRPC ports at once, so that no two of them can coincide.
    int[] ports = FreePorts.allocate(3 * size);
    int next = 0;
    for (int i = 1; i <= size; i++) {
      ids.add("n" + i);
      raftPorts.put("n" + i, ports[next++]);
    }
    for (String id : ids) {
      StringBuilder conf = new StringBuilder();
      conf.append("raft-id ").append(id).append('\n');
      conf.append("raft-address 127.0.0.1:").append(raftPorts.get(id)).append('\n');
      for (String peer : ids) {
        if (!peer.equals(id)) {
          conf.append("raft-peer ").append(peer).append(" 127.0.0.1:").append(raftPorts.get(peer)).append('\n');
        }
      }
      conf.append("raft-dir ").append(c.root.resolve(id)).append('\n');
      conf.append("port ").append(ports[next++]).append('\n');
      conf.append("grpc-port ").append(ports[next++]).append('\n');
      conf.append("metrics-port 0\n");
      conf.append("bind 127.0.0.1\n");
      for (String line : masterLines) {
        conf.append(line).append('\n');
      }
      for (String line : nodeLines.apply(id)) {
        conf.append(line).append('\n');
      }
      Path file = c.root.resolve(id + ".conf");
      Files.writeString(file, conf);
      c.configs.put(id, file);
    }
    return c;
  }

  /**
   * Writes the config of a node that is to join the running group: {@code raft-join yes}, a
   * {@code raft-peer} line for every node of the group (removed ones included, as an operator's copy
   * would have), the same master lines. Start it with {@link #start(String)}; it waits to be added.
   *
   * @return its raft address ({@code 127.0.0.1:port})
   */
  public String prepareJoiner(String id) throws IOException {
    int[] ports = FreePorts.allocate(3);
    int raftPort = ports[0];
    StringBuilder conf = new StringBuilder();
    conf.append("raft-id ").append(id).append('\n');
    conf.append("raft-address 127.0.0.1:").append(raftPort).append('\n');
    conf.append("raft-join yes\n");
    for (Map.Entry<String, Integer> peer : raftPorts.entrySet()) {
      conf.append("raft-peer ").append(peer.getKey()).append(" 127.0.0.1:").append(peer.getValue()).append('\n');
    }
    conf.append("raft-dir ").append(root.resolve(id)).append('\n');
    conf.append("port ").append(ports[1]).append('\n');
    conf.append("grpc-port ").append(ports[2]).append('\n');
    conf.append("metrics-port 0\n");
    conf.append("bind 127.0.0.1\n");
    for (String line : masterLines) {
      conf.append(line).append('\n');
    }
    Path file = root.resolve(id + ".conf");
    Files.writeString(file, conf);
    configs.put(id, file);
    raftPorts.put(id, raftPort);
    return "127.0.0.1:" + raftPort;
  }

  /** A node's raft address ({@code 127.0.0.1:port}). */
  public String raftAddress(String id) {
    return "127.0.0.1:" + raftPorts.get(id);
  }

  public SentinelCluster options(String id, NodeOptions o) {
    options.put(id, o);
    return this;
  }

  public SentinelCluster startAll() throws Exception {
    for (String id : configs.keySet()) {
      start(id);
    }
    return this;
  }

  public SentinelNode start(String id) throws Exception {
    NodeConfig config = ConfigParser.load(configs.get(id));
    SentinelNode n = SentinelNode.start(config, options.getOrDefault(id, NodeOptions.DEFAULTS));
    nodes.put(id, n);
    return n;
  }

  public void stop(String id) {
    SentinelNode n = nodes.remove(id);
    if (n != null) {
      n.close();
    }
  }

  public SentinelNode node(String id) {
    return nodes.get(id);
  }

  public List<SentinelNode> running() {
    return List.copyOf(nodes.values());
  }

  public List<String> ids() {
    return List.copyOf(configs.keySet());
  }

  public SentinelNode awaitLeader() {
    SentinelNode[] found = new SentinelNode[1];
    Poll.until(CONVERGE, () -> {
      for (SentinelNode n : nodes.values()) {
        if (n.raft().isLeaderReady()) {
          found[0] = n;
          return true;
        }
      }
      return false;
    }, "a ready Raft leader");
    return found[0];
  }

  /** Waits until every running node's committed state satisfies the condition. */
  public void awaitAll(Duration timeout, String what, Predicate<TopologyState> condition) {
    Poll.until(timeout, () -> nodes.values().stream().allMatch(n -> condition.test(n.topology().state())), what);
  }

  public void awaitAll(String what, Predicate<TopologyState> condition) {
    awaitAll(CONVERGE, what, condition);
  }

  /**
   * An operator's failover through {@code node}, asked again while its linearizable read finds no
   * quorum in time (a loaded machine, an election): that read comes before anything is proposed.
   */
  public static io.raftsentinel.node.query.WriteResult manualFailover(SentinelNode node, String master)
      throws Exception {
    long deadline = System.nanoTime() + CONVERGE.toNanos();
    while (true) {
      try {
        return node.topology().failover(master).get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof io.raftsentinel.node.query.NoQuorumException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  public static Predicate<TopologyState> master(String name, Predicate<MasterRecord> p) {
    return s -> s.master(name) != null && p.test(s.master(name));
  }

  @Override
  public void close() throws IOException {
    for (String id : List.copyOf(nodes.keySet())) {
      stop(id);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
