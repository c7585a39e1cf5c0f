package io.raftsentinel.it.bench;

import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * Three real {@code redis-sentinel} processes (the Debian package), quorum 2, monitoring one or more
 * masters with identical settings.
 */
final class RedisSentinelTrio implements AutoCloseable {
  private final Path dir;
  private final Map<String, Integer> masters;
  private final int replicasEach;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private RedisSentinelTrio(Path dir, Map<String, Integer> masters, int replicasEach) {
    this.dir = dir;
    this.masters = Map.copyOf(masters);
    this.replicasEach = replicasEach;
  }

  /** One master named {@code mymaster} with two replicas. */
  static RedisSentinelTrio start(int masterPort, long downAfterMs, long failoverTimeoutMs) throws IOException {
    return start(Map.of("mymaster", masterPort), 2, downAfterMs, failoverTimeoutMs, Duration.ofSeconds(40));
  }

  /**
   * @param masters master name to port on 127.0.0.1
   * @param replicasEach replicas every master has; start returns once every sentinel knows them all
   * @param discovery how long discovery of replicas and peers may take
   */
  static RedisSentinelTrio start(Map<String, Integer> masters, int replicasEach, long downAfterMs,
      long failoverTimeoutMs, Duration discovery) throws IOException {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("a redis-sentinel trio needs at least one master");
    }
    RedisSentinelTrio t = new RedisSentinelTrio(Files.createTempDirectory("redis-sentinel"), masters, replicasEach);
    try {
      for (int i = 0; i < 3; i++) {
        int port = FreePorts.allocate();
        Path conf = t.dir.resolve("sentinel-" + port + ".conf");
        List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "daemonize no",
            "dir " + t.dir));
        for (Map.Entry<String, Integer> m : masters.entrySet()) {
          String name = m.getKey();
          lines.add("sentinel monitor " + name + " 127.0.0.1 " + m.getValue() + " 2");
          lines.add("sentinel down-after-milliseconds " + name + " " + downAfterMs);
          lines.add("sentinel failover-timeout " + name + " " + failoverTimeoutMs);
          lines.add("sentinel parallel-syncs " + name + " 1");
        }
        lines.add("");
        Files.writeString(conf, String.join("\n", lines));
        Process p = new ProcessBuilder("redis-sentinel", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(t.dir.resolve("sentinel-" + port + ".log").toFile())
            .start();
        t.processes.add(p);
        t.ports.add(port);
      }
      // Sentinels discover replicas from INFO (<= 10 s) and each other from hellos (every 2 s).
      Poll.until(discovery, t::discovered, "redis-sentinel trio to discover replicas and peers");
    } catch (RuntimeException | IOException e) {
      t.close();
      throw e;
    }
    return t;
  }

  private boolean discovered() {
    for (int port : ports) {
      try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
        List<Map<String, String>> known = j.sentinelMasters();
        if (known.size() != masters.size()) {
          return false;
        }
        String replicas = Integer.toString(replicasEach);
        for (Map<String, String> m : known) {
          if (!replicas.equals(m.get("num-slaves")) || !"2".equals(m.get("num-other-sentinels"))) {
            return false;
          }
        }
      } catch (RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  List<Integer> ports() {
    return ports;
  }

  /** Process ids of the three redis-sentinel processes. */
  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
