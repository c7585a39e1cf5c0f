package io.raftsentinel.it.clients;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One master and two replicas (real redis-server) watched by three raft-sentinel nodes with quorum 2,
 * down-after 1000 ms and failover-timeout 10000 ms: the set-up every client test in this package
 * fails over. {@link #close()} stops everything, also after a failed start.
 */
final class FailoverFixture implements AutoCloseable {
  static final String MASTER = "mymaster";
  /**
   * Detection and promotion take ~2-3 s, but on a loaded machine a first attempt can abort
   * (-failover-abort-no-good-slave when the candidates' fresh INFO times out) and the retry waits
   * 2 x failover-timeout = 20 s: the deadline covers one such retry.
   */
  static final Duration FAILOVER = Duration.ofSeconds(60);

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private RedisProcess master;
  private List<RedisProcess> replicas;
  private SentinelCluster cluster;

  private FailoverFixture() {}

  /** Starts everything and waits until every node knows the master and both replicas. */
  static FailoverFixture start() throws Exception {
    FailoverFixture f = new FailoverFixture();
    try {
      f.master = f.track(RedisProcess.start());
      f.replicas = List.of(f.track(RedisProcess.startReplicaOf(f.master.address())),
          f.track(RedisProcess.startReplicaOf(f.master.address())));
      f.cluster = f.track(SentinelCluster.create(3, List.of(
          "sentinel monitor " + MASTER + " 127.0.0.1 " + f.master.port() + " 2",
          "sentinel down-after-milliseconds " + MASTER + " 1000",
          "sentinel failover-timeout " + MASTER + " 10000")));
      f.cluster.startAll();
      // No down reports either: a cold start can report the healthy master SDOWN for a moment.
      f.cluster.awaitAll("every node to know the master, both replicas, all three nodes, and no down reports",
          s -> s.master(MASTER) != null && s.master(MASTER).replicas().size() == 2 && s.nodes().size() == 3
              && s.master(MASTER).downReports().isEmpty());
      return f;
    } catch (Exception | Error e) {
      f.close();
      throw e;
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  RedisProcess master() {
    return master;
  }

  List<RedisProcess> replicas() {
    return replicas;
  }

  SentinelCluster cluster() {
    return cluster;
  }

  /** The RESP (Sentinel protocol) ports of the running nodes, in node order. */
  List<Integer> respPorts() {
    return cluster.running().stream().map(SentinelNode::respPort).toList();
  }

  /** SIGSTOPs the master, waits until every node has committed the end of the failover. */
  RedisProcess pauseMasterAndAwaitFailover() {
    master.pause();
    return awaitFailover();
  }

  /** Waits until every node agrees on a promoted replica and the failover ended; returns that replica. */
  RedisProcess awaitFailover() {
    InstanceAddress old = master.address();
    cluster.awaitAll(FAILOVER, "every node to commit the end of the failover", SentinelCluster.master(MASTER,
        m -> !m.address().equals(old) && m.failover() == null));
    return promoted();
  }

  /** The replica every node names as master right now (fails if it is not one of ours). */
  RedisProcess promoted() {
    InstanceAddress now = cluster.running().get(0).topology().state().master(MASTER).address();
    return replicas.stream().filter(r -> r.address().equals(now)).findFirst()
        .orElseThrow(() -> new AssertionError("the group names " + now + ", not one of the replicas"));
  }

  /** SIGCONTs the old master and waits until it replicates from {@code newMaster} with the link up. */
  void resumeOldMasterAndAwaitDemotion(RedisProcess newMaster) {
    master.resume();
    Poll.until(FAILOVER, () -> {
      String info = master.cli("INFO", "replication");
      return info.contains("role:slave") && info.contains("master_port:" + newMaster.port())
          && info.contains("master_link_status:up");
    }, "the old master " + master + " to be demoted to a replica of " + newMaster);
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> reversed = new ArrayList<>(cleanup);
    Collections.reverse(reversed);
    Exception first = null;
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
