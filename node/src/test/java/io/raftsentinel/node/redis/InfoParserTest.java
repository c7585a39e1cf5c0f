package io.raftsentinel.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.redis.InfoReplication.ConnectedReplica;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoParserTest {

  private static final String MASTER = String.join("\r\n",
      "# Server",
      "redis_version:7.0.15",
      "run_id:5ab3fefdf76e3464fa9623a8777356c9fa73d85e",
      "",
      "# Replication",
      "role:master",
      "connected_slaves:2",
      "slave0:ip=127.0.0.1,port=27002,state=online,offset=120,lag=0",
      "slave1:ip=::1,port=27003,state=wait_bgsave,offset=0,lag=1",
      "master_failover_state:no-failover",
      "master_replid:b26444bb54ffea6dfcca8dacc14930650cacadc2",
      "master_repl_offset:120",
      "second_repl_offset:-1",
      "");

  private static final String REPLICA_DOWN = String.join("\r\n",
      "# Replication",
      "role:slave",
      "master_host:127.0.0.1",
      "master_port:27099",
      "master_link_status:down",
      "master_last_io_seconds_ago:-1",
      "master_sync_in_progress:0",
      "slave_read_repl_offset:0",
      "slave_repl_offset:77",
      "master_link_down_since_seconds:12",
      "slave_priority:10",
      "slave_read_only:1",
      "replica_announced:0",
      "connected_slaves:0",
      "master_repl_offset:80",
      "");

  @Test
  void parsesAMastersReplicationAndServerSections() {
    InfoReplication info = InfoParser.parse(MASTER);
    assertEquals("5ab3fefdf76e3464fa9623a8777356c9fa73d85e", info.runId());
    assertTrue(info.isMaster());
    assertEquals(120, info.masterReplOffset());
    assertEquals(120, info.replOffset());
    assertEquals(List.of(
        new ConnectedReplica(new InstanceAddress("127.0.0.1", 27002), "online", 120, 0),
        new ConnectedReplica(new InstanceAddress("::1", 27003), "wait_bgsave", 0, 1)), info.replicas());
    assertEquals(InfoReplication.DEFAULT_PRIORITY, info.priority());
    assertTrue(info.replicaAnnounced());
  }

  @Test
  void parsesAReplicaWithItsLinkDown() {
    InfoReplication info = InfoParser.parse(REPLICA_DOWN);
    assertTrue(info.isReplica());
    assertEquals("", info.runId(), "replication section only");
    assertEquals("127.0.0.1", info.masterHost());
    assertEquals(27099, info.masterPort());
    assertFalse(info.masterLinkUp());
    assertEquals(12, info.masterLinkDownSinceSeconds());
    assertEquals(12_000, info.masterLinkDownMs());
    assertEquals(77, info.replOffset());
    assertEquals(10, info.priority());
    assertFalse(info.replicaAnnounced());
    assertEquals(List.of(), info.replicas());
  }

  @Test
  void newerFieldNamesAndLinkNeverUp() {
    InfoReplication info = InfoParser.parse(
        "role:slave\nmaster_link_status:down\nmaster_link_down_since_seconds:-1\nreplica_priority:0\n");
    assertEquals(0, info.priority());
    assertEquals(-1, info.masterLinkDownSinceSeconds());
    assertEquals(0, info.masterLinkDownMs(), "never up counts as Sentinel counts it (-1 s)");
  }

  @Test
  void garbageNeverThrowsAndKeepsNeutralValues() {
    for (String text : new String[] {null, "", "\r\n", "::::", "role", "slave0:ip=,port=x", "slave:foo",
        "slave99999999999999999999:ip=a,port=1", "master_port:notanumber\nslave0:port=70000,ip=h",
        "slave0:ip=h,port=5,offset=zz\nslave_priority:\u00e9"}) {
      InfoReplication info = InfoParser.parse(text);
      assertEquals(0, info.masterPort(), String.valueOf(text));
      assertEquals(InfoReplication.DEFAULT_PRIORITY, info.priority(), String.valueOf(text));
    }
    InfoReplication partial = InfoParser.parse("slave0:ip=h,port=5,offset=zz,lag=1");
    assertEquals(List.of(new ConnectedReplica(new InstanceAddress("h", 5), "", 0, 1)), partial.replicas());
  }

  @Test
  void parsesCapturesFromARealServer() {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess replica = RedisProcess.builder().replicaOf(master.address()).config("replica-priority 42")
            .start()) {
      Poll.until(Duration.ofSeconds(10), () -> master.cli("INFO", "replication").contains("state=online"),
          "replica online");
      InfoReplication m = InfoParser.parse(master.cli("INFO"));
      assertTrue(m.isMaster());
      assertEquals(40, m.runId().length());
      assertEquals(List.of(replica.address()), m.replicas().stream().map(ConnectedReplica::address).toList());
      assertEquals("online", m.replicas().get(0).state());

      InfoReplication r = InfoParser.parse(replica.cli("INFO"));
      assertTrue(r.isReplica());
      assertEquals(master.port(), r.masterPort());
      assertTrue(r.masterLinkUp());
      assertEquals(0, r.masterLinkDownMs());
      assertEquals(42, r.priority());
      assertTrue(r.replicaAnnounced());
      assertFalse(r.runId().equals(m.runId()));
    }
  }
}
