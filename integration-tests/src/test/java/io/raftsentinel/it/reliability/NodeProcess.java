package io.raftsentinel.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * One raft-sentinel node in its own JVM, started from a config file by {@link NodeMain} (or, with
 * {@link Launch#production}, by the runnable jar as {@code bin/raft-sentinel run} does). Faults are
 * real signals: {@link #kill()} (SIGKILL), {@link #stop()} (SIGTERM), {@link #pause()} (SIGSTOP),
 * {@link #resume()} (SIGCONT). Output of every incarnation is appended to one log file. Not
 * thread-safe: the test thread drives it; {@link #close()} always leaves no process behind.
 */
public final class NodeProcess implements AutoCloseable {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /** Small heap, serial GC and C1 only: three of these share two cores with the test JVM. */
  private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Dorg.slf4j.simpleLogger.showDateTime=true");
  private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

  /**
   * How the node's JVM is launched: {@link #TEST} (the reliability tests': {@link NodeMain} from this
   * JVM's classpath with small-heap, C1-only flags and the test hooks), or {@link #production} (the
   * runnable jar's {@code run --config FILE}, with the flags given: no test hooks, no clock offset).
   *
   * @param jar null for {@link NodeMain} from this JVM's classpath
   */
  public record Launch(List<String> jvmFlags, Path jar) {
    public static final Launch TEST = new Launch(JVM_FLAGS, null);

    public Launch {
      jvmFlags = List.copyOf(jvmFlags);
    }

    /** {@code java FLAGS -jar JAR run --config FILE}, as {@code bin/raft-sentinel run} (whose default flags are
     * {@code -Xmx512m}). */
    public static Launch production(Path jar, List<String> jvmFlags) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("no node jar at " + jar);
      }
      return new Launch(jvmFlags, jar);
    }

    boolean isProduction() {
      return jar != null;
    }
  }

  private final String id;
  private final Path config;
  private final Path raftDir;
  private final int respPort;
  private final Path log;
  private final Launch launch;
  private Process process;
  private boolean paused;
  private int starts;
  private volatile int grpcPort;
  private List<String> extraArgs = List.of();

  NodeProcess(String id, Path config, Path raftDir, int respPort, Path log, Launch launch) {
    this.id = id;
    this.launch = launch;
    this.config = config;
    this.raftDir = raftDir;
    this.respPort = respPort;
    this.log = log;
  }

  public String id() {
    return id;
  }

  public int respPort() {
    return respPort;
  }

  /** The pid of the running (or last) incarnation. */
  public long pid() {
    if (process == null) {
      throw new IllegalStateException(id + " was never started");
    }
    return process.pid();
  }

  /** The gRPC port, as written in this node's config file. */
  public int grpcPort() {
    if (grpcPort == 0) {
      grpcPort = Integer.parseInt(configValue("grpc-port"));
    }
    return grpcPort;
  }

  /** The raft address ({@code host:port}), as written in this node's config file. */
  public String raftAddress() {
    return configValue("raft-address");
  }

  private String configValue(String directive) {
    try {
      return Files.readAllLines(config, StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith(directive + " ")).map(l -> l.substring(directive.length() + 1).strip())
          .findFirst().orElseThrow(() -> new IllegalStateException("no '" + directive + "' in " + config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + config, e);
    }
  }

  public Path raftDir() {
    return raftDir;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public boolean isPaused() {
    return paused && isAlive();
  }

  /** How many times this node was launched (1 after the first start). */
  public int starts() {
    return starts;
  }

  /** Arguments after {@code --config FILE} for {@link NodeMain} (e.g. {@code --route}), from the next start. */
  public NodeProcess extraArgs(List<String> args) {
    this.extraArgs = List.copyOf(args);
    return this;
  }

  /** Launches the process; returns at once (the RESP port answers once the node has joined its group). */
  public NodeProcess start() {
    if (isAlive()) {
      throw new IllegalStateException(id + " is already running (pid " + process.pid() + ")");
    }
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(launch.jvmFlags());
    if (launch.isProduction()) {
      if (!extraArgs.isEmpty()) {
        throw new IllegalStateException(id + ": extra NodeMain arguments " + extraArgs + " need Launch.TEST");
      }
      command.addAll(List.of("-jar", launch.jar().toString(), "run", "--config", config.toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
          "--config", config.toString(), "--clock-offset-file", clockOffsetFile().toString()));
      command.addAll(extraArgs);
    }
    try {
      Files.writeString(log, "==== start #" + (starts + 1) + " of " + id + " ====\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id + " with " + JAVA, e);
    }
    paused = false;
    starts++;
    return this;
  }

  /**
   * Steps this node's wall clock to the system clock plus {@code offset}, now or at its next start (the
   * process re-reads the file every 50 ms). Written to a temp file and moved, so never read half-written.
   */
  public void setClockOffset(Duration offset) {
    if (launch.isProduction()) {
      throw new IllegalStateException(id + " runs the production jar, which reads no clock offset file");
    }
    Path file = clockOffsetFile();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, Long.toString(offset.toMillis()), StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private Path clockOffsetFile() {
    return log.resolveSibling(id + ".clock-offset");
  }

  /** SIGKILL, waiting until the process is gone; returns its exit code (137). */
  public int kill() {
    if (process == null) {
      return -1;
    }
    process.destroyForcibly();
    return awaitExit(EXIT_WAIT);
  }

  /** SIGTERM: the node closes in order (shutdown hook); returns its exit code. */
  public int stop() {
    if (process == null) {
      return -1;
    }
    if (paused) {
      resume();
    }
    process.destroy();
    return awaitExit(EXIT_WAIT);
  }

  /** SIGSTOP: the JVM keeps its sockets but runs nothing, like a long GC pause or a frozen VM. */
  public void pause() {
    signal("-STOP");
    paused = true;
    // kill returns once the signal is sent; wait until the kernel reports the process stopped ('T').
    io.raftsentinel.testing.Poll.until(EXIT_WAIT, () -> "T".equals(procState()), this + " to be stopped");
  }

  /** The process state letter from /proc/PID/stat (R, S, T, ...). */
  private String procState() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state of " + this, e);
    }
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    signal("-CONT");
    paused = false;
  }

  /** Kills (if running) and starts again with the same config and raft dir. */
  public NodeProcess restart() {
    if (isAlive()) {
      kill();
    }
    return start();
  }

  /** Deletes the raft dir (log, snapshots, run id): the node must be down. */
  public void wipe() {
    if (isAlive()) {
      throw new IllegalStateException("wipe " + id + " only while it is down");
    }
    deleteTree(raftDir);
  }

  /** Waits for the process to end (it may halt by itself, e.g. SIMULATE-FAILURE); returns the exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("node " + id + " (pid " + process.pid() + ") still running after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for node " + id, e);
    }
    paused = false;
    return process.exitValue();
  }

  /** The last {@code lines} lines of this node's log (all incarnations). */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log for " + id + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      // SIGKILL works on a stopped process too.
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Kills the process without waiting: for the JVM shutdown hook. */
  void destroyNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "node " + id + (process == null ? "" : " (pid " + process.pid() + ")");
  }

  private void signal(String signal) {
    if (!isAlive()) {
      throw new IllegalStateException(this + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending " + signal + " to " + this, e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
