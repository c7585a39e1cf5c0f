package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.node.query.InstanceObservation;
import io.raftsentinel.raftstate.core.InstanceAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Field names, order and values of the instance maps (SPEC §1.3, A.1-A.3), RESP2 and RESP3. */
class InstanceFieldsTest {
  static final List<String> MASTER_FIELDS = List.of("name", "ip", "port", "runid", "flags", "link-pending-commands",
      "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds",
      "info-refresh", "role-reported", "role-reported-time", "config-epoch", "num-slaves", "num-other-sentinels",
      "quorum", "failover-timeout", "parallel-syncs");
  static final List<String> REPLICA_FIELDS = List.of("name", "ip", "port", "runid", "flags", "link-pending-commands",
      "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply", "down-after-milliseconds",
      "info-refresh", "role-reported", "role-reported-time", "master-link-down-time", "master-link-status",
      "master-host", "master-port", "slave-priority", "slave-repl-offset", "replica-announced");
  static final List<String> SENTINEL_FIELDS = List.of("name", "ip", "port", "runid", "flags",
      "link-pending-commands", "link-refcount", "last-ping-sent", "last-ok-ping-reply", "last-ping-reply",
      "down-after-milliseconds", "last-hello-message", "voted-leader", "voted-leader-epoch");

  private RespFixture fixture;
  private RawClient client;

  @BeforeEach
  void start() throws Exception {
    fixture = new RespFixture();
    client = fixture.client();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    fixture.close();
  }

