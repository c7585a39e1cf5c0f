package io.raftsentinel.node.metrics;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.List;
import java.util.Map;

/**
 * Renders one node's metrics: gauges read from the applied state, this node's observations and its
 * Raft status at scrape time; counters and histograms from {@link FailoverMetrics} and
 * {@link QueryMetrics}.
 */
public final class NodeMetrics {
  private static final List<String> ROLES = List.of("leader", "follower", "candidate", "listener");

  private final TopologyQueryService node;
  private final FailoverMetrics failovers;
  private final QueryMetrics queries;

  public NodeMetrics(TopologyQueryService node, FailoverMetrics failovers, QueryMetrics queries) {
    this.node = node;
    this.failovers = failovers;
    this.queries = queries;
  }

  public String render() {
    PrometheusText t = new PrometheusText();
    TopologyState s = node.state();
    masters(t, s);
    failovers(t, s);
    raft(t, node.raftStatus(), s);
    queries.render(t);
    return t.toString();
  }

  private void masters(PrometheusText t, TopologyState s) {
    t.family("raft_sentinel_master_up", "gauge",
        "1 when this node's monitor reaches the master and does not consider it subjectively down");
    for (MasterRecord m : s.masters().values()) {
      InstanceObservation o = node.observation(m.address());
      boolean up = o != null && o.connected() && !o.subjectivelyDown();
      t.sample("raft_sentinel_master_up", up ? 1 : 0, "master", m.name());
    }
    t.family("raft_sentinel_master_odown", "gauge", "1 when the committed state holds the master objectively down");
    for (MasterRecord m : s.masters().values()) {
      t.sample("raft_sentinel_master_odown", s.isOdown(m) ? 1 : 0, "master", m.name());
    }
    t.family("raft_sentinel_master_config_epoch", "gauge", "Config epoch of the master's current address");
    for (MasterRecord m : s.masters().values()) {
      t.sample("raft_sentinel_master_config_epoch", m.configEpoch(), "master", m.name());
    }
    t.family("raft_sentinel_master_replicas", "gauge", "Replicas the committed state lists for the master");
    for (MasterRecord m : s.masters().values()) {
      t.sample("raft_sentinel_master_replicas", m.replicas().size(), "master", m.name());
    }
    t.family("raft_sentinel_master_failover_in_progress", "gauge", "1 while a failover of the master runs");
    for (MasterRecord m : s.masters().values()) {
      t.sample("raft_sentinel_master_failover_in_progress", m.failoverInProgress() ? 1 : 0, "master", m.name());
    }
    t.family("raft_sentinel_master_failover_paused", "gauge",
        "1 while automatic failover of the master is paused (its own or the global maintenance switch)");
    for (MasterRecord m : s.masters().values()) {
      t.sample("raft_sentinel_master_failover_paused", s.isFailoverPaused(m) ? 1 : 0, "master", m.name());
    }
  }

  private void failovers(PrometheusText t, TopologyState s) {
    s.masters().keySet().forEach(failovers::touch);
    Map<String, FailoverMetrics.Counts> counts = failovers.snapshot();
    t.family("raft_sentinel_failovers_started_total", "counter", "Failover attempts started (+try-failover)");
    counts.forEach((m, c) -> t.sample("raft_sentinel_failovers_started_total", c.started(), "master", m));
    t.family("raft_sentinel_failovers_succeeded_total", "counter", "Failovers that ended (+failover-end)");
    counts.forEach((m, c) -> t.sample("raft_sentinel_failovers_succeeded_total", c.succeeded(), "master", m));
    t.family("raft_sentinel_failovers_aborted_total", "counter", "Failovers aborted (-failover-abort-*)");
    counts.forEach((m, c) -> t.sample("raft_sentinel_failovers_aborted_total", c.aborted(), "master", m));
    t.family("raft_sentinel_failover_duration_seconds", "histogram",
        "Log time from +try-failover to +failover-end");
    counts.forEach((m, c) -> t.histogram("raft_sentinel_failover_duration_seconds", c.duration(), "master", m));
  }

  private static void raft(PrometheusText t, RaftStatus r, TopologyState s) {
    t.family("raft_sentinel_raft_role", "gauge", "1 for this node's current Raft role");
    for (String role : ROLES) {
      t.sample("raft_sentinel_raft_role", role.equals(r.role()) ? 1 : 0, "role", role);
    }
    t.family("raft_sentinel_raft_leader_known", "gauge", "1 when this node knows a Raft leader");
    t.sample("raft_sentinel_raft_leader_known", r.leaderKnown() ? 1 : 0);
    t.family("raft_sentinel_raft_term", "gauge", "Current Raft term");
    t.sample("raft_sentinel_raft_term", r.term());
    t.family("raft_sentinel_raft_commit_index", "gauge", "Raft commit index");
    t.sample("raft_sentinel_raft_commit_index", r.commitIndex());
    t.family("raft_sentinel_raft_applied_index", "gauge", "Last log index applied to the state machine");
    t.sample("raft_sentinel_raft_applied_index", r.appliedIndex());
    t.family("raft_sentinel_current_epoch", "gauge", "The group's current (failover) epoch");
    t.sample("raft_sentinel_current_epoch", s.currentEpoch());
  }
}
