package io.raftsentinel.it.clients;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.bench.ProcStats;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side throughput of the Sentinel protocol endpoint: one redis-server master watched by three
 * raft-sentinel nodes (this JVM) and three real {@code redis-sentinel}s, then {@code redis-benchmark}
 * against a follower node and a real sentinel, with and without pipelining, in alternating trials,
 * printed as medians and per-trial ratios.
 * Everything runs on free loopback ports and temp dirs and is torn down on exit, failure or Ctrl-C.
 * Run through {@code bin/bench-resp [requests] [clients] [trials]}.
 */
public final class BenchResp {
  private static final Pattern RPS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final long BENCH_TIMEOUT_MINUTES = 10;
  private static final String MASTER = "mymaster";

  private final List<AutoCloseable> resources = new ArrayList<>();
  private volatile Process running;
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
    SentinelCluster cluster = track(SentinelCluster.create(3, monitor));
    cluster.startAll();
    List<RedisSentinelProcess> reals = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      reals.add(track(RedisSentinelProcess.start(MASTER, master.port(), 2, settings)));
    }
    SentinelNode leader = cluster.awaitLeader();
    SentinelNode follower = cluster.running().stream().filter(n -> n != leader).findFirst().orElseThrow();
    int nodePort = follower.respPort();
    int realPort = reals.get(0).port();
    // CPU is charged to the server process: this JVM (all three nodes) for ours, the one sentinel for theirs.
    pidOfPort.put(nodePort, ProcStats.selfPid());
    pidOfPort.put(realPort, reals.get(0).pid());
    String expected = "127.0.0.1\n" + master.port() + "\n";
    for (int port : List.of(nodePort, realPort)) {
      Poll.until(SETTLE, () -> expected.equals(RedisCli.run(port, RedisCli.Mode.RAW2, "SENTINEL",
          "get-master-addr-by-name", MASTER)), "port " + port + " to answer get-master-addr-by-name");
    }
    System.out.printf("master redis-server :%d; raft-sentinel nodes %s (follower %s :%d); redis-sentinel %s%n",
        master.port(), cluster.running().stream().map(n -> n.config().raftId() + ":" + n.respPort()).toList(),
        follower.config().raftId(), nodePort, reals.stream().map(RedisSentinelProcess::port).toList());
    System.out.printf("redis-benchmark -c %d -n %d -q SENTINEL get-master-addr-by-name %s [-P 16]%n%n",
        clients, requests, MASTER);

    // Warm-up, not reported: lets the node's JIT compile the request path before it is measured.
    for (int port : List.of(nodePort, realPort)) {
      benchmark(port, clients, Math.max(1, requests / 4), 1, "SENTINEL", "get-master-addr-by-name", MASTER);
    }
    System.out.println("  (warm-up above)");
    // Trials alternate which side goes first, so a burst of load from elsewhere hits both alike;
    // the summary gives medians of each side and of the per-trial ratios.
    List<Case> cases = List.of(
        new Case("get-master-addr-by-name -P 1", 1, "SENTINEL", "get-master-addr-by-name", MASTER),
        new Case("get-master-addr-by-name -P 16", 16, "SENTINEL", "get-master-addr-by-name", MASTER),
        new Case("PING -P 1 (reference)", 1, "PING"));
    System.out.printf("load average before: %s%n", loadAverage());
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
    System.out.printf("load average after: %s%n%n", loadAverage());

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
    System.out.println("(raft-sentinel: the whole JVM of three nodes, idle work included; redis-sentinel: the"
        + " benchmarked process; from /proc, 10 ms ticks)");
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
