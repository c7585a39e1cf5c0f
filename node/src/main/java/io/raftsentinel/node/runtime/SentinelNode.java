package io.raftsentinel.node.runtime;

import io.raftsentinel.node.config.NodeConfig;
import io.raftsentinel.node.config.RaftPeerConfig;
import io.raftsentinel.node.events.EventHub;
import io.raftsentinel.node.events.EventLogger;
import io.raftsentinel.node.failover.FailoverCoordinator;
import io.raftsentinel.node.failover.FailoverGuards;
import io.raftsentinel.node.grpc.GrpcServer;
import io.raftsentinel.node.grpc.GrpcSettings;
import io.raftsentinel.node.health.HealthMonitor;
import io.raftsentinel.node.health.Ticker;
import io.raftsentinel.node.metrics.CountingQueryService;
import io.raftsentinel.node.metrics.FailoverMetrics;
import io.raftsentinel.node.metrics.MetricsServer;
import io.raftsentinel.node.metrics.NodeMetrics;
import io.raftsentinel.node.metrics.QueryMetrics;
import io.raftsentinel.node.query.TopologyWriter;
import io.raftsentinel.node.query.WriteResult;
import io.raftsentinel.node.reconcile.TopologyReconciler;
import io.raftsentinel.node.redis.RedisEndpoint;
import io.raftsentinel.node.redis.RedisResources;
import io.raftsentinel.node.resp.RespConfig;
import io.raftsentinel.node.resp.RespServer;
import io.raftsentinel.node.resp.SimulateFailureFlags;
import io.raftsentinel.node.scripts.PrePromoteScript;
import io.raftsentinel.node.scripts.ScriptDispatcher;
import io.raftsentinel.node.scripts.ScriptRunner;
import io.raftsentinel.node.tls.TlsMaterial;
import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.MasterSettings;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import io.raftsentinel.raftstate.ratis.RaftMember;
import io.raftsentinel.raftstate.ratis.RaftTuning;
import io.raftsentinel.raftstate.ratis.StateMachineListener;
import io.raftsentinel.raftstate.ratis.TopologyRaftClient;
import io.raftsentinel.raftstate.ratis.TopologyRaftServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raft-sentinel node: the composition root. Starts the Raft server, the Redis monitor, the
 * leader-only failover coordinator and reconciler, and the client endpoints, and closes them in the
 * reverse order.
 */
