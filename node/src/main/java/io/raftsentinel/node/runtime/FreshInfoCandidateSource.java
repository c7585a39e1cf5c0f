package io.raftsentinel.node.runtime;

import io.raftsentinel.node.failover.Candidate;
import io.raftsentinel.node.failover.CandidateSource;
import io.raftsentinel.node.health.HealthMonitor;
import io.raftsentinel.node.health.ReplicaCandidate;
import io.raftsentinel.node.health.ReplicaSelector;
import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.redis.InfoReplication;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Selects the replica to promote by Sentinel's rules on facts read since the master went down: every
 * replica's INFO read when this node judged the master down (at most a few seconds old) or, failing
 * that, read now (bounded time-out); this node's ping history; and the committed priorities.
 */
final class FreshInfoCandidateSource implements CandidateSource {
  private final HealthMonitor monitor;
  private final String nodeId;
  private final LongSupplier logClockMs;

  FreshInfoCandidateSource(HealthMonitor monitor, String nodeId, LongSupplier logClockMs) {
    this.monitor = monitor;
    this.nodeId = nodeId;
    this.logClockMs = logClockMs;
  }

  @Override
  public CompletableFuture<List<Candidate>> rank(MasterRecord master) {
    List<CompletableFuture<ReplicaCandidate>> probes = new ArrayList<>();
    for (ReplicaRecord r : master.replicas().values()) {
      probes.add(probe(master, r));
    }
    return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<ReplicaCandidate> all = probes.stream().map(CompletableFuture::join).toList();
      Long since = master.reportsFor(master.address()).get(nodeId);
      long sdownMs = since == null ? -1 : Math.max(0, logClockMs.getAsLong() - since);
      ReplicaSelector.Limits limits = ReplicaSelector.Limits.sentinel(master.settings().downAfterMs(), sdownMs);
      long reference = referenceOffset(master, all);
      return ReplicaSelector.rank(all, limits).stream()
          .map(c -> new Candidate(c.address(), c.runId(), c.priority(), c.offset(),
              reference < 0 ? -1 : Math.max(0, reference - c.offset())))
          .toList();
    });
  }

  /**
   * The most advanced offset known for the group: the master's as its last INFO said (it may be
   * down now), or a replica's if one is further. -1 when nothing is known.
   */
  private long referenceOffset(MasterRecord master, List<ReplicaCandidate> replicas) {
    InstanceObservation m = monitor.observation(master.address());
    long best = m != null && m.replOffset() > 0 ? m.replOffset() : -1;
    for (ReplicaCandidate r : replicas) {
      if (r.infoAgeMs() == 0 && r.offset() > 0) {
        best = Math.max(best, r.offset());
      }
    }
    return best;
  }

  private CompletableFuture<ReplicaCandidate> probe(MasterRecord master, ReplicaRecord r) {
    InstanceAddress a = r.address();
    return monitor.infoAfterMasterDown(master.address(), a, HealthMonitor.RANKING_INFO_TIMEOUT)
        .handle((info, e) -> candidate(master, r, e == null ? info : null, monitor.observation(a)));
  }

  private ReplicaCandidate candidate(MasterRecord master, ReplicaRecord r, InfoReplication info,
      InstanceObservation o) {
    boolean sdown = o == null || o.subjectivelyDown() || master.reportsFor(r.address()).containsKey(nodeId);
    boolean connected = info != null && o != null && o.connected();
    // A replica that is in fact a master now (a stray or an earlier failover) is no candidate.
    boolean replica = info != null && info.isReplica();
    return new ReplicaCandidate(r.address(), info != null ? info.runId() : r.runId(),
        info != null ? info.priority() : r.priority(), info != null ? info.replOffset() : 0,
        sdown || !replica, connected, o == null ? Long.MAX_VALUE : o.lastOkPingReplyAgoMs(),
        info != null ? 0 : Long.MAX_VALUE, info != null ? info.masterLinkDownMs() : Long.MAX_VALUE);
  }
}
