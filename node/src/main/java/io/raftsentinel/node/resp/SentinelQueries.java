package io.raftsentinel.node.resp;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.node.query.RaftStatus;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.NodeRecord;
import io.raftsentinel.raftstate.core.ReplicaRecord;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The read-only SENTINEL subcommands, answered from this node's applied state (LOCAL consistency). */
final class SentinelQueries {
  static final String NO_SUCH_MASTER = "ERR No such master with that name";

  private final ServerContext ctx;
  private final InstanceReplies instances;
  /** Read and replaced from every event loop; a lost race only costs one more encoding. */
  private volatile AddressCache addressCache = new AddressCache(null);

  SentinelQueries(ServerContext ctx, InstanceReplies instances) {
    this.ctx = ctx;
    this.instances = instances;
  }

  /**
   * The committed master address: the promoted replica as soon as the promotion is committed. The
   * encoded reply is cached per applied state (states are immutable and replaced on every apply),
   * since clients poll this far more often than the topology changes.
   */
  Reply getMasterAddrByName(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    MasterRecord m = state.master(r.arg(2));
    if (m == null) {
      return Reply.NULL_ARRAY;
    }
    AddressCache cache = addressCache;
    if (cache.state != state) {
      cache = new AddressCache(state);
      addressCache = cache;
    }
    Reply reply = cache.replies.get(m.name());
    if (reply == null) {
      reply = addressReply(m);
      cache.replies.put(m.name(), reply);
    }
    return reply;
  }

  static Reply addressReply(MasterRecord m) {
    return new Reply.Encoded(RespEncoder.resp2Bytes(Reply.array(List.of(Reply.bulk(m.address().host()),
        Reply.bulk(m.address().port())))));
  }

  /** Encoded get-master-addr-by-name replies of one applied state, by master name. */
  private static final class AddressCache {
    final TopologyState state;
    final Map<String, Reply> replies = new ConcurrentHashMap<>();

    AddressCache(TopologyState state) {
      this.state = state;
    }
  }

  Reply masters(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    List<Reply> out = new ArrayList<>();
    for (MasterRecord m : state.masters().values()) {
      out.add(instances.master(state, m));
    }
    return new Reply.Array(out);
  }

  Reply master(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    MasterRecord m = state.master(r.arg(2));
    return m == null ? Reply.error(NO_SUCH_MASTER) : instances.master(state, m);
  }

  /** Replicas that do not announce themselves ({@code replica-announced:0}) are left out, as in Sentinel. */
  Reply replicas(ConnectionState c, Request r) {
    MasterRecord m = ctx.query().state().master(r.arg(2));
    if (m == null) {
      return Reply.error(NO_SUCH_MASTER);
    }
    List<Reply> out = new ArrayList<>();
    for (ReplicaRecord replica : m.replicas().values()) {
      if (replica.announced()) {
        out.add(instances.replica(m, replica));
      }
    }
    return new Reply.Array(out);
  }

  Reply sentinels(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    MasterRecord m = state.master(r.arg(2));
    if (m == null) {
      return Reply.error(NO_SUCH_MASTER);
    }
    RaftStatus raft = ctx.query().raftStatus();
    List<Reply> out = new ArrayList<>();
    for (NodeRecord n : instances.otherNodes(state)) {
      out.add(instances.sentinel(m, n, raft));
    }
    return new Reply.Array(out);
  }

  Reply myid(ConnectionState c, Request r) {
    return Reply.bulk(ctx.query().runId());
  }

  /**
   * Usable = the members the group heard from within the master's down-after period: a leader
   * knows every member, a follower asks its leader (the reply waits for that, bounded by the Raft
   * client's retries); the majority is over the group's voting members.
   */
  Reply ckquorum(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    MasterRecord m = state.master(r.arg(2));
    if (m == null) {
      return Reply.error(NO_SUCH_MASTER);
    }
    RaftStatus raft = ctx.query().raftStatus();
    Set<String> members = new HashSet<>(state.nodes().keySet());
    members.add(ctx.query().nodeId());
    for (RaftStatus.Peer p : raft.peers()) {
      if (p.inConfiguration()) {
        members.add(p.id());
      }
    }
    return new Reply.Deferred(ctx.query().groupContact().thenApply(contact -> QuorumCheck.of(members, contact,
        m.settings().downAfterMs(), m.quorum(), raft.leaderKnown()).reply()));
  }

  /**
   * Answers by address with this node's own SDOWN verdict. Leader election is Raft's, so no vote is
   * ever cast here: the leader fields are always {@code "*"} and 0.
   */
  Reply isMasterDownByAddr(ConnectionState c, Request r) {
    Long port = Numbers.parseLong(r.arg(3));
    Long epoch = Numbers.parseLong(r.arg(4));
    if (port == null || epoch == null) {
      return Reply.error(Numbers.NOT_AN_INTEGER);
    }
    InstanceAddress address = new InstanceAddress(r.arg(2), (int) (long) port);
    boolean down = false;
    for (MasterRecord m : ctx.query().state().masters().values()) {
      if (m.address().equals(address)) {
        down = instances.subjectivelyDown(m, address, ctx.query().observation(address));
      }
    }
    return Reply.array(List.of(Reply.integer(down ? 1 : 0), Reply.bulk("*"), Reply.integer(0)));
  }

  Reply infoCache(ConnectionState c, Request r) {
    TopologyState state = ctx.query().state();
    List<Reply> out = new ArrayList<>();
    for (int j = 2; j < r.argc(); j++) {
      MasterRecord m = state.master(r.arg(j));
      if (m == null) {
        continue;
      }
      List<Reply> entries = new ArrayList<>();
      entries.add(cached(m.address()));
      for (InstanceAddress a : m.replicas().keySet()) {
        entries.add(cached(a));
      }
      out.add(Reply.bulk(m.name()));
      out.add(new Reply.Array(entries));
    }
    return new Reply.Array(out);
  }

  private Reply cached(InstanceAddress a) {
    InstanceObservation o = ctx.query().observation(a);
    long age = o == null || o.infoRefreshAgoMs() < 0 ? 0 : o.infoRefreshAgoMs();
    String info = o == null || o.lastInfo() == null || o.lastInfo().isEmpty() ? null : o.lastInfo();
    return Reply.array(List.of(Reply.integer(age), Reply.bulkOrNull(info)));
  }
}
