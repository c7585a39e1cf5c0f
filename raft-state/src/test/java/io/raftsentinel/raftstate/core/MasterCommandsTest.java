package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Commands.options;
import static io.raftsentinel.raftstate.core.Driver.M;
import static io.raftsentinel.raftstate.core.Driver.MASTER_PORT;
import static io.raftsentinel.raftstate.core.Driver.R1;
import static io.raftsentinel.raftstate.core.Driver.T0;
import static io.raftsentinel.raftstate.core.Driver.master;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.ResultCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterCommandsTest {
  private final Commands c = Commands.at(T0 + 10);

  @Test
  void monitorAddsTheMasterWithDefaultsAndAnnouncesIt() {
    Driver d = Driver.empty();
    assertEquals(List.of("+monitor master mymaster 127.0.0.1 6379 quorum 2"), d.accept(c.monitor(M, 6379, 2)));
    MasterRecord m = d.master();
    assertEquals(new InstanceAddress("127.0.0.1", 6379), m.address());
    assertEquals(2, m.quorum());
    assertEquals(MasterSettings.DEFAULTS, m.settings());
    assertEquals(0, m.configEpoch());
    assertEquals(T0 + 10, m.addedAtMs());
    assertTrue(m.replicas().isEmpty());
  }

  @Test
  void monitorKeepsGivenSettings() {
    Driver d = Driver.empty();
    d.accept(c.monitor(MonitorMaster.newBuilder().setName(M).setAddress(Commands.addr(6379)).setQuorum(1)
        .setSettings(io.raftsentinel.proto.state.MasterSettings.newBuilder().setDownAfterMs(5000)
            .setFailoverTimeoutMs(60000).setParallelSyncs(3).setAuthPass("secret"))));
    assertEquals(new MasterSettings(5000, 60000, 3, "", "secret"), d.master().settings());
  }

  @Test
  void monitorRejectsBadArguments() {
    Driver d = Driver.empty();
    d.reject(c.monitor("", 6379, 2), ResultCode.INVALID_ARGUMENT, "master name is empty");
    d.reject(c.monitor("my master", 6379, 2), ResultCode.INVALID_ARGUMENT,
        "master name must not contain spaces or control characters");
    d.reject(c.monitor("x".repeat(257), 6379, 2), ResultCode.INVALID_ARGUMENT,
        "master name longer than 256 characters");
    d.reject(c.monitor(M, 0, 2), ResultCode.INVALID_ARGUMENT, "Invalid port number.");
    d.reject(c.monitor(M, 65536, 2), ResultCode.INVALID_ARGUMENT, "Invalid port number.");
    d.reject(c.monitor(M, 6379, 0), ResultCode.INVALID_ARGUMENT, "Quorum must be 1 or greater.");
    d.reject(c.monitor(MonitorMaster.newBuilder().setName(M).setQuorum(2)), ResultCode.INVALID_ARGUMENT,
        "Invalid IP address or hostname specified");
    d.reject(c.monitor(MonitorMaster.newBuilder().setName(M).setQuorum(2)
            .setAddress(Address.newBuilder().setHost("bad host").setPort(6379))), ResultCode.INVALID_ARGUMENT,
        "Invalid IP address or hostname specified");
    assertTrue(d.state().masters().isEmpty());
  }

  @Test
  void repeatingTheSameMonitorIsANoOp() {
    Driver d = Driver.standard();
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.monitor(M, MASTER_PORT, 2)));
    assertEquals(before.masters(), d.state().masters());
  }

  @Test
  void monitorWithTheOriginalAddressAfterAFailoverIsANoOp() {
    Driver d = Driver.standard();
    FailoverCommandsTest.promote(d, R1);
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.monitor(M, MASTER_PORT, 2)));
    assertEquals(before.masters(), d.state().masters());
  }

  @Test
  void monitorOfAKnownNameWithAnotherAddressOrQuorumIsADuplicate() {
    Driver d = Driver.standard();
    d.reject(c.monitor(M, 7000, 2), ResultCode.DUPLICATE_MASTER, "Duplicate master name.");
    d.reject(c.monitor(M, MASTER_PORT, 3), ResultCode.DUPLICATE_MASTER, "Duplicate master name.");
  }

  @Test
  void removeDropsTheMaster() {
    Driver d = Driver.standard();
    assertEquals(List.of("-monitor master mymaster 127.0.0.1 6379"), d.accept(c.remove(M)));
    assertNull(d.master());
    d.reject(c.remove(M), ResultCode.UNKNOWN_MASTER, "No such master with that name");
  }

  @Test
  void setChangesEachOptionAndEmitsOneEventPerChange() {
    Driver d = Driver.standard();
    List<String> events = d.accept(c.set(options(M).setDownAfterMs(5000).setFailoverTimeoutMs(60000)
        .setParallelSyncs(2).setQuorum(3).setAuthUser("alice").setAuthPass("secret")));
    String details = master(MASTER_PORT);
    assertEquals(List.of(
        "+set " + details + " down-after-milliseconds 5000",
        "+set " + details + " failover-timeout 60000",
        "+set " + details + " parallel-syncs 2",
        "+set " + details + " quorum 3",
        "+set " + details + " auth-user alice",
        "+set " + details + " auth-pass ******"), events);
    assertEquals(new MasterSettings(5000, 60000, 2, "alice", "secret"), d.master().settings());
    assertEquals(3, d.master().quorum());
  }

  @Test
  void setToTheCurrentValuesChangesNothing() {
    Driver d = Driver.standard();
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.set(options(M).setQuorum(2)
        .setDownAfterMs(MasterSettings.DEFAULT_DOWN_AFTER_MS))));
    assertEquals(before.masters(), d.state().masters());
  }

  @Test
  void setRejectsNonPositiveValuesWithSentinelsMessageAndIsAllOrNothing() {
    Driver d = Driver.standard();
    d.reject(c.set(options(M).setQuorum(0)), ResultCode.INVALID_ARGUMENT,
        "Invalid argument '0' for SENTINEL SET 'quorum'");
    d.reject(c.set(options(M).setDownAfterMs(-5)), ResultCode.INVALID_ARGUMENT,
        "Invalid argument '-5' for SENTINEL SET 'down-after-milliseconds'");
    d.reject(c.set(options(M).setFailoverTimeoutMs(0)), ResultCode.INVALID_ARGUMENT,
        "Invalid argument '0' for SENTINEL SET 'failover-timeout'");
    d.reject(c.set(options(M).setParallelSyncs(0)), ResultCode.INVALID_ARGUMENT,
        "Invalid argument '0' for SENTINEL SET 'parallel-syncs'");
    // The valid quorum is not applied either.
    d.reject(c.set(options(M).setQuorum(1).setParallelSyncs(-1)), ResultCode.INVALID_ARGUMENT,
        "Invalid argument '-1' for SENTINEL SET 'parallel-syncs'");
    d.reject(c.set(options("nope").setQuorum(1)), ResultCode.UNKNOWN_MASTER, "No such master with that name");
  }

  @Test
  void loweringTheQuorumBelowTheReportsMakesTheMasterObjectivelyDownAndRaisingItClearsIt() {
    Driver d = Driver.standard();
    d.accept(c.down(M, MASTER_PORT));
    assertEquals(List.of("+set " + master(MASTER_PORT) + " quorum 1",
        "+odown " + master(MASTER_PORT) + " #quorum 1/1"), d.accept(c.set(options(M).setQuorum(1))));
    assertEquals(List.of("+set " + master(MASTER_PORT) + " quorum 2", "-odown " + master(MASTER_PORT)),
        d.accept(c.set(options(M).setQuorum(2))));
  }

  @Test
  void resetCountsTheMatchingMastersAndClearsWhatWasLearnt() {
    Driver d = Driver.standard();
    d.accept(c.monitor("other", 7000, 1));
    d.accept(c.monitor("cache-a", 7100, 1));
    d.accept(c.by("n1").down(M, MASTER_PORT));
    d.accept(c.by("n2").down(M, MASTER_PORT));
    ApplyResult r = d.apply(c.reset("my*"));
    assertEquals(ResultCode.OK, r.code());
    assertEquals(1, r.count());
    assertEquals(List.of("+reset-master " + master(MASTER_PORT), "-odown " + master(MASTER_PORT)), Driver.lines(r));
    MasterRecord m = d.master();
    assertTrue(m.replicas().isEmpty());
    assertTrue(m.downReports().isEmpty());
    assertFalse(m.failoverInProgress());
    assertEquals(2, m.quorum());

    assertEquals(3, d.apply(c.reset("*")).count());
    assertEquals(2, d.apply(c.reset("[mo]*")).count());
    ApplyResult none = d.apply(c.reset("zzz"));
    assertEquals(ResultCode.OK, none.code());
    assertEquals(0, none.count());
    assertEquals(List.of(), none.events());
  }

  @Test
  void resetAbandonsAFailoverButKeepsTheEpochs() {
    Driver d = Driver.standard();
    FailoverCommandsTest.promote(d, R1);
    d.accept(c.reset(M));
    assertFalse(d.master().failoverInProgress());
    assertEquals(0, d.master().lastFailoverStartMs());
    assertEquals(1, d.master().configEpoch());
    assertEquals(1, d.state().currentEpoch());
  }
}
