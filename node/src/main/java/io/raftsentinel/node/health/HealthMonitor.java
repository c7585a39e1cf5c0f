package io.raftsentinel.node.health;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.redis.InfoParser;
import io.raftsentinel.node.redis.InfoReplication;
import io.raftsentinel.node.redis.PingReply;
import io.raftsentinel.node.redis.RedisEndpoint;
import io.raftsentinel.node.redis.RedisInstanceClient;
import io.raftsentinel.node.redis.RedisResources;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every instance of the monitored master groups: one {@link RedisInstanceClient} per instance,
 * PING every ping period (a master's own, {@link MonitoredMaster#replicaPingPeriod} for replicas; never a
 * second one while one is pending), INFO every 10 s (1 s in fast mode), replicas discovered from the
 * master's INFO. All probing runs as tasks on one shared scheduler, so the thread count does not grow
 * with the number of instances. Reports SDOWN transitions and replica-set changes to a
 * {@link HealthListener}, in order, on the scheduler. A heartbeat on the same scheduler measures how late
 * the monitor itself runs; while it is late, new SDOWN verdicts are held as in Sentinel's TILT mode
 * (see {@link TiltGuard}). Thread-safe.
 */
public final class HealthMonitor implements AutoCloseable {
  public static final Duration INFO_PERIOD = Duration.ofSeconds(10);
  public static final Duration FAST_INFO_PERIOD = Duration.ofSeconds(1);
  /** Time-out of an INFO read to rank replicas for a failover. */
  public static final Duration RANKING_INFO_TIMEOUT = Duration.ofMillis(500);
  /** How long the INFO read when a master was judged down serves to rank its replicas. */
  public static final Duration RANKING_INFO_VALIDITY = Duration.ofSeconds(2);
  private static final Duration MIN_COMMAND_TIMEOUT = Duration.ofMillis(200);
  private static final Duration MAX_COMMAND_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
  /** Fixed delay of the heartbeat that measures how late this monitor's own scheduler runs. */
  static final Duration HEARTBEAT = Duration.ofMillis(100);

  private final RedisResources redis;
  private final ScheduledExecutorService scheduler;
  private final Ticker ticker;
  /** Stamps down-since reports only (in log time, see LogClock); SDOWN itself is judged on the ticker. */
  private final InstantSource clock;
  private final String clientName;
  private final HealthListener listener;
  private final FailureDetector detector;
  private final Object lock = new Object();
  private final Map<String, MasterGroup> groups = new TreeMap<>();
  private final Map<InstanceAddress, MonitoredInstance> instances = new HashMap<>();
  private boolean closed;
  private final Function<InstanceAddress, InstanceAddress> route;
  /** Whether a down verdict reads the master's replicas for ranking now: only the leader ranks. */
  private volatile BooleanSupplier ranksFailovers = () -> true;
  private final TiltGuard tilt;
  private final ScheduledFuture<?> heartbeat;
  /** Whether any verdict is held (between the +tilt and -tilt log lines). */
  private boolean tilted;
  private long tiltWorstLag;

  /**
   * @param clientName the {@code CLIENT SETNAME} of every connection, see {@link RedisEndpoint#clientNameFor}
   */
  public HealthMonitor(RedisResources redis, ScheduledExecutorService scheduler, Ticker ticker,
      InstantSource clock, String clientName, HealthListener listener) {
    this(redis, scheduler, ticker, clock, clientName, listener, Function.identity());
  }

