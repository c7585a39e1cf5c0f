package io.raftsentinel.it.clients;

import io.raftsentinel.testing.FreePorts;
import io.raftsentinel.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-sentinel} (the reference implementation) on a free loopback port, from a config
 * file it may rewrite in its own temp dir. {@link #close()} stops it (SIGTERM, then SIGKILL) and
 * deletes the dir; safe to call twice.
 */
final class RedisSentinelProcess implements AutoCloseable {
  private static final String BINARY = System.getProperty("redis.sentinel", "redis-sentinel");
  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;
  private final Process process;
  private boolean closed;

  private RedisSentinelProcess(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  long pid() {
    return process.pid();
  }

  /** Starts a sentinel monitoring {@code masterPort} as {@code name} with the given extra config lines. */
  static RedisSentinelProcess start(String name, int masterPort, int quorum, List<String> extra) throws IOException {
    int port = FreePorts.allocate();
    Path dir = Files.createTempDirectory("redis-sentinel-" + port + "-");
    StringBuilder conf = new StringBuilder();
    conf.append("port ").append(port).append('\n');
    conf.append("bind 127.0.0.1\n");
    conf.append("daemonize no\n");
    conf.append("dir \"").append(dir).append("\"\n");
    conf.append("logfile \"\"\n");
    conf.append("sentinel monitor ").append(name).append(" 127.0.0.1 ").append(masterPort).append(' ')
        .append(quorum).append('\n');
    for (String line : extra) {
      conf.append(line).append('\n');
    }
    Path file = dir.resolve("sentinel.conf");
    Files.writeString(file, conf, StandardCharsets.UTF_8);
    Process p;
    try {
      p = new ProcessBuilder(BINARY, file.toString()).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sentinel.log").toFile())).start();
    } catch (IOException e) {
      deleteDir(dir);
      throw new IOException("cannot start " + BINARY + " (is the redis-sentinel package installed?)", e);
    }
    RedisSentinelProcess s = new RedisSentinelProcess(port, dir, p);
    try {
      Poll.until(STARTUP, () -> !p.isAlive() || RedisCli.answers(port), "redis-sentinel on port " + port);
      if (!p.isAlive()) {
        throw new IllegalStateException("redis-sentinel on port " + port + " exited: " + s.log());
      }
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  String log() {
    try {
      return Files.readString(dir.resolve("sentinel.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteDir(dir);
    }
  }

  @Override
  public String toString() {
    return "redis-sentinel@" + port;
  }

  private static void deleteDir(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
