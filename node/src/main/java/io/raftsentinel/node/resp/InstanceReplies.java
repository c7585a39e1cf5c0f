package io.raftsentinel.node.resp;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.FailoverStep;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.NodeRecord;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instance maps of SENTINEL MASTER(S) / REPLICAS / SENTINELS, field for field and in Sentinel
 * 7.0's order (SPEC §1.3): replicated facts from the committed state, link and timing fields from
 * this node's own observation. An instance this node has not observed yet looks like one Sentinel
 * never reached: empty run id, {@code disconnected}, ages 0.
 */
final class InstanceReplies {
  private final ServerContext ctx;

  InstanceReplies(ServerContext ctx) {
    this.ctx = ctx;
  }

  Reply master(TopologyState state, MasterRecord m) {
    InstanceObservation o = ctx.query().observation(m.address());
    boolean sdown = subjectivelyDown(m, m.address(), o);
    boolean odown = state.isOdown(m);
    FailoverRecord f = m.failover();
    List<String> flags = new ArrayList<>();
    addIf(flags, sdown, "s_down");
    addIf(flags, odown, "o_down");
    flags.add("master");
    addIf(flags, o == null || !o.connected(), "disconnected");
    addIf(flags, f != null, "failover_in_progress");
    addIf(flags, f != null && f.manual(), "force_failover");
    MapBuilder b = common(m.name(), m.address(), o == null ? "" : o.runId(), flags);
    if (f != null) {
      b.put("failover-state", f.step().sentinelName());
    }
    pings(b, o);
    if (sdown) {
      b.put("s-down-time", sdownTime(m, m.address(), o));
    }
    if (odown) {
      b.put("o-down-time", odownTime(state, m));
    }
    b.put("down-after-milliseconds", m.settings().downAfterMs());
    roleFields(b, o, "master");
    return b.put("config-epoch", m.configEpoch())
        .put("num-slaves", m.replicas().size())
        .put("num-other-sentinels", otherNodes(state).size())
        .put("quorum", m.quorum())
        .put("failover-timeout", m.settings().failoverTimeoutMs())
        .put("parallel-syncs", m.settings().parallelSyncs())
        .build();
  }

  Reply replica(MasterRecord m, ReplicaRecord r) {
    InstanceAddress a = r.address();
    InstanceObservation o = ctx.query().observation(a);
    boolean sdown = subjectivelyDown(m, a, o);
    FailoverRecord f = m.failover();
    List<String> flags = new ArrayList<>();
    addIf(flags, sdown, "s_down");
    flags.add("slave");
    addIf(flags, o == null || !o.connected(), "disconnected");
    addIf(flags, f != null && f.step() == FailoverStep.SELECTED && f.candidate().equals(a), "promoted");
    addIf(flags, f != null && f.reconfigured().contains(a), "reconf_done");
    String runId = o != null && !o.runId().isEmpty() ? o.runId() : r.runId();
    MapBuilder b = common(a.name(), a, runId, flags);
    pings(b, o);
    if (sdown) {
      b.put("s-down-time", sdownTime(m, a, o));
    }
    b.put("down-after-milliseconds", m.settings().downAfterMs());
    roleFields(b, o, "slave");
    return b.put("master-link-down-time", o == null ? 0 : Math.max(0, o.masterLinkDownMs()))
        .put("master-link-status", o != null && o.masterLinkUp() ? "ok" : "err")
        .put("master-host", o == null || o.masterHost().isEmpty() ? "?" : o.masterHost())
        .put("master-port", o == null ? 0 : o.masterPort())
        .put("slave-priority", r.priority())
        .put("slave-repl-offset", o == null ? 0 : o.replOffset())
        .put("replica-announced", r.announced() ? "1" : "0")
        .build();
  }