  /**
   * @param route where this node connects to reach an instance (identity unless the node sees the
   *     instances through a NAT, a proxy, or, in tests, a TCP proxy that can cut one node's link)
   */
  public HealthMonitor(RedisResources redis, ScheduledExecutorService scheduler, Ticker ticker,
      InstantSource clock, String clientName, HealthListener listener,
      Function<InstanceAddress, InstanceAddress> route) {
    this.route = route;
    this.redis = redis;
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.clock = clock;
    this.clientName = clientName;
    this.listener = listener;
    this.detector = new FailureDetector(ticker);
    this.tilt = new TiltGuard(HEARTBEAT.toNanos(), TiltGuard.TRIGGER.toNanos(), ticker.nanoTime());
    this.heartbeat = scheduler.scheduleWithFixedDelay(this::beat, HEARTBEAT.toNanos(), HEARTBEAT.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private void beat() {
    try {
      synchronized (lock) {
        if (closed) {
          return;
        }
        long now = ticker.nanoTime();
        long lag = tilt.beat(now);
        if (lag > TiltGuard.TRIGGER.toNanos()) {
          tiltWorstLag = Math.max(tiltWorstLag, lag);
          if (!tilted) {
            tilted = true;
            LOG.warn("+tilt: this node's monitor ran {} ms late (a starved host, a cold start or a suspended "
                + "process): new SDOWN verdicts are held until it has run on time for down-after", millis(lag));
            notifyListener(() -> listener.onTiltChanged(true, millis(lag)));
          }
        } else if (tilted && !tilt.holds(now, longestDownAfter())) {
          tilted = false;
          long worst = millis(tiltWorstLag);
          tiltWorstLag = 0;
          LOG.warn("-tilt: this node's monitor has run on time for down-after since it last ran more than {} ms "
              + "late (worst {} ms): SDOWN verdicts are made again", TiltGuard.TRIGGER.toMillis(), worst);
          notifyListener(() -> listener.onTiltChanged(false, worst));
        }
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: log and keep measuring.
      LOG.error("monitor heartbeat failed", e);
    }
  }

  private long longestDownAfter() {
    long longest = 0;
    for (MonitoredInstance inst : instances.values()) {
      longest = Math.max(longest, inst.downAfterNanos);
    }
    return longest;
  }

  /**
   * Reads the replicas of a master judged down for ranking only while {@code leading} holds (the node
   * leads and so would rank them); by default always. Followers' reads at a mass failure would only
   * load the hosts when the leader is busiest.
   */
  public void readForRankingOnlyWhile(BooleanSupplier leading) {
    ranksFailovers = leading;
  }

  /** Starts monitoring a master group, or applies new settings / address / known replicas to it. */
  public void monitor(MonitoredMaster spec) {
    synchronized (lock) {
      requireOpen();
      MasterGroup g = groups.get(spec.name());
      boolean added = g == null;
      if (added) {
        g = new MasterGroup(spec);
        groups.put(spec.name(), g);
      } else {
        g.spec = spec;
      }
      reconcileInstances();
      if (added) {
        g.lastReported = replicaView(g);
      } else {
        reportReplicasIfChanged(g);
      }
    }
  }

  /** Stops monitoring a master group; instances no other group uses are closed. */
  public void remove(String master) {
    synchronized (lock) {
      if (groups.remove(master) != null) {
        reconcileInstances();
      }
    }
  }

  /**
   * INFO every second (master ODOWN or failing over) instead of every 10 s; turning it on refreshes at
   * once what was read more than a second ago.
   * Turning it off keeps the INFO already due on the fast cycle: right after a failover that one shows
   * the promoted master's new role, and the reconciler needs it to demote a returning old master.
   */
  public void setFastInfo(String master, boolean fast) {
    synchronized (lock) {
      MasterGroup g = groups.get(master);
      if (g == null || g.fastInfo == fast) {
        return;
      }
      g.fastInfo = fast;
      if (!fast) {
        return;
      }
      long now = ticker.nanoTime();
      for (MonitoredInstance inst : instances.values()) {
        if (inst.owners.contains(master)) {
          // One read within the fast period is fresh enough: the replicas read when their master was
          // judged down are not read again at its ODOWN, when every node is busiest.
          long due = inst.info == null ? now : inst.infoAt + FAST_INFO_PERIOD.toNanos();
          if (due - inst.nextInfoAt < 0) {
            inst.nextInfoAt = due;
          }
        }
      }
    }
  }

  public Set<String> masters() {
    synchronized (lock) {
      return Set.copyOf(groups.keySet());
    }
  }

  /** The client of a monitored instance (same credentials the monitor uses), if monitored. */
  public Optional<RedisInstanceClient> client(InstanceAddress instance) {
    synchronized (lock) {
      MonitoredInstance inst = instances.get(instance);
      return inst == null ? Optional.empty() : Optional.of(inst.client);
    }
  }

  /** This node's latest observation of an instance, or null if it is not monitored. */
  public InstanceObservation observation(InstanceAddress instance) {
    synchronized (lock) {
      MonitoredInstance inst = instances.get(instance);
      if (inst == null) {
        return null;
      }
      long now = ticker.nanoTime();
      FailureDetector.Status st = detector.status(instance);
      InfoReplication info = inst.info;
      boolean replica = info != null && info.isReplica();
      return new InstanceObservation(
          info == null ? "" : info.runId(),
          info == null ? "" : info.role(),
          st.pendingPingAgeNanos() < 0 ? 0 : millis(st.pendingPingAgeNanos()),
          ageMs(st.lastValidReplyAgeNanos()),
          ageMs(st.lastReplyAgeNanos()),
          info == null ? -1 : millis(now - inst.infoAt),
          info == null ? -1 : millis(now - inst.roleChangedAt),
          replica ? info.masterHost() : "?",
          replica ? info.masterPort() : 0,
          replica && info.masterLinkUp(),
          replica ? info.masterLinkDownMs() : 0,
          info == null ? InfoReplication.DEFAULT_PRIORITY : info.priority(),
          info == null ? 0 : info.replOffset(),
          st.down() && (inst.reportedDown || !tilt.holds(now, inst.downAfterNanos)),
          inst.client.isConnected(),
          inst.infoText);
    }
  }

  /**
   * INFO read now (not from the 10 s cycle), for the failover leader; also refreshes the observation.
   * Fails with {@link IllegalArgumentException} for an unmonitored instance, with a time-out after
   * {@code timeout}.
   */
  public CompletableFuture<InfoReplication> freshInfo(InstanceAddress instance, Duration timeout) {
    synchronized (lock) {
      MonitoredInstance inst = instances.get(instance);
      if (inst == null) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("instance " + instance
            + " is not monitored"));
      }
      return readInfo(inst, timeout);
    }
  }

  /**
   * A replica's INFO for ranking it while its master is down: the one this monitor asked for the
   * moment it judged {@code master} down (in flight or answered), if that is at most
   * {@link #RANKING_INFO_VALIDITY} old; otherwise a {@link #freshInfo fresh} one. A master that stopped
   * answering has stopped feeding its replicas, so their offsets read after the verdict are as good as
   * any read later, and the failover does not wait for a round trip that started long before
   * (Sentinel ranks on INFO up to 5 s old while the master is down).
   */
  public CompletableFuture<InfoReplication> infoAfterMasterDown(InstanceAddress master, InstanceAddress replica,
      Duration timeout) {
    synchronized (lock) {
      MonitoredInstance m = instances.get(master);
      MonitoredInstance r = instances.get(replica);
      if (m != null && m.reportedDown && r != null && r.infoAfterMasterDown != null
          && r.infoAfterMasterDownAt - m.downAt >= 0
          && ticker.nanoTime() - r.infoAfterMasterDownAt <= RANKING_INFO_VALIDITY.toNanos()
          && !r.infoAfterMasterDown.isCompletedExceptionally()) {
        return r.infoAfterMasterDown;
      }
      return freshInfo(replica, timeout);
    }
  }

  /** Reads INFO now and applies it to the observation (lock held). */
  private CompletableFuture<InfoReplication> readInfo(MonitoredInstance inst, Duration timeout) {
    RedisInstanceClient client = inst.client;
    return client.info(timeout).thenApplyAsync(text -> {
      InfoReplication info = InfoParser.parse(text);
      synchronized (lock) {
        if (!stale(inst, client)) {
          applyInfo(inst, text, info);
        }
      }
      return info;
    }, scheduler);
  }

  /** Stops every probe and closes every instance connection; the scheduler and resources stay open. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      heartbeat.cancel(false);
      groups.clear();
      for (MonitoredInstance inst : new ArrayList<>(instances.values())) {
        closeInstance(inst);
      }
    }
  }

  // ---- instance lifecycle (lock held) ----

  private void reconcileInstances() {
    Map<InstanceAddress, List<String>> owners = new TreeMap<>();
    for (MasterGroup g : groups.values()) {
      for (InstanceAddress a : g.members()) {
        owners.computeIfAbsent(a, k -> new ArrayList<>()).add(g.spec.name());
      }
    }
    for (MonitoredInstance inst : new ArrayList<>(instances.values())) {
      if (!owners.containsKey(inst.address)) {
        closeInstance(inst);
      }
    }
    owners.forEach((address, names) -> {
      MonitoredMaster settings = groups.get(names.get(0)).spec;
      MonitoredInstance inst = instances.get(address);
      if (inst == null) {
        inst = new MonitoredInstance(address, ticker.nanoTime());
        inst.reportedDown = settings.reportedDown().contains(address);
        instances.put(address, inst);
      }
      inst.owners.clear();
      inst.owners.addAll(names);
      applySettings(inst, settings);
    });
  }

  private void applySettings(MonitoredInstance inst, MonitoredMaster settings) {
    RedisEndpoint endpoint = new RedisEndpoint(route.apply(inst.address), settings.authUser(), settings.authPass(), clientName,
        commandTimeout(settings.downAfter()));
    if (inst.client == null || !inst.client.endpoint().equals(endpoint)) {
      if (inst.client != null) {
        inst.client.close();
      }
      inst.client = new RedisInstanceClient(redis, endpoint);
      inst.pingInFlight = false;
      inst.infoInFlight = false;
    }
    detector.track(inst.address, settings.downAfter());
    inst.downAfterNanos = settings.downAfter().toNanos();
    Duration period = isMasterOfAnOwner(inst) ? settings.effectivePingPeriod() : settings.replicaPingPeriod();
    if (!period.equals(inst.pingPeriod)) {
      inst.pingPeriod = period;
      if (inst.tick != null) {
        inst.tick.cancel(false);
      }
      MonitoredInstance target = inst;
      // Every instance with the same period ticks in the same phase: one scheduler wake-up sends all
      // their PINGs, and the event loop writes them in one go (a tick each at its own phase cost a
      // wake-up per instance per period: most of the CPU at rest).
      long p = period.toNanos();
      long firstIn = p - Math.floorMod(ticker.nanoTime(), p);
      inst.tick = scheduler.scheduleAtFixedRate(() -> tick(target), firstIn, p, TimeUnit.NANOSECONDS);
    }
  }

  private boolean isMasterOfAnOwner(MonitoredInstance inst) {
    for (String name : inst.owners) {
      if (groups.get(name).spec.address().equals(inst.address)) {
        return true;
      }
    }
    return false;
  }

  private void closeInstance(MonitoredInstance inst) {
    inst.closed = true;
    if (inst.tick != null) {
      inst.tick.cancel(false);
    }
    if (inst.downCheck != null) {
      inst.downCheck.cancel(false);
    }
    inst.client.close();
    detector.untrack(inst.address);
    instances.remove(inst.address);
  }

  // ---- probing ----

  private void tick(MonitoredInstance inst) {
    try {
      synchronized (lock) {
        if (closed || inst.closed) {
          return;
        }
        RedisInstanceClient client = inst.client;
        if (!inst.pingInFlight) {
          inst.pingInFlight = true;
          detector.pingSent(inst.address);
          client.ping().whenCompleteAsync((reply, error) -> onPing(inst, client, reply, error), scheduler);
        }
        if (!inst.infoInFlight && ticker.nanoTime() - inst.nextInfoAt >= 0) {
          inst.infoInFlight = true;
          client.info().whenCompleteAsync((text, error) -> onInfo(inst, client, text, error), scheduler);
        }
        evaluate(inst);
        armDownCheck(inst);
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: log and keep probing.
      LOG.error("health tick for {} failed", inst.address, e);
    }
  }

  private void onPing(MonitoredInstance inst, RedisInstanceClient client, PingReply reply, Throwable error) {
    synchronized (lock) {
      if (stale(inst, client)) {
        return;
      }
      inst.pingInFlight = false;
      if (error != null) {
        LOG.trace("no PING reply from {}: {}", inst.address, error.toString());
      } else if (reply.valid()) {
        detector.validReply(inst.address);
      } else {
        detector.otherReply(inst.address);
        LOG.debug("invalid PING reply from {}: {}", inst.address, reply.text());
      }
      evaluate(inst);
    }
  }

  private void onInfo(MonitoredInstance inst, RedisInstanceClient client, String text, Throwable error) {
    synchronized (lock) {
      if (stale(inst, client)) {
        return;
      }
      inst.infoInFlight = false;
      if (error != null) {
        LOG.debug("INFO from {} failed: {}", inst.address, error.toString());
        inst.nextInfoAt = ticker.nanoTime() + inst.pingPeriod.toNanos();
        inst.infoSettled = true;
        inst.owners.forEach(name -> reportReplicasIfChanged(groups.get(name)));
        return;
      }
      applyInfo(inst, text, InfoParser.parse(text));
    }
  }

  private void applyInfo(MonitoredInstance inst, String text, InfoReplication info) {
    long now = ticker.nanoTime();
    if (inst.info == null || !inst.info.role().equals(info.role())) {
      inst.roleChangedAt = now;
    }
    inst.info = info;
    inst.infoText = text;
    inst.infoAt = now;
    inst.infoSettled = true;
    inst.nextInfoAt = now + infoPeriod(inst).toNanos();
    boolean discoveredNew = false;
    for (String name : inst.owners) {
      MasterGroup g = groups.get(name);
      if (g.spec.address().equals(inst.address) && info.isMaster()) {
        for (InfoReplication.ConnectedReplica r : info.replicas()) {
          if (!r.address().equals(g.spec.address()) && g.discovered.add(r.address())) {
            discoveredNew = true;
          }
        }
      }
    }
    if (discoveredNew) {
      reconcileInstances();
    }
    for (String name : List.copyOf(inst.owners)) {
      reportReplicasIfChanged(groups.get(name));
    }
  }

  private boolean stale(MonitoredInstance inst, RedisInstanceClient client) {
    return closed || inst.closed || inst.client != client;
  }

  // ---- verdicts (lock held) ----

  /**
   * Down as soon as the detector says so, unless this node is itself late (a new SDOWN is then held, see
   * {@link TiltGuard}; the next tick evaluates again); up again only on a valid reply (no PING outstanding).
   */
  private void evaluate(MonitoredInstance inst) {
    FailureDetector.Status st = detector.status(inst.address);
    boolean down = st.down() || (inst.reportedDown && st.pendingPingAgeNanos() >= 0);
    if (down == inst.reportedDown) {
      return;
    }
    if (down && tilt.holds(ticker.nanoTime(), inst.downAfterNanos)) {
      return;
    }
    inst.reportedDown = down;
    inst.downSinceMs = down ? clock.millis() : 0;
    if (down) {
      inst.downAt = ticker.nanoTime();
      if (ranksFailovers.getAsBoolean()) {
        readReplicasInfoForRanking(inst);
      }
    }
    for (String owner : inst.owners) {
      notifyListener(() -> listener.onHealthChanged(owner, inst.address, down, inst.downSinceMs));
    }
  }

  /**
   * A master was just judged down here: ask its replicas for INFO now, so that a failover ranking
   * them (on the leader, once the master is ODOWN) finds the answer in hand or on its way.
   */
  private void readReplicasInfoForRanking(MonitoredInstance master) {
    for (String name : master.owners) {
      MasterGroup g = groups.get(name);
      if (!g.spec.address().equals(master.address)) {
        continue;
      }
      for (InstanceAddress a : g.members()) {
        MonitoredInstance r = instances.get(a);
        if (r != null && r != master) {
          r.infoAfterMasterDownAt = ticker.nanoTime();
          r.infoAfterMasterDown = readInfo(r, RANKING_INFO_TIMEOUT);
        }
      }
    }
  }

  /** Evaluates again exactly when down-after elapses, rather than up to one ping period later. */
  private void armDownCheck(MonitoredInstance inst) {
    FailureDetector.Status st = detector.status(inst.address);
    if (st.down() || st.nanosUntilDown() >= inst.pingPeriod.toNanos()) {
      return;
    }
    if (inst.downCheck != null && !inst.downCheck.isDone()) {
      return;
    }
    inst.downCheck = scheduler.schedule(() -> {
      synchronized (lock) {
        if (!closed && !inst.closed) {
          evaluate(inst);
        }
      }
    }, st.nanosUntilDown(), TimeUnit.NANOSECONDS);
  }

  private void reportReplicasIfChanged(MasterGroup g) {
    if (g == null) {
      return;
    }
    List<ReplicaFacts> view = replicaView(g);
    if (!view.equals(g.lastReported)) {
      g.lastReported = view;
      String name = g.spec.name();
      notifyListener(() -> listener.onReplicasChanged(name, view));
    }
  }

  /**
   * Every replica of the group with the freshest facts this node has: its own INFO, else the committed
   * facts, else defaults once a first INFO attempt settled (so a new replica is reported once, with its
   * run id, in the common case).
   */
  private List<ReplicaFacts> replicaView(MasterGroup g) {
    Map<InstanceAddress, ReplicaFacts> known = new HashMap<>();
    for (ReplicaFacts f : g.spec.knownReplicas()) {
      known.put(InstanceAddress.of(f.getAddress()), f);
    }
    List<ReplicaFacts> view = new ArrayList<>();
    for (InstanceAddress a : g.members()) {
      if (a.equals(g.spec.address())) {
        continue;
      }
      MonitoredInstance inst = instances.get(a);
      if (inst != null && inst.info != null) {
        view.add(facts(a, inst.info.runId(), inst.info.priority(), inst.info.replicaAnnounced()));
      } else if (known.containsKey(a)) {
        view.add(known.get(a));
      } else if (inst != null && inst.infoSettled) {
        view.add(facts(a, "", InfoReplication.DEFAULT_PRIORITY, true));
      }
    }
    return List.copyOf(view);
  }

  private static ReplicaFacts facts(InstanceAddress a, String runId, int priority, boolean announced) {
    return ReplicaFacts.newBuilder().setAddress(a.toProto()).setRunId(runId).setPriority(priority)
        .setAnnounced(announced).build();
  }

  private void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("health listener failed", e);
    }
  }

  // ---- helpers ----

  private Duration infoPeriod(MonitoredInstance inst) {
    for (String name : inst.owners) {
      MasterGroup g = groups.get(name);
      if (g != null && g.fastInfo) {
        return FAST_INFO_PERIOD;
      }
    }
    return INFO_PERIOD;
  }

  private static Duration commandTimeout(Duration downAfter) {
    if (downAfter.compareTo(MIN_COMMAND_TIMEOUT) < 0) {
      return MIN_COMMAND_TIMEOUT;
    }
    return downAfter.compareTo(MAX_COMMAND_TIMEOUT) > 0 ? MAX_COMMAND_TIMEOUT : downAfter;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("health monitor is closed");
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static long ageMs(long nanos) {
    return nanos < 0 ? -1 : millis(nanos);
  }
}
