package io.raftsentinel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.it.SentinelCluster;
import io.raftsentinel.it.TestResources;
import io.raftsentinel.it.clients.RedisCli.Mode;
import io.raftsentinel.node.runtime.SentinelNode;
import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code SENTINEL CKQUORUM} asked of a follower counts the members the group hears from, as
 * Sentinel counts the sentinels that are not SDOWN: all three, then two once a node is gone for
 * longer than down-after, then no majority once two are gone.
 */
class CkquorumIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String OK = "OK %d usable Sentinels. Quorum and failover authorization can be reached";

  @RegisterExtension
  final TestResources resources = new TestResources();

  @Test
  void aFollowerCountsWhatTheGroupHearsFrom() throws Exception {
    RedisProcess master = resources.track(RedisProcess.start());
    SentinelCluster cluster = resources.track(SentinelCluster.create(3, List.of(
        "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2",
        "sentinel down-after-milliseconds mymaster 2000")));
    cluster.startAll();
    SentinelNode leader = cluster.awaitLeader();
    List<SentinelNode> followers = cluster.running().stream().filter(n -> n != leader).toList();
    SentinelNode asked = followers.get(0);
    SentinelNode leaving = followers.get(1);

    awaitAnswer(asked, String.format(OK, 3));

    cluster.stop(leaving.config().raftId());
    // Until down-after has passed the leader still counts the stopped node, as Sentinel would.
    awaitAnswer(asked, String.format(OK, 2));

    cluster.stop(leader.config().raftId());
    awaitAnswer(asked, "NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum"
        + " for this master. Not enough available Sentinels to reach the majority and authorize a failover");
  }

  private static void awaitAnswer(SentinelNode node, String expected) {
    String[] last = {""};
    try {
      Poll.until(DEADLINE, () -> {
        last[0] = RedisCli.run(node.respPort(), Mode.RAW2, "SENTINEL", "ckquorum", "mymaster").strip();
        return last[0].equals(expected);
      }, "ckquorum on " + node.config().raftId() + " to answer '" + expected + "'");
    } catch (AssertionError timedOut) {
      assertEquals(expected, last[0], "ckquorum on " + node.config().raftId() + ", last answer after "
          + DEADLINE.toSeconds() + " s");
      throw timedOut;
    }
  }
}
