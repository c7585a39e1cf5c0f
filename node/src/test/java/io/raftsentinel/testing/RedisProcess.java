package io.raftsentinel.testing;

import io.raftsentinel.raftstate.core.InstanceAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on a free loopback port, in its own temp dir, started from a small
 * config file (so {@code CONFIG REWRITE} works) with persistence off and {@code DEBUG} enabled.
 * Faults come from process signals: {@link #pause()} (SIGSTOP), {@link #resume()} (SIGCONT),
 * {@link #kill()} (SIGKILL). Not thread-safe; {@link #close()} always kills and deletes the dir.
 */
public final class RedisProcess implements AutoCloseable {
  private static final String SERVER = System.getProperty("redis.server", "redis-server");
  private static final String CLI = System.getProperty("redis.cli", "redis-cli");
  private static final Duration STARTUP = Duration.ofSeconds(10);
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);

  private final Builder options;
  private final int port;
  private final Path dir;
  private Process process;
  private boolean paused;
  private boolean closed;

  private RedisProcess(Builder options) {
    this.options = options;
    this.port = FreePorts.allocate();
    try {
      this.dir = Files.createTempDirectory("redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
    }
  }

  /** A stand-alone master with default options. */
  public static RedisProcess start() {
    return builder().start();
  }

  /** A replica of {@code master}, with extra config lines. */
  public static RedisProcess startReplicaOf(InstanceAddress master, String... extraConfig) {
    Builder b = builder().replicaOf(master);
    for (String line : extraConfig) {
      b.config(line);
    }
    return b.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int port() {
    return port;
  }

  public InstanceAddress address() {
    return new InstanceAddress("127.0.0.1", port);
  }

  public Path dir() {
    return dir;
  }

  /** The OS process id of the running server. */
  public long pid() {
    requireRunning();
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGSTOP: the server keeps its sockets open but answers nothing, like {@code docker pause}. */
  public void pause() {
    signal("-STOP");
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    signal("-CONT");
    paused = false;
  }

  /** SIGKILL, waiting for the process to be gone. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server pid " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
    paused = false;
  }

  /** Kills (if running) and starts again on the same port and dir, from the (maybe rewritten) config. */
  public RedisProcess restart() {
    kill();
    launch(false);
    return this;
  }

  /** Runs {@code redis-cli -p PORT args...} (with the password, if any) and returns its stdout. */
  public String cli(String... args) {
    List<String> command = new ArrayList<>(List.of(CLI, "-h", "127.0.0.1", "-p", Integer.toString(port)));
    if (options.password != null) {
      command.addAll(List.of("--no-auth-warning", "-a", options.password));
    }
    command.addAll(List.of(args));
    return run(command, CLI_TIMEOUT);
  }

  /** {@code master} or {@code slave}, from {@code ROLE}. */
  public String role() {
    String out = cli("ROLE").strip();
    int newline = out.indexOf('\n');
    return newline < 0 ? out : out.substring(0, newline).strip();
  }

  /**
   * Answers PING right now (a raw socket, no redis-cli): any reply but {@code -LOADING} counts, so a
   * password-protected server ({@code -NOAUTH}) or a stale replica ({@code -MASTERDOWN}) is up.
   */
  public boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
      return (reply.startsWith("+") || reply.startsWith("-")) && !reply.startsWith("-LOADING");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } finally {
      deleteDir();
    }
  }

  @Override
  public String toString() {
    return "redis-server@" + port;
  }

  private void launch(boolean first) {
    Path config = dir.resolve("redis.conf");
    try {
      if (first && options.configFile) {
        Files.writeString(config, configText(), StandardCharsets.UTF_8);
      }
      List<String> command = new ArrayList<>();
      command.add(SERVER);
      if (options.configFile) {
        command.add(config.toString());
      } else {
        for (String line : configLines()) {
          String[] parts = line.split(" ", 2);
          command.add("--" + parts[0]);
          command.add(parts.length > 1 ? unquote(parts[1]) : "");
        }
      }
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + SERVER + " (is redis-server installed?)", e);
    }
    try {
      Poll.until(STARTUP, () -> !process.isAlive() || answersPing(), "redis-server on port " + port + " to answer");
    } catch (AssertionError e) {
      throw new IllegalStateException("redis-server on port " + port + " did not start: " + logTail(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " exited: " + logTail());
    }
  }

  private String configText() {
    StringBuilder text = new StringBuilder();
    for (String line : configLines()) {
      text.append(line).append('\n');
    }
    return text.toString();
  }

  private List<String> configLines() {
    List<String> lines = new ArrayList<>();
    lines.add("port " + port);
    lines.add("bind 127.0.0.1");
    lines.add("dir " + dir);
    lines.add("save \"\"");
    lines.add("appendonly no");
    lines.add("enable-debug-command local");
    // A full sync otherwise waits 5 s for more replicas to join a diskless transfer.
    lines.add("repl-diskless-sync-delay 0");
    lines.add("logfile \"\"");
    if (options.replicaOf != null) {
      lines.add("replicaof " + options.replicaOf.host() + " " + options.replicaOf.port());
    }
    if (options.password != null) {
      lines.add("requirepass " + options.password);
      lines.add("masterauth " + options.password);
    }
    lines.addAll(options.extraConfig);
    return lines;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private void signal(String signal) {
    requireRunning();
    run(List.of("kill", signal, Long.toString(process.pid())), CLI_TIMEOUT);
  }

  private void requireRunning() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(this + " is not running");
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("redis.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void deleteDir() {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static String run(List<String> command, Duration timeout) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("exit " + p.exitValue() + " from " + command.get(0) + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    }
  }

  /** Options for one server; {@link #start()} launches it and waits until it answers PING. */
  public static final class Builder {
    private InstanceAddress replicaOf;
    private String password;
    private boolean configFile = true;
    private final List<String> extraConfig = new ArrayList<>();

    private Builder() {}

    public Builder replicaOf(InstanceAddress master) {
      this.replicaOf = master;
      return this;
    }

    /** Sets {@code requirepass} and {@code masterauth}; {@link #cli} then authenticates with it. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** One extra config line, e.g. {@code replica-priority 10} or an ACL {@code user ...} rule. */
    public Builder config(String line) {
      extraConfig.add(line);
      return this;
    }

    /** Start with command-line options only, so {@code CONFIG REWRITE} fails. */
    public Builder withoutConfigFile() {
      this.configFile = false;
      return this;
    }

    public RedisProcess start() {
      RedisProcess redis = new RedisProcess(this);
      try {
        redis.launch(true);
      } catch (RuntimeException e) {
        try {
          redis.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return redis;
    }
  }
}
