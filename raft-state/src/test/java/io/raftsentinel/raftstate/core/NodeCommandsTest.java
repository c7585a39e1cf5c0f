package io.raftsentinel.raftstate.core;

import static io.raftsentinel.raftstate.core.Driver.M;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ResultCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCommandsTest {
  private final Commands c = Commands.at(3_000);

  private static NodeAnnounce.Builder node(String id) {
    return NodeAnnounce.newBuilder().setNodeId(id).setHost("10.0.0.4").setRespPort(26379).setGrpcPort(7000)
        .setRunId(Commands.runId('f'));
  }

  @Test
  void aNewNodeIsAnnouncedToEveryMaster() {
    Driver d = Driver.standard();
    d.accept(c.monitor("other", 7000, 1));
    String sentinel = "sentinel " + Commands.runId('f') + " 10.0.0.4 26379 @ ";
    assertEquals(List.of("+sentinel " + sentinel + "mymaster 127.0.0.1 6379",
        "+sentinel " + sentinel + "other 127.0.0.1 7000"), d.accept(c.announce(node("n4"))));
    assertEquals(new NodeRecord("n4", "10.0.0.4", 26379, 7000, Commands.runId('f')), d.state().nodes().get("n4"));
  }

  @Test
  void reAnnouncingIsANoOpAndAMoveIsRecordedQuietly() {
    Driver d = Driver.standard();
    d.accept(c.announce(node("n4")));
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.announce(node("n4"))));
    assertEquals(before, d.state());
    assertEquals(List.of(), d.accept(c.announce(node("n4").setHost("10.0.0.5"))));
    assertEquals("10.0.0.5", d.state().nodes().get("n4").host());
  }

  @Test
  void badAnnouncementsAreRejected() {
    Driver d = Driver.empty();
    d.reject(c.announce(node("")), ResultCode.INVALID_ARGUMENT, "node id and host are required");
    d.reject(c.announce(node("n4").setHost("")), ResultCode.INVALID_ARGUMENT, "node id and host are required");
    d.reject(c.announce(node("n4").setRespPort(-1)), ResultCode.INVALID_ARGUMENT,
        "node ports must be within 0..65535");
    d.reject(c.announce(node("n4").setGrpcPort(65536)), ResultCode.INVALID_ARGUMENT,
        "node ports must be within 0..65535");
    d.reject(c.announce(node("n4").setRunId("ABC")), ResultCode.INVALID_ARGUMENT,
        "run id must be 40 lower-case hex characters");
    d.reject(c.announce(node("n4").setRunId("F".repeat(40))), ResultCode.INVALID_ARGUMENT,
        "run id must be 40 lower-case hex characters");
  }

  @Test
  void aNodeMayReportOnceAnnounced() {
    Driver d = Driver.standard();
    d.reject(c.by("n4").down(M, 6379), ResultCode.UNKNOWN_NODE, "health report from unknown node 'n4'");
    d.accept(c.announce(node("n4")));
    d.accept(c.by("n4").down(M, 6379));
  }

  @Test
  void forgettingANodeDropsItsRecordAndItsDownReports() {
    Driver d = Driver.standard();
    d.accept(c.announce(node("n4")));
    d.accept(c.by("n4").down(M, 6379));
    assertEquals(true, d.master().reportsFor(d.master().address()).containsKey("n4"));
    String sentinel = "sentinel " + Commands.runId('f') + " 10.0.0.4 26379 @ ";
    assertEquals(List.of("-sentinel " + sentinel + "mymaster 127.0.0.1 6379"),
        d.accept(c.wrap(io.raftsentinel.proto.state.Command.newBuilder().setForgetNode(
            io.raftsentinel.proto.state.ForgetNode.newBuilder().setNodeId("n4")))));
    assertEquals(null, d.state().nodes().get("n4"));
    assertEquals(false, d.master().reportsFor(d.master().address()).containsKey("n4"));
    d.reject(c.by("n4").down(M, 6379), ResultCode.UNKNOWN_NODE, "health report from unknown node 'n4'");
    // Forgetting an unknown node is a no-op.
    TopologyState before = d.state();
    assertEquals(List.of(), d.accept(c.wrap(io.raftsentinel.proto.state.Command.newBuilder().setForgetNode(
        io.raftsentinel.proto.state.ForgetNode.newBuilder().setNodeId("n9")))));
    assertEquals(before.nodes(), d.state().nodes());
  }
}
