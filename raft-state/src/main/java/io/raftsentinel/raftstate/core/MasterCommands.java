package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.RemoveMaster;
import io.raftsentinel.proto.state.ResetMaster;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetMasterOptions;
import java.util.ArrayList;
import java.util.List;

/** The operator's commands on the monitored set: MONITOR, REMOVE, SET, RESET. */
final class MasterCommands {
  /** Error texts are Redis Sentinel's, because operators' scripts match on them. */
  static final String NO_SUCH_MASTER = "No such master with that name";

  private MasterCommands() {}

  static ApplyResult monitor(TopologyState state, MonitorMaster cmd, Emitter out) {
    String problem = Validation.masterName(cmd.getName());
    if (problem == null) {
      problem = Validation.address(cmd.getAddress());
    }
    if (problem != null) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, problem);
    }
    if (cmd.getQuorum() < 1) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "Quorum must be 1 or greater.");
    }
    InstanceAddress address = InstanceAddress.of(cmd.getAddress());
    MasterRecord existing = state.master(cmd.getName());
    if (existing != null) {
      // Repeating the same MONITOR (every node's config, or an operator scripting all sentinels)
      // is a no-op; anything else under the same name is a conflict.
      boolean same = existing.quorum() == cmd.getQuorum()
          && (existing.address().equals(address) || existing.replicas().containsKey(address));
      return same
          ? TopologyMachine.ok(state, out)
          : TopologyMachine.reject(state, ResultCode.DUPLICATE_MASTER, "Duplicate master name.");
    }
    MasterSettings settings = MasterSettings.fromProto(cmd.getSettings());
    MasterRecord m = new MasterRecord(cmd.getName(), address, cmd.getQuorum(), settings, 0, Maps.empty(),
        Maps.empty(), null, 0, out.timeMs(), false, List.of());
    out.emit(m.name(), "+monitor", EventDetails.master(m.name(), address) + " quorum " + m.quorum());
    return TopologyMachine.ok(state.withMaster(m), out);
  }

  static ApplyResult remove(TopologyState state, RemoveMaster cmd, Emitter out) {
    MasterRecord m = state.master(cmd.getName());
    if (m == null) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_MASTER, NO_SUCH_MASTER);
    }
    out.emit(m.name(), "-monitor", EventDetails.master(m.name(), m.address()));
    return TopologyMachine.ok(state.withoutMaster(m.name()), out);
  }

  static ApplyResult set(TopologyState state, SetMasterOptions cmd, Emitter out) {
    MasterRecord m = state.master(cmd.getName());
    if (m == null) {
      return TopologyMachine.reject(state, ResultCode.UNKNOWN_MASTER, NO_SUCH_MASTER);
    }
    // Validate everything first: unlike Sentinel, a SET is all or nothing.
    if (cmd.hasDownAfterMs() && cmd.getDownAfterMs() <= 0) {
      return invalid(state, cmd.getDownAfterMs(), "down-after-milliseconds");
    }
    if (cmd.hasFailoverTimeoutMs() && cmd.getFailoverTimeoutMs() <= 0) {
      return invalid(state, cmd.getFailoverTimeoutMs(), "failover-timeout");
    }
    if (cmd.hasParallelSyncs() && cmd.getParallelSyncs() <= 0) {
      return invalid(state, cmd.getParallelSyncs(), "parallel-syncs");
    }
    if (cmd.hasQuorum() && cmd.getQuorum() <= 0) {
      return invalid(state, cmd.getQuorum(), "quorum");
    }
    if (cmd.hasPromotionLagPolicy() && PromotionLagPolicy.parse(cmd.getPromotionLagPolicy()) == null) {
      return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT, "Invalid argument '"
          + cmd.getPromotionLagPolicy() + "' for SENTINEL SET 'promotion-lag-policy' (allow, refuse or wait)");
    }
    if (cmd.hasMaxPromotionLag() && cmd.getMaxPromotionLag() < 0) {
      return invalid(state, cmd.getMaxPromotionLag(), "max-promotion-lag");
    }
    MasterSettings s = m.settings();
    int quorum = m.quorum();
    List<String[]> changes = new ArrayList<>();
    if (cmd.hasDownAfterMs() && cmd.getDownAfterMs() != s.downAfterMs()) {
      s = s.withDownAfterMs(cmd.getDownAfterMs());
      changes.add(new String[] {"down-after-milliseconds", Long.toString(cmd.getDownAfterMs())});
    }
    if (cmd.hasFailoverTimeoutMs() && cmd.getFailoverTimeoutMs() != s.failoverTimeoutMs()) {
      s = s.withFailoverTimeoutMs(cmd.getFailoverTimeoutMs());
      changes.add(new String[] {"failover-timeout", Long.toString(cmd.getFailoverTimeoutMs())});
    }
    if (cmd.hasParallelSyncs() && cmd.getParallelSyncs() != s.parallelSyncs()) {
      s = s.withParallelSyncs(cmd.getParallelSyncs());
      changes.add(new String[] {"parallel-syncs", Integer.toString(cmd.getParallelSyncs())});
    }
    if (cmd.hasQuorum() && cmd.getQuorum() != quorum) {
      quorum = cmd.getQuorum();
      changes.add(new String[] {"quorum", Integer.toString(quorum)});
    }
    if (cmd.hasAuthUser() && !cmd.getAuthUser().equals(s.authUser())) {
      s = s.withAuthUser(cmd.getAuthUser());
      changes.add(new String[] {"auth-user", cmd.getAuthUser()});
    }
    if (cmd.hasAuthPass() && !cmd.getAuthPass().equals(s.authPass())) {
      s = s.withAuthPass(cmd.getAuthPass());
      changes.add(new String[] {"auth-pass", "******"});
    }
    if (cmd.hasPromotionLagPolicy()
        && PromotionLagPolicy.parse(cmd.getPromotionLagPolicy()) != s.promotionLagPolicy()) {
      s = s.withPromotionLagPolicy(PromotionLagPolicy.parse(cmd.getPromotionLagPolicy()));
      changes.add(new String[] {"promotion-lag-policy", s.promotionLagPolicy().configName()});
    }
    if (cmd.hasMaxPromotionLag() && cmd.getMaxPromotionLag() != s.maxPromotionLag()) {
      s = s.withMaxPromotionLag(cmd.getMaxPromotionLag());
      changes.add(new String[] {"max-promotion-lag", Long.toString(cmd.getMaxPromotionLag())});
    }
    if (changes.isEmpty()) {
      return TopologyMachine.ok(state, out);
    }
    TopologyState next = state.withMaster(m.withSettings(s).withQuorum(quorum));
    for (String[] c : changes) {
      out.emit(m.name(), "+set", EventDetails.master(m.name(), m.address()) + " " + c[0] + " " + c[1]);
    }
    TopologyMachine.emitOdownChange(state, next, m.name(), out);
    return TopologyMachine.ok(next, out);
  }

  static ApplyResult reset(TopologyState state, ResetMaster cmd, Emitter out) {
    TopologyState next = state;
    int count = 0;
    for (MasterRecord m : state.masters().values()) {
      if (!Glob.matches(cmd.getPattern(), m.name())) {
        continue;
      }
      count++;
      // The maintenance flag is the operator's intent and the history a record, not learned state:
      // a reset keeps both.
      MasterRecord cleared = new MasterRecord(m.name(), m.address(), m.quorum(), m.settings(), m.configEpoch(),
          Maps.empty(), Maps.empty(), null, 0, m.addedAtMs(), m.failoverPaused(), m.history());
      TopologyState after = next.withMaster(cleared);
      out.emit(m.name(), "+reset-master", EventDetails.master(m.name(), m.address()));
      TopologyMachine.emitOdownChange(next, after, m.name(), out);
      next = after;
    }
    ApplyResult r = TopologyMachine.ok(next, out);
    return new ApplyResult(r.state(), r.code(), r.message(), r.events(), count);
  }

  private static ApplyResult invalid(TopologyState state, long value, String option) {
    return TopologyMachine.reject(state, ResultCode.INVALID_ARGUMENT,
        "Invalid argument '" + value + "' for SENTINEL SET '" + option + "'");
  }
}
