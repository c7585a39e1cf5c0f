package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.R2;
import static io.raftsentinel.raftstate.core.Driver.master;
import static io.raftsentinel.raftstate.core.Driver.slave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.ResultCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthCommandsTest {
  private final Commands c = Commands.at(5_000);
  private final Driver d = Driver.standard();

  @Test
  void odownAppearsExactlyWhenTheQuorumthNodeReportsDown() {
    assertEquals(List.of("+sdown " + master(MASTER_PORT)), d.accept(c.by("n1").down(M, MASTER_PORT)));
    assertFalse(d.state().isOdown(d.master()));
    assertEquals(List.of("+sdown " + master(MASTER_PORT), "+odown " + master(MASTER_PORT) + " #quorum 2/2"),
        d.accept(c.by("n2").down(M, MASTER_PORT)));
    assertTrue(d.state().isOdown(d.master()));
    // A third vote does not announce ODOWN again.
    assertEquals(List.of("+sdown " + master(MASTER_PORT)), d.accept(c.by("n3").down(M, MASTER_PORT)));
  }

  @Test
  void odownClearsWhenReportsFallBelowQuorum() {
    d.accept(c.by("n1").down(M, MASTER_PORT));
    d.accept(c.by("n2").down(M, MASTER_PORT));
    d.accept(c.by("n3").down(M, MASTER_PORT));
    assertEquals(List.of("-sdown " + master(MASTER_PORT)), d.accept(c.by("n3").up(M, MASTER_PORT)));
    assertTrue(d.state().isOdown(d.master()));
    assertEquals(List.of("-sdown " + master(MASTER_PORT), "-odown " + master(MASTER_PORT)),
        d.accept(c.by("n1").up(M, MASTER_PORT)));
    assertEquals(List.of("-sdown " + master(MASTER_PORT)), d.accept(c.by("n2").up(M, MASTER_PORT)));
    assertTrue(d.master().downReports().isEmpty());
  }

  @Test
  void sdownEventsAreSubjectiveAndStamped() {
    ApplyResult r = d.apply(c.by("n2").down(M, R1));
    SentinelEvent e = r.events().get(0);
    assertEquals(new SentinelEvent(d.index(), 5_000, M, "+sdown", slave(R1, MASTER_PORT), "n2"), e);
    assertTrue(e.subjective());
    assertEquals(Map.of("n2", 5_000L), d.master().reportsFor(new InstanceAddress(Commands.HOST, R1)));
  }

  @Test
  void replicaReportsNeverCountTowardsOdown() {
    d.accept(c.by("n1").down(M, R1));
    assertEquals(List.of("+sdown " + slave(R1, MASTER_PORT)), d.accept(c.by("n2").down(M, R1)));
    assertFalse(d.state().isOdown(d.master()));
  }

  @Test
  void reportsFromUnknownNodesAreRejected() {
    d.reject(c.by("intruder").down(M, MASTER_PORT), ResultCode.UNKNOWN_NODE,
        "health report from unknown node 'intruder'");
    d.reject(c.by("").down(M, MASTER_PORT), ResultCode.UNKNOWN_NODE, "health report from unknown node ''");
  }

  @Test
  void repeatedReportsAndUnknownTargetsChangeNothing() {
    d.accept(c.by("n1").down(M, MASTER_PORT));
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(Commands.at(5_000).by("n1").down(M, MASTER_PORT)));
    assertEquals(List.of(), d.accept(c.by("n2").up(M, MASTER_PORT)));
    assertEquals(List.of(), d.accept(c.by("n1").down("nope", MASTER_PORT)));
    assertEquals(List.of(), d.accept(c.by("n1").down(M, 7777)));
    assertEquals(List.of(), d.accept(c.by("n1").health(HealthTransition.newBuilder().setMaster(M).setDown(true)
        .build())));
    assertEquals(before, d.state());
  }

  @Test
  void aBatchAppliesItsTransitionsInOrder() {
    List<String> events = d.accept(c.by("n1").health(
        Commands.transition(M, MASTER_PORT, true, 4_000),
        Commands.transition("nope", MASTER_PORT, true, 4_000),
        Commands.transition(M, R2, true, 4_500),
        Commands.transition(M, MASTER_PORT, false, 0)));
    assertEquals(List.of("+sdown " + master(MASTER_PORT), "+sdown " + slave(R2, MASTER_PORT),
        "-sdown " + master(MASTER_PORT)), events);
    assertEquals(Map.of("n1", 4_500L), d.master().reportsFor(new InstanceAddress(Commands.HOST, R2)));
  }

  @Test
  void replicaReportsAddAndUpdateReplicas() {
    ReplicaFacts fresh = Commands.replica(7000, Commands.runId('c'), 50);
    assertEquals(List.of("+slave " + slave(7000, MASTER_PORT)), d.accept(c.by("n3").replicas(M, fresh)));
    ReplicaRecord r = d.master().replicas().get(new InstanceAddress(Commands.HOST, 7000));
    assertEquals(new ReplicaRecord(new InstanceAddress(Commands.HOST, 7000), Commands.runId('c'), 50, true, 5_000), r);

    // Same facts again: nothing; an empty run id never overwrites a known one.
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.replicas(M, fresh)));
    assertEquals(List.of(), d.accept(c.replicas(M, Commands.replica(7000, "", 50))));
    assertEquals(before, d.state());

    // A new run id is a restart; the first-seen time stays.
    assertEquals(List.of("+reboot " + slave(7000, MASTER_PORT)),
        d.accept(Commands.at(6_000).replicas(M, Commands.replica(7000, Commands.runId('d'), 50))));
    assertEquals(5_000, d.master().replicas().get(new InstanceAddress(Commands.HOST, 7000)).addedAtMs());

    // A priority change is recorded silently.
    assertEquals(List.of(), d.accept(c.replicas(M, Commands.replica(7000, Commands.runId('d'), 0))));
    assertEquals(0, d.master().replicas().get(new InstanceAddress(Commands.HOST, 7000)).priority());
  }

  @Test
  void replicaReportsSkipTheMasterItselfAndInvalidAddresses() {
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.replicas(M, Commands.replica(MASTER_PORT, Commands.runId('e'), 100),
        Commands.replica(0, "", 100), ReplicaFacts.newBuilder().setPriority(1).build())));
    assertEquals(before.masters(), d.state().masters());
  }

  @Test
  void replicaReportsAreRejectedForUnknownNodesAndMasters() {
    d.reject(c.by("intruder").replicas(M), ResultCode.UNKNOWN_NODE, "replica report from unknown node 'intruder'");
    d.reject(c.replicas("nope"), ResultCode.UNKNOWN_MASTER, "No such master with that name");
  }

  @Test
  void quorumCountsOnlyKnownNodes() {
    MasterRecord m = d.master();
    InstanceAddress a = m.address();
    MasterRecord reported = m.withDownReports(Maps.with(m.downReports(), a,
        Maps.with(Maps.with(Maps.<String, Long>empty(), "n1", 1L), "ghost", 1L)));
    assertEquals(1, QuorumEvaluator.downVotes(reported, d.state().nodes().keySet()));
    assertEquals(0, QuorumEvaluator.downVotes(reported.withAddress(new InstanceAddress(Commands.HOST, R1)),
        d.state().nodes().keySet()));
  }
}