  /** Another node of the group, as a sentinel entry; its link health is this node's Raft contact with it. */
  Reply sentinel(MasterRecord m, NodeRecord n, RaftStatus raft) {
    long contact = -1;
    boolean known = false;
    for (RaftStatus.Peer p : raft.peers()) {
      if (p.id().equals(n.nodeId())) {
        contact = p.lastContactMs();
        known = true;
      }
    }
    // Only a leader tracks contact with every peer; a follower's unknown contact says nothing.
    boolean disconnected = known && contact < 0 && raft.role().equals("leader");
    List<String> flags = new ArrayList<>();
    flags.add("sentinel");
    addIf(flags, disconnected, "disconnected");
    long age = Math.max(0, contact);
    return common(n.runId(), new InstanceAddress(n.host(), n.respPort()), n.runId(), flags)
        .put("last-ping-sent", 0)
        .put("last-ok-ping-reply", age)
        .put("last-ping-reply", age)
        .put("down-after-milliseconds", m.settings().downAfterMs())
        .put("last-hello-message", age)
        .put("voted-leader", "?")
        .put("voted-leader-epoch", 0)
        .build();
  }

  /** Nodes of the group other than this one, in node-id order. */
  List<NodeRecord> otherNodes(TopologyState state) {
    List<NodeRecord> out = new ArrayList<>();
    for (NodeRecord n : state.nodes().values()) {
      if (!n.nodeId().equals(ctx.query().nodeId())) {
        out.add(n);
      }
    }
    return out;
  }

  /** This node's own verdict: its monitor's, or its committed down report. */
  boolean subjectivelyDown(MasterRecord m, InstanceAddress a, InstanceObservation o) {
    return (o != null && o.subjectivelyDown()) || m.reportsFor(a).containsKey(ctx.query().nodeId());
  }

  private long sdownTime(MasterRecord m, InstanceAddress a, InstanceObservation o) {
    Long since = m.reportsFor(a).get(ctx.query().nodeId());
    if (since != null) {
      return Math.max(0, ctx.nowMs() - since);
    }
    // Not committed yet: SDOWN began when the oldest unanswered PING passed down-after.
    return o == null ? 0 : Math.max(0, o.lastPingSentAgoMs() - m.settings().downAfterMs());
  }

  /** Since the report that completed the quorum (reporters' clocks). */
  private long odownTime(TopologyState state, MasterRecord m) {
    List<Long> since = new ArrayList<>();
    for (Map.Entry<String, Long> e : m.reportsFor(m.address()).entrySet()) {
      if (state.nodes().containsKey(e.getKey())) {
        since.add(e.getValue());
      }
    }
    since.sort(null);
    if (since.size() < m.quorum() || m.quorum() < 1) {
      return 0;
    }
    return Math.max(0, ctx.nowMs() - since.get(m.quorum() - 1));
  }

  private static MapBuilder common(String name, InstanceAddress a, String runId, List<String> flags) {
    return new MapBuilder()
        .put("name", name)
        .put("ip", a.host())
        .put("port", a.port())
        .put("runid", runId)
        .put("flags", String.join(",", flags))
        .put("link-pending-commands", 0)
        .put("link-refcount", 1);
  }

  private static void pings(MapBuilder b, InstanceObservation o) {
    b.put("last-ping-sent", o == null ? 0 : age(o.lastPingSentAgoMs()))
        .put("last-ok-ping-reply", o == null ? 0 : age(o.lastOkPingReplyAgoMs()))
        .put("last-ping-reply", o == null ? 0 : age(o.lastPingReplyAgoMs()));
  }

  private static void roleFields(MapBuilder b, InstanceObservation o, String expectedRole) {
    b.put("info-refresh", o == null ? 0 : age(o.infoRefreshAgoMs()))
        .put("role-reported", o == null || o.role().isEmpty() ? expectedRole : o.role())
        .put("role-reported-time", o == null ? 0 : age(o.roleReportedAgoMs()));
  }

  private static long age(long ms) {
    return Math.max(0, ms);
  }

  private static void addIf(List<String> flags, boolean condition, String flag) {
    if (condition) {
      flags.add(flag);
    }
  }
}
