package io.raftsentinel.raftstate.ratis;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.CommandReply;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A real Ratis group of N servers in this JVM, on free loopback ports with temporary storage. */
final class TestCluster implements AutoCloseable {
  static final RaftTuning TUNING = RaftTuning.DEFAULTS.withElectionTimeouts(Duration.ofMillis(300), Duration.ofMillis(600));

  private final List<RaftMember> members = new ArrayList<>();
  private final Map<String, TopologyRaftServer> servers = new LinkedHashMap<>();
  private final Path root;
  private final RaftTuning tuning;
  private TopologyRaftClient client;

  TestCluster(int size, RaftTuning tuning) throws IOException {
    this.tuning = tuning;
    this.root = Files.createTempDirectory("raft-cluster");
    for (int i = 1; i <= size; i++) {
      members.add(new RaftMember("n" + i, "127.0.0.1:" + freePort()));
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<RaftMember> members() {
    return members;
  }

  TestCluster startAll() throws IOException {
    for (RaftMember m : members) {
      start(m.id());
    }
    return this;
  }

  TopologyRaftServer start(String id) throws IOException {
    RaftMember m = members.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    TopologyRaftServer s = TopologyRaftServer.start(m, members, storage(id), tuning, null);
    servers.put(id, s);
    return s;
  }

  File storage(String id) {
    return root.resolve(id).toFile();
  }

  void stop(String id) throws IOException {
    TopologyRaftServer s = servers.remove(id);
    if (s != null) {
      s.close();
    }
  }

  void wipe(String id) throws IOException {
    try (Stream<Path> walk = Files.walk(storage(id).toPath())) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  TopologyRaftServer server(String id) {
    return servers.get(id);
  }

  List<TopologyRaftServer> running() {
    return List.copyOf(servers.values());
  }

  TopologyRaftServer awaitLeader(Duration timeout) {
    TopologyRaftServer[] found = new TopologyRaftServer[1];
    await(timeout, "a ready leader", () -> {
      for (TopologyRaftServer s : servers.values()) {
        if (s.isLeaderReady()) {
          found[0] = s;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  TopologyRaftClient client() {
    if (client == null) {
      client = new TopologyRaftClient(members, tuning, Duration.ofSeconds(20));
    }
    return client;
  }

  CommandReply submit(Command c) throws Exception {
    return client().submit(c).get(30, TimeUnit.SECONDS);
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
    }
    for (String id : List.copyOf(servers.keySet())) {
      stop(id);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
