package io.raftsentinel.raftstate.bench;

import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.ReportHealth;
import io.raftsentinel.proto.state.ReportReplicas;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.TopologyMachine;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic health-report stream: 3 nodes watching {@code masters} masters with 2 replicas each.
 * One round has every node report every instance down, then every one up again, so each command is
 * a real transition (the kind of command the log carries); the master reports cross the quorum of 2
 * and so also raise and clear ODOWN. Timestamps grow by 1 ms per command.
 */
record HealthWorkload(TopologyState start, List<Command> reports) {
  static final String[] NODES = {"n1", "n2", "n3"};
  static final int REPLICAS = 2;
  private static final String HOST = "10.0.0.1";

  static HealthWorkload of(int masters, int rounds) {
    List<Command> setup = new ArrayList<>();
    long time = 1_000;
    for (int n = 0; n < NODES.length; n++) {
      setup.add(command(NODES[0], time, Command.newBuilder().setNodeAnnounce(NodeAnnounce.newBuilder()
          .setNodeId(NODES[n]).setHost("10.0.1." + n).setRespPort(26379).setGrpcPort(7000)
          .setRunId(Integer.toHexString(n + 10).repeat(40)))));
    }
    for (int m = 0; m < masters; m++) {
      setup.add(command(NODES[0], time, Command.newBuilder().setMonitorMaster(MonitorMaster.newBuilder()
          .setName(name(m)).setAddress(address(m, 0)).setQuorum(2))));
      ReportReplicas.Builder replicas = ReportReplicas.newBuilder().setMaster(name(m));
      for (int r = 1; r <= REPLICAS; r++) {
        replicas.addReplicas(ReplicaFacts.newBuilder().setAddress(address(m, r)).setPriority(100).setAnnounced(true));
      }
      setup.add(command(NODES[0], time, Command.newBuilder().setReportReplicas(replicas)));
    }
    TopologyState state = TopologyState.EMPTY;
    long index = 0;
    for (Command c : setup) {
      ApplyResult r = TopologyMachine.apply(state, c, ++index);
      if (!r.ok()) {
        throw new IllegalStateException("workload setup rejected: " + r.code() + " " + r.message());
      }
      state = r.state();
    }
    List<Command> reports = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (boolean down : new boolean[] {true, false}) {
        for (int m = 0; m < masters; m++) {
          for (int i = 0; i <= REPLICAS; i++) {
            for (String node : NODES) {
              time++;
              HealthTransition t = HealthTransition.newBuilder().setMaster(name(m)).setInstance(address(m, i))
                  .setDown(down).setSinceMs(down ? time : 0).build();
              reports.add(command(node, time,
                  Command.newBuilder().setReportHealth(ReportHealth.newBuilder().addTransitions(t))));
            }
          }
        }
      }
    }
    return new HealthWorkload(state, List.copyOf(reports));
  }

  private static Command command(String proposer, long time, Command.Builder body) {
    return body.setProposer(proposer).setTimestampMs(time).build();
  }

  private static String name(int master) {
    return "master-" + master;
  }

  /** Instance 0 is the master, 1..REPLICAS its replicas. */
  private static Address address(int master, int instance) {
    return Address.newBuilder().setHost(HOST).setPort(7000 + 10 * master + instance).build();
  }
}