public final class SentinelNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SentinelNode.class);
  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);
  private static final long BOOTSTRAP_RETRY_MS = 200;

  private final NodeConfig config;
  private final String runId;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final ScheduledExecutorService scheduler;
  private final EventHub events;
  /** Log time as this node reads it: stamps its commands and measures every window recorded in the log. */
  private final LogClock logClock;
  private final LongSupplier logClockMs;
  private final TopologyRaftServer raft;
  private final TopologyRaftClient raftClient;
  private final HealthMonitor monitor;
  private final NodeTopology topology;
  private final FailoverCoordinator coordinator;
  private final RespServer resp;
  private final GrpcServer grpc;
  private final FailoverMetrics failoverMetrics = new FailoverMetrics();
  private final QueryMetrics queryMetrics = new QueryMetrics();
  private final MetricsServer metrics;
  private volatile boolean announced;
  private final SimulateFailureFlags simulateFailure = new SimulateFailureFlags();

  private SentinelNode(NodeConfig config, NodeOptions options) throws IOException {
    this.config = config;
    RaftDirectory.prepare(config.raftDir());
    // Loaded before anything listens: a bad certificate stops start-up with a message naming the file.
    TlsMaterial tls = config.tls().enabled() ? TlsMaterial.load(config.tls()) : null;
    if (tls != null) {
      LOG.info("Mutual TLS on gRPC and Raft traffic as {}", tls.subject());
    }
    this.runId = NodeIdentity.loadOrCreate(config.raftDir());
    this.logClock = new LogClock(options.wallClock(), Ticker.system());
    this.logClockMs = logClock::millis;
    String nodeId = config.raftId();
    this.events = new EventHub(nodeId);
    events.subscribe(new EventLogger());
    events.subscribe(failoverMetrics);

    scheduler = Executors.newScheduledThreadPool(2, daemon("node-" + nodeId));
    closeables.push(scheduler::shutdownNow);
    // Blocking Raft status asks (a follower asking its leader) never hold up the probes' scheduler.
    ExecutorService statusExecutor = Executors.newSingleThreadExecutor(daemon("node-" + nodeId + "-status"));
    closeables.push(statusExecutor::shutdownNow);

    List<RaftMember> members = new ArrayList<>();
    members.add(new RaftMember(nodeId, config.raftAddress().host() + ":" + config.raftAddress().port()));
    for (RaftPeerConfig p : config.peers()) {
      members.add(new RaftMember(p.id(), p.address().host() + ":" + p.address().port()));
    }
    RaftTuning tuning = options.tuning().apply(RaftTuning.DEFAULTS.withElectionTimeouts(config.electionTimeoutMin(),
        config.electionTimeoutMax()));
    raftClient = new TopologyRaftClient(members, tuning, WRITE_DEADLINE, tls == null ? null : tls.raftTls());
    closeables.push(raftClient);

    RedisResources redis = RedisResources.create();
    closeables.push(redis);
    // Filled in once the topology exists: the monitor reports through it.
    DeferredWriter writer = new DeferredWriter();
    HealthReporter reporter = new HealthReporter(writer, scheduler, () -> announced, events::publishLocal, logClockMs);
    monitor = new HealthMonitor(redis, scheduler, Ticker.system(), logClock,
        RedisEndpoint.clientNameFor(runId), reporter, options.route());
    closeables.push(monitor);

    MonitorRedisActions actions = new MonitorRedisActions(monitor);
    FreshInfoCandidateSource candidates = new FreshInfoCandidateSource(monitor, nodeId, logClockMs);
    PrePromoteScript prePromote = new PrePromoteScript(prePromoteScripts(config), PrePromoteScript.DEFAULT_TIMEOUT);
    closeables.push(prePromote);

    // The Raft server starts last among the internals: its listener needs everything above.
    RaftListener listener = new RaftListener();
    if (config.raftJoin()) {
      LOG.info("raft-join yes: starting with no Raft members; waiting to be added with 'raft-sentinel members add'");
    }
    raft = TopologyRaftServer.start(members.get(0), members, config.raftDir().toFile(), tuning, listener,
        tls == null ? null : tls.raftTls(), config.raftJoin());
    closeables.push(raft);
    topology = new NodeTopology(nodeId, runId, raft, raftClient, events, monitor::observation, candidates,
        logClockMs, statusExecutor);
    writer.target = topology;
    logClock.observe(topology.state().logTimeMs());

    monitor.readForRankingOnlyWhile(raft::isLeaderReady);
    coordinator = new FailoverCoordinator(topology::state, topology::submit, actions, candidates, this::leadsInTerm,
        new SimulatedFailures(simulateFailure, options.hooks()),
        (m, a) -> m.reportsFor(a).containsKey(nodeId) || observedDown(a), logClockMs, config.failoverMaxParallel(),
        new FailoverGuards(prePromote, config.safeMode()));
    closeables.push(coordinator);
    TopologyReconciler reconciler = new TopologyReconciler(topology::state, monitor::observation, actions,
        () -> coordinator.active() && raft.isLeaderReady(), events::publishLocal,
        a -> monitor.freshInfo(a, Duration.ofSeconds(1)), logClockMs, 1_000, 500);
    closeables.push(reconciler);
    reconciler.start();

    monitorSync = new MonitorSync(monitor, topology::state, nodeId, pingPeriods(config), scheduler);
    // Readiness is sticky but was judged only when a client asked: a node first queried after losing
    // its leader stayed unready for good. Judge it from the start (cheap once ready).
    scheduler.scheduleWithFixedDelay(topology::ready, 100, 100, TimeUnit.MILLISECONDS);
    listener.ready = true;
    monitorSync.request();
    if (raft.isLeaderReady()) {
      coordinator.onLeaderReady(raft.info().getCurrentTerm());
    }

    ScriptRunner scripts = new ScriptRunner();
    closeables.push(scripts);
    events.subscribe(new ScriptDispatcher(scriptsByMaster(config), raft::isLeaderReady, scripts));

    resp = new RespServer(new CountingQueryService(topology, queryMetrics, "resp"), topology,
        new RespConfig(config.bind(), config.port(), config.requirepass(), config.announceIp(), config.announcePort()),
        simulateFailure, options.wallClock().withZone(java.time.ZoneOffset.UTC), logClock);
    closeables.push(resp);
    grpc = GrpcServer.start(GrpcSettings.of(config.bind(), config.grpcPort(), config.requirepass()).withTls(tls),
        new CountingQueryService(topology, queryMetrics, "grpc"), topology);
    closeables.push(grpc);
    grpc.enableMembership(new io.raftsentinel.raftstate.ratis.RaftMembership(raft, tuning,
        tls == null ? null : tls.raftTls()));
    if (config.metricsPort() > 0) {
      NodeMetrics rendered = new NodeMetrics(topology, failoverMetrics, queryMetrics);
      try {
        metrics = MetricsServer.start(config.bind(), config.metricsPort(), rendered::render);
      } catch (IOException e) {
        close();
        throw new IOException("metrics-port " + config.metricsPort() + ": " + e.getMessage(), e);
      }
      closeables.push(metrics);
    } else {
      metrics = null;
    }
    scheduler.execute(this::bootstrap);
    LOG.info("Node {} started: raft {}, RESP port {}, gRPC port {}, run id {}", nodeId, members.get(0).address(),
        resp.port(), grpc.port(), runId);
  }

  private MonitorSync monitorSync;

  public static SentinelNode start(NodeConfig config) throws IOException {
    return start(config, NodeOptions.DEFAULTS);
  }

  public static SentinelNode start(NodeConfig config, NodeOptions options) throws IOException {
    return new SentinelNode(config, options);
  }

  public NodeTopology topology() {
    return topology;
  }

  public TopologyRaftServer raft() {
    return raft;
  }

  public int respPort() {
    return resp.port();
  }

  public int grpcPort() {
    return grpc.port();
  }

  public String runId() {
    return runId;
  }

  /** The port of the {@code /metrics} endpoint, or 0 when it is off. */
  public int metricsPort() {
    return metrics == null ? 0 : metrics.port();
  }

  public NodeConfig config() {
    return config;
  }

  private boolean leadsInTerm(long term) {
    var info = raft.info();
    return info != null && info.isLeader() && info.isLeaderReady() && info.getCurrentTerm() == term;
  }

  private boolean observedDown(InstanceAddress a) {
    var o = monitor.observation(a);
    return o == null || o.subjectivelyDown();
  }

  /** Announces this node and seeds the configured masters, retrying until the group commits them. */
  private void bootstrap() {
    try {
      if (!announced) {
        var r = topology.submit(Command.newBuilder().setNodeAnnounce(NodeAnnounce.newBuilder()
            .setNodeId(config.raftId()).setHost(announceHost()).setRespPort(announcePort())
            .setGrpcPort(config.grpcPort()).setRunId(runId))).get(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (!r.ok()) {
          LOG.error("The group refused this node's announcement: {} {}", r.code(), r.message());
          return;
        }
        announced = true;
      }
      TopologyState s = topology.state();
      // Proposed together: the client pipelines them, so a config with hundreds of masters seeds in
      // a few commits' time instead of one round trip per master.
      Map<String, CompletableFuture<WriteResult>> pending =
          new java.util.LinkedHashMap<>();
      for (var m : config.masters()) {
        if (s.master(m.name()) == null) {
          pending.put(m.name(), topology.submit(Command.newBuilder().setMonitorMaster(MonitorMaster.newBuilder()
              .setName(m.name()).setAddress(Address.newBuilder().setHost(m.host()).setPort(m.port()))
              .setQuorum(m.quorum())
              .setSettings(MasterSettings.newBuilder().setDownAfterMs(m.downAfter().toMillis())
                  .setFailoverTimeoutMs(m.failoverTimeout().toMillis()).setParallelSyncs(m.parallelSyncs())
                  .setAuthUser(nullToEmpty(m.authUser())).setAuthPass(nullToEmpty(m.authPass()))
                  .setPromotionLagPolicy(m.promotionLagPolicy().configName())
                  .setMaxPromotionLag(m.maxPromotionLag())))));
        }
      }
      for (var m : config.masters()) {
        var f = pending.get(m.name());
        if (f == null) {
          continue;
        }
        var r = f.get(WRITE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (r.code() == ResultCode.DUPLICATE_MASTER) {
          LOG.warn("Config says 'sentinel monitor {} {} {} {}' but the group already monitors it differently; "
              + "the replicated state wins", m.name(), m.host(), m.port(), m.quorum());
        } else if (!r.ok()) {
          LOG.error("Could not seed master {}: {} {}", m.name(), r.code(), r.message());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.info("Bootstrap not committed yet ({}); retrying", RaftStatusReader.rootMessage(e));
      scheduler.schedule(this::bootstrap, BOOTSTRAP_RETRY_MS, TimeUnit.MILLISECONDS);
    }
  }

  private String announceHost() {
    return config.announceIp() != null ? config.announceIp() : config.bind();
  }

  private int announcePort() {
    return config.announcePort() > 0 ? config.announcePort() : resp.port();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static java.util.function.Function<String, ScriptDispatcher.MasterScripts> scriptsByMaster(NodeConfig c) {
    Map<String, ScriptDispatcher.MasterScripts> out = new HashMap<>();
    for (var m : c.masters()) {
      out.put(m.name(), new ScriptDispatcher.MasterScripts(m.notificationScript(), m.clientReconfigScript()));
    }
    return name -> out.getOrDefault(name, ScriptDispatcher.MasterScripts.NONE);
  }

  private static java.util.function.Function<String, java.nio.file.Path> prePromoteScripts(NodeConfig c) {
    Map<String, java.nio.file.Path> out = new HashMap<>();
    for (var m : c.masters()) {
      if (m.prePromoteScript() != null) {
        out.put(m.name(), m.prePromoteScript());
      }
    }
    return out::get;
  }

  private static Map<String, Duration> pingPeriods(NodeConfig config) {
    Map<String, Duration> out = new HashMap<>();
    for (var m : config.masters()) {
      if (m.pingPeriod() != null) {
        out.put(m.name(), m.pingPeriod());
      }
    }
    return out;
  }

  private static ThreadFactory daemon(String prefix) {
    var n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Ordered shutdown: client endpoints first, Raft and Redis connections last. */
  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Error while closing {}", c, e);
      }
    }
  }

  /** Routes Raft notifications to the node's parts; ignores them until the node is wired. */
  private final class RaftListener implements StateMachineListener {
    volatile boolean ready;

    @Override
    public void onApplied(long index, Command command, ApplyResult result) {
      logClock.observe(result.state().logTimeMs());
      events.onApplied(index, command, result);
      if (!ready) {
        return;
      }
      if (result.ok()) {
        monitorSync.request();
      }
      coordinator.poke();
    }

    @Override
    public void onStateReloaded(TopologyState state, long appliedIndex) {
      logClock.observe(state.logTimeMs());
      if (ready) {
        monitorSync.request();
      }
    }

    @Override
    public void onLeaderReady(long term) {
      if (ready) {
        coordinator.onLeaderReady(term);
      }
    }

    @Override
    public void onNotLeader() {
      if (ready) {
        coordinator.onNotLeader();
      }
    }
  }

  /** Lets the monitor's reporter be built before the topology it writes to. */
  private static final class DeferredWriter implements TopologyWriter {
    volatile NodeTopology target;

    @Override
    public CompletableFuture<WriteResult> submit(Command.Builder c) {
      return target.submit(c);
    }

    @Override
    public CompletableFuture<WriteResult> failover(String master) {
      return target.failover(master);
    }

    @Override
    public CompletableFuture<WriteResult> switchover(String master,
        io.raftsentinel.raftstate.core.InstanceAddress to, long timeoutMs) {
      return target.switchover(master, to, timeoutMs);
    }

    @Override
    public CompletableFuture<Long> snapshot() {
      return target.snapshot();
    }
  }
}