  static Map<String, String> fields(Object flat) {
    List<?> l = (List<?>) flat;
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < l.size(); i += 2) {
      m.put((String) l.get(i), (String) l.get(i + 1));
    }
    assertEquals(l.size(), 2 * m.size(), "duplicate field names");
    return m;
  }

  @Test
  void neverReachedMasterResp2() throws Exception {
    String raw = client.call("SENTINEL", "master", "mymaster");
    assertTrue(raw.startsWith("*40\r\n$4\r\nname\r\n$8\r\nmymaster\r\n$2\r\nip\r\n$9\r\n127.0.0.1\r\n$4\r\nport\r\n"
        + "$5\r\n30001\r\n$5\r\nrunid\r\n$0\r\n\r\n$5\r\nflags\r\n$19\r\nmaster,disconnected\r\n"), raw);
    Map<String, String> m = fields(RawClient.parse(raw));
    assertEquals(MASTER_FIELDS, new ArrayList<>(m.keySet()));
    assertEquals("2", m.get("num-slaves"));
    assertEquals("2", m.get("num-other-sentinels"));
    assertEquals("30000", m.get("down-after-milliseconds"));
    assertEquals("180000", m.get("failover-timeout"));
    assertEquals("0", m.get("config-epoch"));
    assertEquals("master", m.get("role-reported"));
  }

  @Test
  void observedInstancesResp3() throws Exception {
    fixture.topology.observe(new InstanceAddress("127.0.0.1", 30001), new InstanceObservation(
        "8b37965540f7bbcb456a2dedeeb8d9c33fec0bd7", "master", 0, 577, 577, 4865, 14949, "", 0, false, 0, 100, 0,
        false, true, "# Replication\r\nrole:master\r\n"));
    fixture.topology.observe(new InstanceAddress("127.0.0.1", 30002), new InstanceObservation(
        "5a623a316e58cfd68d7f92052c1c7cf119a91bdc", "slave", 0, 385, 385, 759, 14973, "127.0.0.1", 30001, true, 0,
        100, 2472, false, true, ""));
    client.call("HELLO", "3");
    String raw = client.call("SENTINEL", "master", "mymaster");
    assertTrue(raw.startsWith("%20\r\n$4\r\nname\r\n$8\r\nmymaster\r\n"), raw);
    Map<String, String> m = fields(RawClient.parse(raw));
    assertEquals(MASTER_FIELDS, new ArrayList<>(m.keySet()));
    assertEquals("master", m.get("flags"));
    assertEquals("577", m.get("last-ok-ping-reply"));
    assertEquals("4865", m.get("info-refresh"));

    String replicasRaw = client.call("SENTINEL", "replicas", "mymaster");
    assertTrue(replicasRaw.startsWith("*2\r\n%21\r\n"), replicasRaw);
    List<?> replicas = (List<?>) RawClient.parse(replicasRaw);
    Map<String, String> r = fields(replicas.get(0));
    assertEquals(REPLICA_FIELDS, new ArrayList<>(r.keySet()));
    assertEquals("127.0.0.1:30002", r.get("name"));
    assertEquals("slave", r.get("flags"));
    assertEquals("ok", r.get("master-link-status"));
    assertEquals("30001", r.get("master-port"));
    assertEquals("2472", r.get("slave-repl-offset"));
    assertEquals("1", r.get("replica-announced"));
    Map<String, String> unseen = fields(replicas.get(1));
    assertEquals("slave,disconnected", unseen.get("flags"));
    assertEquals("?", unseen.get("master-host"));
    assertEquals("err", unseen.get("master-link-status"));

    String sentinelsRaw = client.call("SENTINEL", "sentinels", "mymaster");
    assertTrue(sentinelsRaw.startsWith("*2\r\n%14\r\n"), sentinelsRaw);
    List<?> sentinels = (List<?>) RawClient.parse(sentinelsRaw);
    Map<String, String> s = fields(sentinels.get(0));
    assertEquals(SENTINEL_FIELDS, new ArrayList<>(s.keySet()));
    assertEquals(RespFixture.N2_RUN_ID, s.get("name"));
    assertEquals("30102", s.get("port"));
    assertEquals("sentinel", s.get("flags"));
    assertEquals("?", s.get("voted-leader"));
    assertEquals(RespFixture.N3_RUN_ID, fields(sentinels.get(1)).get("runid"));
  }

  @Test
  void slavesResp2AndMastersList() throws Exception {
    String raw = client.call("SENTINEL", "slaves", "mymaster");
    assertTrue(raw.startsWith("*2\r\n*42\r\n"), raw);
    List<?> masters = (List<?>) client.value("SENTINEL", "masters");
    assertEquals(1, masters.size());
    assertEquals("mymaster", fields(masters.get(0)).get("name"));
    assertEquals("*2\r\n*28\r\n", client.call("SENTINEL", "sentinels", "mymaster").substring(0, 9));
  }

  @Test
  void flagsAndFieldsThroughDownAndFailover() throws Exception {
    fixture.topology.reportDown("n1", "mymaster", 30001, true);
    Map<String, String> m = fields(client.value("SENTINEL", "master", "mymaster"));
    assertEquals("s_down,master,disconnected", m.get("flags"));
    assertTrue(new ArrayList<>(m.keySet()).indexOf("s-down-time") == 10);
    assertTrue(client.call("INFO", "sentinel").contains("status=sdown"));

    fixture.topology.reportDown("n2", "mymaster", 30001, true);
    m = fields(client.value("SENTINEL", "master", "mymaster"));
    assertEquals("s_down,o_down,master,disconnected", m.get("flags"));
    assertEquals(List.of("s-down-time", "o-down-time"), new ArrayList<>(m.keySet()).subList(10, 12));
    assertEquals(22, m.size());
    assertEquals("*3\r\n:1\r\n$1\r\n*\r\n:0\r\n",
        client.call("SENTINEL", "is-master-down-by-addr", "127.0.0.1", "30001", "1", "*"));

    fixture.topology.startFailover("mymaster", 30002, false);
    m = fields(client.value("SENTINEL", "master", "mymaster"));
    assertEquals("s_down,o_down,master,disconnected,failover_in_progress", m.get("flags"));
    assertEquals("failover-state", new ArrayList<>(m.keySet()).get(7));
    assertEquals("send_slaveof_noone", m.get("failover-state"));
    List<?> replicas = (List<?>) client.value("SENTINEL", "replicas", "mymaster");
    assertEquals("slave,disconnected,promoted", fields(replicas.get(0)).get("flags"));

    fixture.topology.promoted("mymaster");
    assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30002\r\n",
        client.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    m = fields(client.value("SENTINEL", "master", "mymaster"));
    assertEquals("1", m.get("config-epoch"));
    assertEquals("reconf_slaves", m.get("failover-state"));
    fixture.topology.reconfigured("mymaster", 30003);
    replicas = (List<?>) client.value("SENTINEL", "replicas", "mymaster");
    assertEquals(List.of("127.0.0.1:30001", "127.0.0.1:30003"),
        replicas.stream().map(x -> fields(x).get("name")).toList());
    assertEquals("slave,disconnected,reconf_done", fields(replicas.get(1)).get("flags"));
    fixture.topology.ended("mymaster");
    assertEquals("master,disconnected", fields(client.value("SENTINEL", "master", "mymaster")).get("flags"));
  }
}
