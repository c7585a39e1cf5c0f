package io.raftsentinel.node.resp;

import java.io.IOException;

/**
 * The classic deployment on an in-memory topology: this node n1 and peers n2, n3; master mymaster
 * at 127.0.0.1:30001 (quorum 2) with replicas 30002 and 30003; a RESP server on a free port.
 */
final class RespFixture implements AutoCloseable {
  static final String N2_RUN_ID = "1cb816f72837dcdc7cf35100db200d66a983be14";
  static final String N3_RUN_ID = "bd8cc5f0d16bd8cb72ceeca0686b35f81bebdae1";

  final InMemoryTopology topology = new InMemoryTopology();
  final RespServer server;

  RespFixture() {
    this("");
  }

  RespFixture(String requirepass) {
    topology.announce(InMemoryTopology.SELF, 30101, InMemoryTopology.SELF_RUN_ID);
    topology.announce("n2", 30102, N2_RUN_ID);
    topology.announce("n3", 30103, N3_RUN_ID);
    topology.monitor("mymaster", 30001, 2);
    topology.replicas("mymaster", 30002, 30003);
    server = new RespServer(topology, topology, new RespConfig("127.0.0.1", 0, requirepass, "", 0));
  }

  RawClient client() throws IOException {
    return new RawClient(server.port());
  }

  @Override
  public void close() {
    server.close();
  }
}
