package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import io.raftsentinel.testing.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set-up every reliability scenario shares: one Redis master and two replicas (real
 * redis-server), three node processes monitoring them (quorum 2, down-after 1000 ms), an event
 * recorder on every node, and pollers of every node's {@code SENTINEL master} (~200 ms) and every
 * Redis's {@code ROLE} (~50 ms). {@link #close()} stops everything, whatever state it is in.
 */
public final class Rig implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Rig.class);
  public static final String MASTER = "mymaster";
  public static final long DOWN_AFTER_MS = 1_000;
  private static final long STARTUP_DOWN_AFTER_MS = 30_000;
  /** Bounded but generous: at load 19-25 on 2 cores three node JVMs needed 33 s, once more than 45 s, to answer. */
  public static final Duration START = Duration.ofSeconds(90);
  public static final Duration CONVERGE = Duration.ofSeconds(30);
  /** A returning old master may stay master until the leader's reconciler demotes it: bound, not zero. */
  public static final long TWO_MASTERS_BOUND_MS = 10_000;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<Long> manualRequests = new CopyOnWriteArrayList<>();
  private final List<RedisProcess> redis = new ArrayList<>();
  private final long failoverTimeoutMs;
  private final Setup setup;
  private RedisProcess initialMaster;
  private TcpProxy masterProxy;
  private NodeGroup nodes;
  private EventRecorder recorder;
  private Sampler<EpochSample> epochs;
  private Sampler<RoleSample> roles;

  /**
   * What a scenario changes in the standard set-up.
   *
   * @param redisConfig extra config lines for every redis-server (e.g. {@code min-replicas-to-write 1})
   * @param masterBehindProxy every node reaches the initial master only through one {@link TcpProxy}
   *     ({@link #masterProxy()}) that the test can cut; the committed address stays the real one, and
   *     replication links and clients use the real port
   * @param replicas how many replicas the master starts with (parallel-syncs 1)
   * @param nodeArgs extra {@link NodeMain} arguments for every node
   */
  public record Setup(List<String> redisConfig, boolean masterBehindProxy, int replicas, List<String> nodeArgs) {
    public static final Setup STANDARD = new Setup(List.of(), false);

    public Setup(List<String> redisConfig, boolean masterBehindProxy) {
      this(redisConfig, masterBehindProxy, 2, List.of());
    }

    public Setup withNodeArgs(List<String> args) {
      return new Setup(redisConfig, masterBehindProxy, replicas, args);
    }
  }

  private Rig(long failoverTimeoutMs, Setup setup) {
    this.failoverTimeoutMs = failoverTimeoutMs;
    this.setup = setup;
  }

  /** Starts everything and waits until every node is ready, subscribed to, and knows both replicas. */
  public static Rig start(long failoverTimeoutMs) throws Exception {
    return start(failoverTimeoutMs, Setup.STANDARD);
  }

  /** As {@link #start(long)} with {@code replicas} replicas of the master (parallel-syncs 1). */
  public static Rig start(long failoverTimeoutMs, int replicas) throws Exception {
    return start(failoverTimeoutMs, new Setup(List.of(), false, replicas, List.of()));
  }

  /** As {@link #start(long)}, changed by {@code setup}. */
  public static Rig start(long failoverTimeoutMs, Setup setup) throws Exception {
    Rig rig = new Rig(failoverTimeoutMs, setup);
    try {
      rig.startAll();
    } catch (Exception | AssertionError e) {
      System.err.println(rig.diagnostics());
      rig.close();
      throw e;
    }
    return rig;
  }

  private void startAll() throws Exception {
    initialMaster = track(redis(null));
    redis.add(initialMaster);
    for (int i = 0; i < setup.replicas(); i++) {
      redis.add(track(redis(initialMaster.address())));
    }
    nodes = track(NodeGroup.create(3, List.of(
        "sentinel monitor " + MASTER + " 127.0.0.1 " + initialMaster.port() + " 2",
        // Lowered to DOWN_AFTER_MS once every node has reached the master: see warmUp().
        "sentinel down-after-milliseconds " + MASTER + " " + STARTUP_DOWN_AFTER_MS,
        "sentinel failover-timeout " + MASTER + " " + failoverTimeoutMs)));
    List<String> nodeArgs = new ArrayList<>(setup.nodeArgs());
    if (setup.masterBehindProxy()) {
      masterProxy = track(TcpProxy.start("127.0.0.1", initialMaster.port()));
      nodeArgs.addAll(NodeMain.routeArgs(initialMaster.address(), new InstanceAddress("127.0.0.1", masterProxy.port())));
    }
    nodes.all().forEach(n -> n.extraArgs(nodeArgs));
    nodes.startAll();
    for (NodeProcess n : nodes.all()) {
      NodeGroup.awaitReady(n, START);
    }
    recorder = track(new EventRecorder(nodes.all()));
    Map<String, Integer> nodePorts = new LinkedHashMap<>();
    nodes.all().forEach(n -> nodePorts.put(n.id(), n.respPort()));
    epochs = track(new Sampler<>(nodePorts, 200, 1_000, id -> EpochSample.probe(id, MASTER)));
    Map<String, Integer> redisPorts = new LinkedHashMap<>();
    redis.forEach(r -> redisPorts.put(address(r), r.port()));
    roles = track(new Sampler<>(redisPorts, 50, 300, RoleSample::probe));
    Poll.until(START, () -> nodes.all().stream().allMatch(n -> recorder.subscribedSession(n.id()) > 0),
        "the event recorder to be subscribed to every node");
    Poll.until(START, () -> nodes.all().stream().allMatch(n ->
        Integer.toString(setup.replicas()).equals(RespProbe.sentinelMaster(n.respPort(), MASTER).get("num-slaves"))),
        "every node to know all " + setup.replicas() + " replicas");
    warmUp();
  }

  /**
   * A node JVM that has just started needs well over a second for its first Redis connection on a
   * busy 2-core machine, and a newly tracked master counts as unanswered from the moment it is
   * tracked (Sentinel's rule): with down-after 1000 the whole group would declare a healthy master
   * ODOWN at start-up and burn an epoch and a cooldown (seen in the first runs; see RELIABILITY.md).
   * So the group starts with a long down-after and switches to 1000 ms, through the replicated
   * {@code SENTINEL SET}, once every node has talked to every instance.
   */
  private void warmUp() {
    assertEquals("OK", RespProbe.sentinelSet(nodes.all().get(0).respPort(), MASTER, "down-after-milliseconds",
        Long.toString(DOWN_AFTER_MS)));
    Poll.until(START, () -> nodes.all().stream().allMatch(n -> Long.toString(DOWN_AFTER_MS).equals(
        RespProbe.sentinelMaster(n.respPort(), MASTER).get("down-after-milliseconds"))),
        "every node to apply down-after-milliseconds " + DOWN_AFTER_MS);
    assertTrue(recorder.events().stream().noneMatch(e -> e.channel().equals("+try-failover")),
        "no failover attempt while starting: " + recorder.events());
  }

  private RedisProcess redis(InstanceAddress replicaOf) {
    RedisProcess.Builder b = RedisProcess.builder();
    if (replicaOf != null) {
      b.replicaOf(replicaOf);
    }
    setup.redisConfig().forEach(b::config);
    return b.start();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  /** The proxy between the nodes and the initial master; only with {@link Setup#masterBehindProxy()}. */
  public TcpProxy masterProxy() {
    if (masterProxy == null) {
      throw new IllegalStateException("this rig was started without masterBehindProxy");
    }
    return masterProxy;
  }

  public NodeGroup nodes() {
    return nodes;
  }

  public NodeProcess node(String id) {
    return nodes.node(id);
  }

  public RedisProcess initialMaster() {
    return initialMaster;
  }

  public List<RedisProcess> redis() {
    return List.copyOf(redis);
  }

  public EventRecorder recorder() {
    return recorder;
  }

  public long failoverTimeoutMs() {
    return failoverTimeoutMs;
  }

  public static String address(RedisProcess r) {
    return "127.0.0.1:" + r.port();
  }

  public RedisProcess redisAt(String address) {
    return redis.stream().filter(r -> address(r).equals(address)).findFirst()
        .orElseThrow(() -> new AssertionError("no redis-server at " + address));
  }

  /**
   * Writes the config of a node that will join the group ({@code raft-join yes}), starts it, and
   * records and samples it like the others from now on. Returns it; its raft address is
   * {@link NodeProcess#raftAddress()}.
   */
  public NodeProcess startJoiner(String id) throws IOException {
    nodes.addJoiner(id);
    NodeProcess n = nodes.node(id).start();
    recorder.follow(n);
    epochs.add(id, n.respPort());
    return n;
  }

  /** {@code SENTINEL FAILOVER} on one node, remembered so the checker accepts the failover it starts. */
  public String requestManualFailover(NodeProcess n) {
    manualRequests.add(Millis.now());
    return RespProbe.manualFailover(n.respPort(), MASTER);
  }

  /** Master address and config epoch as one node reports them, and whether a failover is under way. */
  public record View(String address, long epoch, boolean settled) {}

  public static View view(NodeProcess n) {
    Map<String, String> m = RespProbe.sentinelMaster(n.respPort(), MASTER);
    return new View(m.get("ip") + ":" + m.get("port"), Long.parseLong(m.get("config-epoch")),
        !m.get("flags").contains("failover_in_progress"));
  }

  /** Waits until every running, unpaused node reports the same master and epoch with no failover under way. */
  public View awaitAgreement(Duration timeout, String what, java.util.function.Predicate<View> condition) {
    View[] agreed = new View[1];
    Poll.until(timeout, () -> {
      List<View> views = nodes.live().stream().map(Rig::view).toList();
      if (views.isEmpty() || views.stream().distinct().count() != 1 || !views.get(0).settled()
          || !condition.test(views.get(0))) {
        return false;
      }
      agreed[0] = views.get(0);
      // get-master-addr-by-name is what clients use: it must say the same.
      return nodes.live().stream().allMatch(n -> views.get(0).address().equals(RespProbe.masterAddr(n.respPort(),
          MASTER)));
    }, what);
    return agreed[0];
  }

  /** Waits until the failover away from the initial master ended on every live node. */
  public View awaitFailedOver(Duration timeout) {
    return awaitAgreement(timeout, "every live node to end the failover away from " + address(initialMaster),
        v -> !v.address().equals(address(initialMaster)) && v.epoch() >= 1);
  }

  /** Waits until {@code replica} replicates from {@code master} with its link up. */
  public static void awaitReplicates(RedisProcess replica, RedisProcess master, Duration timeout) {
    Poll.until(timeout, () -> {
      String info = replica.cli("INFO", "replication");
      return info.contains("role:slave") && info.contains("master_port:" + master.port())
          && info.contains("master_link_status:up");
    }, replica + " to replicate from " + master);
  }

  /** The Redis instances answering {@code role:master} right now (paused ones do not answer). */
  public List<RedisProcess> mastersNow() {
    return redis.stream().filter(r -> r.isAlive() && r.answersPing() && "master".equals(r.role())).toList();
  }

  /** Asserts that no node publishes {@code +try-failover} during {@code period} (and none since {@code sinceMs}). */
  public void assertNoFailoverFor(Duration period, long sinceMs) {
    long until = Millis.now() + period.toMillis();
    while (Millis.now() < until) {
      List<RecordedEvent> tries = events("+try-failover").stream().filter(e -> e.atMs() >= sinceMs).toList();
      assertTrue(tries.isEmpty(), "failover attempted while it must not be: " + tries);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  /** After any fault: every Redis but the agreed master replicates from it. */
  public void awaitRedisFollows(View agreed, Duration timeout) {
    RedisProcess master = redisAt(agreed.address());
    for (RedisProcess r : redis) {
      if (r != master) {
        awaitReplicates(r, master, timeout);
      }
    }
  }

  public List<RecordedEvent> events(String channel) {
    return recorder.events().stream().filter(e -> e.channel().equals(channel)).toList();
  }

  /** Runs the checker over everything recorded so far; fails with the history when an invariant broke. */
  public History checkHistory() {
    return checkHistory(TWO_MASTERS_BOUND_MS);
  }

  /**
   * As {@link #checkHistory()}, with a scenario's own bound on two writable masters (a partitioned
   * old master is expected to stay master for the whole partition).
   */
  public History checkHistory(long twoMastersBoundMs) {
    Set<String> live = nodes.live().stream().map(NodeProcess::id).collect(Collectors.toSet());
    // The last sample of every live node must be recent: wait for one taken after this call.
    long now = Millis.now();
    Poll.until(CONVERGE, () -> live.stream().allMatch(id -> epochs.samples().stream()
        .anyMatch(s -> s.node().equals(id) && s.atMs() > now)), "a fresh SENTINEL master sample from every live node");
    History h = new HistoryChecker(MASTER, address(initialMaster))
        .check(recorder.events(), epochs.samples(), roles.samples(), List.copyOf(manualRequests), live,
            live.stream().filter(id -> recorder.subscribedSession(id) == 1).collect(Collectors.toSet()));
    LOG.info("History: {}", h.summary());
    assertTrue(h.violations().isEmpty(), "history violations: " + h.violations() + "\n" + h.summary());
    assertTrue(h.longestTwoMastersMs() <= twoMastersBoundMs,
        "two Redis masters for " + h.longestTwoMastersMs() + " ms: " + h.twoMasters());
    return h;
  }

  /** Node log tails and the last recorded events, for a failure report. */
  public String diagnostics() {
    StringBuilder b = new StringBuilder();
    if (nodes != null) {
      b.append(nodes.logTails(60));
    }
    if (recorder != null) {
      List<RecordedEvent> all = recorder.events();
      b.append("----- last recorded events -----\n");
      all.subList(Math.max(0, all.size() - 80), all.size()).forEach(e -> b.append(e).append('\n'));
    }
    return b.toString();
  }

  /** Copies every node log and the whole recorded event history to {@code dir}, which outlives the rig. */
  public void saveLogs(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (nodes != null) {
      for (NodeProcess n : nodes.all()) {
        Path log = nodes.root().resolve(n.id() + ".log");
        if (Files.exists(log)) {
          Files.copy(log, dir.resolve(n.id() + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (recorder != null) {
      Files.write(dir.resolve("events.txt"), recorder.events().stream().map(RecordedEvent::toString).toList());
    }
    if (roles != null) {
      Files.write(dir.resolve("roles.txt"), roles.samples().stream().map(RoleSample::toString).toList());
    }
    if (epochs != null) {
      Files.write(dir.resolve("epochs.txt"), epochs.samples().stream().map(EpochSample::toString).toList());
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    RuntimeException first = null;
    for (AutoCloseable r : reversed) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", r, e);
        if (first == null) {
          first = new IllegalStateException("cleanup failed", e);
        }
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
  }
}
