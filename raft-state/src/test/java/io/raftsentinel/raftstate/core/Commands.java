package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.FailoverAborted;
import io.raftsentinel.proto.state.FailoverEnded;
import io.raftsentinel.proto.state.FailoverPromoted;
import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.RemoveMaster;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.ReplicaReconfigured;
import io.raftsentinel.proto.state.ReportHealth;
import io.raftsentinel.proto.state.ReportReplicas;
import io.raftsentinel.proto.state.ResetMaster;
import io.raftsentinel.proto.state.SetFailoverPaused;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.proto.state.StartFailover;
import io.raftsentinel.proto.state.StartFailovers;
import java.util.List;

/**
 * Test-local builder of log commands: pick the proposer and its timestamp, then one short method
 * per command. Every instance lives on 127.0.0.1 and is named by its port.
 */
record Commands(String proposer, long timestampMs) {
  static final String HOST = "127.0.0.1";

  static Commands at(long timestampMs) {
    return new Commands("n1", timestampMs);
  }

  Commands by(String node) {
    return new Commands(node, timestampMs);
  }

  static Address addr(int port) {
    return Address.newBuilder().setHost(HOST).setPort(port).build();
  }

  static String runId(char c) {
    return String.valueOf(c).repeat(40);
  }

  Command wrap(Command.Builder body) {
    return body.setProposer(proposer).setTimestampMs(timestampMs).build();
  }

  Command monitor(String name, int port, int quorum) {
    return monitor(MonitorMaster.newBuilder().setName(name).setAddress(addr(port)).setQuorum(quorum));
  }

  Command monitor(MonitorMaster.Builder b) {
    return wrap(Command.newBuilder().setMonitorMaster(b));
  }

  Command remove(String name) {
    return wrap(Command.newBuilder().setRemoveMaster(RemoveMaster.newBuilder().setName(name)));
  }

  /** SENTINEL SET; {@code b} names the master and the options to change. */
  Command set(SetMasterOptions.Builder b) {
    return wrap(Command.newBuilder().setSetMasterOptions(b));
  }

  static SetMasterOptions.Builder options(String name) {
    return SetMasterOptions.newBuilder().setName(name);
  }

  Command reset(String pattern) {
    return wrap(Command.newBuilder().setResetMaster(ResetMaster.newBuilder().setPattern(pattern)));
  }

  Command down(String master, int port) {
    return health(transition(master, port, true, timestampMs));
  }

  Command up(String master, int port) {
    return health(transition(master, port, false, 0));
  }

  Command health(HealthTransition... transitions) {
    return wrap(Command.newBuilder().setReportHealth(ReportHealth.newBuilder().addAllTransitions(List.of(transitions))));
  }

  static HealthTransition transition(String master, int port, boolean down, long sinceMs) {
    return HealthTransition.newBuilder().setMaster(master).setInstance(addr(port)).setDown(down).setSinceMs(sinceMs)
        .build();
  }

  Command replicas(String master, ReplicaFacts... facts) {
    return wrap(Command.newBuilder().setReportReplicas(ReportReplicas.newBuilder().setMaster(master)
        .addAllReplicas(List.of(facts))));
  }

  static ReplicaFacts replica(int port, String runId, int priority) {
    return ReplicaFacts.newBuilder().setAddress(addr(port)).setRunId(runId).setPriority(priority).setAnnounced(true)
        .build();
  }

  /** An automatic failover start promoting the replica on {@code candidatePort}. */
  Command start(String master, long epoch, long term, int candidatePort) {
    return start(startBody(master, epoch, term).setCandidate(addr(candidatePort)).setCandidatePriority(100));
  }

  /** An automatic failover start for which the leader found no candidate. */
  Command startWithoutCandidate(String master, long epoch, long term) {
    return start(startBody(master, epoch, term));
  }

  Command startManual(String master, long epoch, long term, int candidatePort) {
    return start(startBody(master, epoch, term).setManual(true).setCandidate(addr(candidatePort)));
  }

  Command start(StartFailover.Builder b) {
    return wrap(Command.newBuilder().setStartFailover(b));
  }

  /** Several starts in one entry. */
  Command startAll(StartFailover.Builder... starts) {
    StartFailovers.Builder b = StartFailovers.newBuilder();
    for (StartFailover.Builder one : starts) {
      b.addStarts(one);
    }
    return wrap(Command.newBuilder().setStartFailovers(b));
  }

  static StartFailover.Builder startBody(String master, long epoch, long term) {
    return StartFailover.newBuilder().setMaster(master).setEpoch(epoch).setTerm(term);
  }

  Command promoted(String master, long epoch, long term) {
    return wrap(Command.newBuilder().setFailoverPromoted(FailoverPromoted.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(term)));
  }

  Command reconfigured(String master, long epoch, long term, int replicaPort, boolean acknowledged) {
    return wrap(Command.newBuilder().setReplicaReconfigured(ReplicaReconfigured.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(term).setReplica(addr(replicaPort)).setAcknowledged(acknowledged)));
  }

  Command ended(String master, long epoch, long term, boolean timedOut) {
    return wrap(Command.newBuilder().setFailoverEnded(FailoverEnded.newBuilder().setMaster(master).setEpoch(epoch)
        .setTerm(term).setTimedOut(timedOut)));
  }

  Command aborted(String master, long epoch, long term, AbortReason reason) {
    return wrap(Command.newBuilder().setFailoverAborted(FailoverAborted.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(term).setReason(reason)));
  }

  Command announce(String nodeId, int respPort) {
    return announce(NodeAnnounce.newBuilder().setNodeId(nodeId).setHost(HOST).setRespPort(respPort)
        .setGrpcPort(respPort + 1000).setRunId(runId(nodeId.charAt(nodeId.length() - 1))));
  }

  Command announce(NodeAnnounce.Builder b) {
    return wrap(Command.newBuilder().setNodeAnnounce(b));
  }

  /** Maintenance mode on or off for one master, or for all with {@code master} "". */
  Command paused(String master, boolean paused) {
    return wrap(Command.newBuilder().setSetFailoverPaused(SetFailoverPaused.newBuilder().setMaster(master)
        .setPaused(paused)));
  }

  /** Safe mode on (with the counts that triggered it) or off. */
  Command safeMode(boolean active, int down, int total) {
    return wrap(Command.newBuilder().setSetSafeMode(io.raftsentinel.proto.state.SetSafeMode.newBuilder()
        .setActive(active).setDown(down).setTotal(total).setHoldMs(active ? 5_000 : 0)));
  }

  Command promotedFenced(String master, long epoch, long term) {
    return wrap(Command.newBuilder().setFailoverPromoted(FailoverPromoted.newBuilder().setMaster(master)
        .setEpoch(epoch).setTerm(term).setOldMasterFenced(true)));
  }
}
