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

/** Three real {@code redis-sentinel} processes (the Debian package) monitoring one master. */
final class RedisSentinelTrio implements AutoCloseable {
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private RedisSentinelTrio(Path dir) {
    this.dir = dir;
  }

  static RedisSentinelTrio start(int masterPort, long downAfterMs, long failoverTimeoutMs) throws IOException {
    RedisSentinelTrio t = new RedisSentinelTrio(Files.createTempDirectory("redis-sentinel"));
    try {
      for (int i = 0; i < 3; i++) {
        int port = FreePorts.allocate();
        Path conf = t.dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
            "port " + port,
            "bind 127.0.0.1",
            "daemonize no",
            "dir " + t.dir,
            "sentinel monitor mymaster 127.0.0.1 " + masterPort + " 2",
            "sentinel down-after-milliseconds mymaster " + downAfterMs,
            "sentinel failover-timeout mymaster " + failoverTimeoutMs,
            "sentinel parallel-syncs mymaster 1", ""));
        Process p = new ProcessBuilder("redis-sentinel", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(t.dir.resolve("sentinel-" + port + ".log").toFile())
            .start();
        t.processes.add(p);
        t.ports.add(port);
      }
      // Sentinels discover replicas from INFO (<= 10 s) and each other from hellos (every 2 s).
      Poll.until(Duration.ofSeconds(40), t::discovered, "redis-sentinel trio to discover replicas and peers");
    } catch (RuntimeException | IOException e) {
      t.close();
      throw e;
    }
    return t;
  }

  private boolean discovered() {
    for (int port : ports) {
      try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
        Map<String, String> m = j.sentinelMaster("mymaster");
        if (!"2".equals(m.get("num-slaves")) || !"2".equals(m.get("num-other-sentinels"))) {
          return false;
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
