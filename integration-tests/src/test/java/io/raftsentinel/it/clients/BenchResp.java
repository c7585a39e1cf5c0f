package io.raftsentinel.it.clients;

import io.raftsentinel.it.bench.ProcStats;
import io.raftsentinel.it.reliability.NodeGroup;
import io.raftsentinel.it.reliability.NodeProcess;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side throughput of the Sentinel protocol endpoint: one redis-server master watched by three
 * raft-sentinel nodes and three real {@code redis-sentinel}s, then {@code redis-benchmark} against a
 * follower node and a real sentinel, with and without pipelining, in alternating trials, printed as
 * medians and per-trial ratios, with each side's server CPU time per request.
 * Each node is its own JVM process, as in production: the runnable jar ({@code -Dbench.node-jar}) run as
 * {@code bin/raft-sentinel run} does, with {@code -Dbench.node-java-opts} (default {@code -Xmx512m}, the
 * launcher's default: default GC and JIT). The CPU of ours is the benchmarked node process's alone.
 * Everything runs on free loopback ports and temp dirs and is torn down on exit, failure or Ctrl-C.
 * Run through {@code bin/bench-resp [requests] [clients] [trials]}.
 */
public final class BenchResp {
  private static final Pattern RPS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");
  private static final Duration SETTLE = Duration.ofSeconds(60);
  /** Three JVMs starting at once with the default JIT on two busy cores: as long as the reliability rig allows. */
  private static final Duration NODE_START = Duration.ofSeconds(90);
  /**
   * Node groups tried, each on fresh ports: a port found free can be taken (by any process's outgoing
   * connection) in the seconds before a node JVM binds it, and the node then exits at start-up.
   */
  private static final int NODE_START_ATTEMPTS = 3;
  private static final long BENCH_TIMEOUT_MINUTES = 10;
  private static final String MASTER = "mymaster";
  /** Warm-up requests per case and round, at least: enough calls for C2 to compile the request path. */
  private static final int WARM_UP_MIN = 100_000;
  private static final int WARM_UP_MAX_ROUNDS = 4;
  /**
   * A warm-up round that triggers fewer JIT compilations in the node than this fraction of the first
   * round's ends the warm-up. Not an absolute count: the node's background work (health checks, Raft)
   * keeps compiling a trickle of methods (about 150 per round was seen on a loaded machine).
   */
  private static final double WARM_UP_QUIET_FRACTION = 0.10;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile Process running;
  private volatile NodeGroup group;
  /** The server process behind each benchmarked port, whose CPU time a run is charged. */
  private final Map<Integer, Long> pidOfPort = new HashMap<>();

  private BenchResp() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? positive(args[0], "requests") : 200_000;
    int clients = args.length > 1 ? positive(args[1], "clients") : 50;
    int trials = args.length > 2 ? positive(args[2], "trials") : 3;
    BenchResp bench = new BenchResp();
    Thread hook = new Thread(bench::closeAll, "bench-resp-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      bench.run(requests, clients, trials);
    } catch (Exception | Error e) {
      bench.keepNodeLogs();
      throw e;
    } finally {
      bench.closeAll();
    }
  }

  private static int positive(String value, String what) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the offending value
    }
    throw new IllegalArgumentException(what + " must be a positive integer, got '" + value + "'");
  }

  private <T extends AutoCloseable> T track(T c) {
    synchronized (resources) {
      resources.add(c);
    }
    return c;
  }

  private void run(int requests, int clients, int trials) throws Exception {
    RedisProcess master = track(RedisProcess.start());
    // Default down-after (30 s): the benchmark saturates the CPU and must not look like a failure.
    List<String> settings = List.of("sentinel down-after-milliseconds " + MASTER + " 30000",
        "sentinel failover-timeout " + MASTER + " 180000");
    List<String> monitor = new ArrayList<>();
    monitor.add("sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2");
    monitor.addAll(settings);
    String jar = System.getProperty("bench.node-jar");
    if (jar == null || jar.isBlank()) {
      throw new IllegalArgumentException("-Dbench.node-jar=PATH (the runnable node jar) is required;"
          + " bin/bench-resp sets it");
    }
    List<String> jvmFlags = Arrays.stream(System.getProperty("bench.node-java-opts", "-Xmx512m").trim()
        .split("\\s+")).filter(f -> !f.isEmpty()).toList();
    NodeProcess.Launch launch = NodeProcess.Launch.production(Path.of(jar), jvmFlags);
    // The real sentinels first: their connections are made before the nodes' ports are chosen.
    List<RedisSentinelProcess> reals = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      reals.add(track(RedisSentinelProcess.start(MASTER, master.port(), 2, settings)));
    }
    NodeGroup nodes = startNodes(monitor, launch);
    String leader = nodes.awaitLeader(NODE_START);
    NodeProcess follower = nodes.all().stream().filter(n -> !n.id().equals(leader)).findFirst().orElseThrow();
    int nodePort = follower.respPort();
    int realPort = reals.get(0).port();
    // CPU is charged to the server process: the benchmarked node's JVM for ours, the one sentinel for theirs.
    pidOfPort.put(nodePort, follower.pid());
    pidOfPort.put(realPort, reals.get(0).pid());
    String expected = "127.0.0.1\n" + master.port() + "\n";
    for (int port : List.of(nodePort, realPort)) {
      Poll.until(SETTLE, () -> expected.equals(RedisCli.run(port, RedisCli.Mode.RAW2, "SENTINEL",
          "get-master-addr-by-name", MASTER)), "port " + port + " to answer get-master-addr-by-name");
    }
    System.out.printf("master redis-server :%d; raft-sentinel nodes, each its own JVM (java %s -jar %s run): %s"
        + " (follower %s :%d, pid %d); redis-sentinel %s%n", master.port(), String.join(" ", jvmFlags), jar,
        nodes.all().stream().map(n -> n.id() + ":" + n.respPort()).toList(), follower.id(), nodePort, follower.pid(),
        reals.stream().map(RedisSentinelProcess::port).toList());
    System.out.printf("redis-benchmark -c %d -n %d -q SENTINEL get-master-addr-by-name %s [-P 16]%n%n",
        clients, requests, MASTER);

    // Trials alternate which side goes first, so a burst of load from elsewhere hits both alike;
    // the summary gives medians of each side and of the per-trial ratios.
    List<Case> cases = List.of(
        new Case("get-master-addr-by-name -P 1", 1, "SENTINEL", "get-master-addr-by-name", MASTER),
        new Case("get-master-addr-by-name -P 16", 16, "SENTINEL", "get-master-addr-by-name", MASTER),
        new Case("PING -P 1 (reference)", 1, "PING"));

    // Warm-up, not reported: every case against the node, in rounds, until a round makes its JIT compile
    // little more than the background trickle, so that the measured trials run C2 code; at least two
    // rounds (one if the compilations cannot be read). Then one round against the real sentinel.
    int warm = Math.max(requests / 4, WARM_UP_MIN);
    long nodePid = follower.pid();
    long firstRound = -1;
    for (int round = 1; round <= WARM_UP_MAX_ROUNDS; round++) {
      long before = jitCompiles(nodePid);
      for (Case c : cases) {
        benchmark(nodePort, clients, warm, c.pipeline(), c.command());
      }
      long compiled = before < 0 ? -1 : jitCompiles(nodePid) - before;
      System.out.printf("  (warm-up round %d of the node: %s JIT compilations in its JVM)%n", round,
          compiled < 0 ? "unknown (no jcmd)" : Long.toString(compiled));
      if (round == 1) {
        firstRound = compiled;
      }
      if (compiled < 0 || (round > 1 && compiled < WARM_UP_QUIET_FRACTION * firstRound)) {
        break;
      }
    }
    for (Case c : cases) {
      benchmark(realPort, clients, Math.max(1, requests / 4), c.pipeline(), c.command());
    }
    System.out.println("  (warm-up above)");
    System.out.printf("load average before: %s%n", loadAverage());
    long compilesBefore = jitCompiles(nodePid);
    for (int t = 1; t <= trials; t++) {
      for (Case c : cases) {
        boolean oursFirst = t % 2 == 1;
        Run first = benchmark(oursFirst ? nodePort : realPort, clients, requests, c.pipeline(), c.command());
        Run second = benchmark(oursFirst ? realPort : nodePort, clients, requests, c.pipeline(), c.command());
        c.ours().add((oursFirst ? first : second).rps());
        c.theirs().add((oursFirst ? second : first).rps());
        c.oursCpu().add((oursFirst ? first : second).cpuUsPerRequest());
        c.theirsCpu().add((oursFirst ? second : first).cpuUsPerRequest());
      }
    }
    long compilesAfter = jitCompiles(nodePid);
    System.out.printf("load average after: %s%n", loadAverage());
    System.out.printf("JIT compilations in the benchmarked node's JVM during the measured trials: %s%n%n",
        compilesBefore < 0 || compilesAfter < 0 ? "unknown" : Long.toString(compilesAfter - compilesBefore));

    System.out.printf("%-32s %14s %14s %7s   %s%n", "command (medians)", "raft-sentinel", "redis-sentinel", "ratio",
        "ratio per trial");
    for (Case c : cases) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < c.ours().size(); i++) {
        ratios.add(c.ours().get(i) / c.theirs().get(i));
      }
      System.out.printf("%-32s %14.0f %14.0f %7.2f   %s%n", c.name(), median(c.ours()), median(c.theirs()),
          median(ratios), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }
    System.out.println("(requests per second; ratio = raft-sentinel / redis-sentinel; " + trials
        + " alternating trials; client and servers share " + Runtime.getRuntime().availableProcessors() + " CPUs)");
    System.out.printf("%n%-32s %14s %14s%n", "server CPU per request (medians)", "raft-sentinel", "redis-sentinel");
    for (Case c : cases) {
      System.out.printf("%-32s %11.2f us %11.2f us%n", c.name(), median(c.oursCpu()), median(c.theirsCpu()));
    }
    System.out.println("(raft-sentinel: the benchmarked node's JVM process, idle work included; redis-sentinel: the"
        + " benchmarked process; from /proc/<pid>/stat, 10 ms ticks)");
  }

  private record Case(String name, int pipeline, List<Double> ours, List<Double> theirs, List<Double> oursCpu,
      List<Double> theirsCpu, String... command) {
    Case(String name, int pipeline, String... command) {
      this(name, pipeline, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), command);
    }
  }

  /** One redis-benchmark run: its requests/s and the server process's CPU time per request. */
  private record Run(double rps, double cpuUsPerRequest) {}

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Starts three node processes and waits until each answers PING; when one exits during start-up (e.g.
   * its Raft port was taken meanwhile: "Address already in use"), kills the group and tries a new one on
   * fresh ports, up to {@link #NODE_START_ATTEMPTS} groups.
   */
  private NodeGroup startNodes(List<String> monitor, NodeProcess.Launch launch) throws IOException {
    for (int attempt = 1; ; attempt++) {
      NodeGroup g = track(NodeGroup.create(3, monitor, launch));
      group = g;
      g.startAll();
      try {
        for (NodeProcess n : g.all()) {
          NodeGroup.awaitReady(n, NODE_START);
        }
        return g;
      } catch (AssertionError e) {
        List<NodeProcess> exited = g.all().stream().filter(n -> !n.isAlive()).toList();
        if (exited.isEmpty() || attempt == NODE_START_ATTEMPTS) {
          throw e;
        }
        for (NodeProcess n : exited) {
          List<String> log = n.logTail(200).lines().toList();
          String cause = log.stream().filter(l -> l.contains("Failed to bind") || l.contains("already in use"))
              .findFirst().or(() -> log.stream().filter(l -> l.contains("ERROR")).findFirst())
              .orElse("(no error in its log)");
          System.out.printf("  (start attempt %d: %s exited: %s; trying a new group on fresh ports)%n", attempt, n,
              cause.strip());
        }
        g.close();
      }
    }
  }

  /**
   * The JIT compilations a JVM has made so far ({@code sun.ci.totalCompiles}, through {@code jcmd}), or -1
   * when that cannot be read. Attaching costs the target little, and is never done during a measured run.
   */
  private static long jitCompiles(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "PerfCounter.print")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return -1;
      }
      Matcher m = Pattern.compile("(?m)^sun\\.ci\\.totalCompiles=([0-9]+)").matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Runs redis-benchmark to completion and returns its requests per second and the server's CPU cost. */
  private Run benchmark(int port, int clients, int requests, int pipeline, String... command)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port),
        "-c", Integer.toString(clients), "-n", Integer.toString(requests), "-q"));
    if (pipeline > 1) {
      argv.addAll(List.of("-P", Integer.toString(pipeline)));
    }
    argv.addAll(List.of(command));
    Long serverPid = pidOfPort.get(port);
    long cpuBefore = serverPid == null ? 0 : ProcStats.cpuMs(serverPid);
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    running = p;
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(BENCH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        throw new IllegalStateException("redis-benchmark did not finish: " + argv);
      }
      Matcher m = RPS.matcher(out);
      if (p.exitValue() != 0 || !m.find()) {
        throw new IllegalStateException("redis-benchmark failed (exit " + p.exitValue() + "): " + out.strip());
      }
      String[] lines = out.strip().split("[\r\n]+");
      double cpuUs = serverPid == null ? Double.NaN : (ProcStats.cpuMs(serverPid) - cpuBefore) * 1000.0 / requests;
      System.out.printf("  :%d -P %-2d %s (server CPU %.2f us/request)%n", port, pipeline, lines[lines.length - 1].strip(),
          cpuUs);
      return new Run(Double.parseDouble(m.group(1)), cpuUs);
    } finally {
      running = null;
      p.destroyForcibly();
    }
  }

  /**
   * On failure, before the temp dir goes: copies the node logs to {@code -Dbench.node-log-dir} (bin/bench-resp:
   * integration-tests/target/bench-resp-nodes) and prints their last lines that are not stack frames.
   */
  private void keepNodeLogs() {
    NodeGroup g = group;
    if (g == null) {
      return;
    }
    String dir = System.getProperty("bench.node-log-dir");
    for (NodeProcess n : g.all()) {
      Path log = g.root().resolve(n.id() + ".log");
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.startsWith("\t") && !l.startsWith("Caused by")).toList();
        System.err.println("----- " + n + " log, last lines without stack traces -----");
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.err::println);
        if (dir != null) {
          Path to = Path.of(dir).resolve(n.id() + ".log");
          Files.createDirectories(to.getParent());
          Files.copy(log, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          System.err.println("(whole log kept in " + to + ")");
        }
      } catch (IOException e) {
        System.err.println("bench-resp: cannot keep the log of " + n + ": " + e);
      }
    }
  }

  /** Idempotent: the shutdown hook and the normal path may both call it. */
  private void closeAll() {
    Process p = running;
    if (p != null) {
      p.destroyForcibly();
    }
    List<AutoCloseable> toClose;
    synchronized (resources) {
      toClose = new ArrayList<>(resources);
      resources.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        System.err.println("bench-resp: cleanup of " + toClose.get(i) + " failed: " + e);
      }
    }
  }
}
