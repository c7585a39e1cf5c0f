package io.raftsentinel.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.testing.Poll;
import io.raftsentinel.testing.RedisProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event stream clients subscribe to, on every node, during a real failover: exactly one
 * {@code +switch-master} per node with Sentinel's payload, and the {@code +sdown → +odown →
 * +switch-master → +failover-end} sequence on {@code PSUBSCRIBE *}.
 */
class PubSubIT {
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  private static List<String> channels(RespSubscriber s) {
    return s.messages().stream().map(RespSubscriber.Message::channel).toList();
  }

  private static int indexOf(RespSubscriber s, String channel, String payloadPrefix) {
    List<RespSubscriber.Message> all = s.messages();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).channel().equals(channel) && all.get(i).payload().startsWith(payloadPrefix)) {
        return i;
      }
    }
    return -1;
  }

  private static long count(RespSubscriber s, String channel) {
    return s.messages().stream().filter(m -> m.channel().equals(channel)).count();
  }

  @Test
  void everyNodePublishesOneSwitchMasterAndTheFailoverSequence() throws Exception {
    FailoverFixture f = track(FailoverFixture.start());
    List<RespSubscriber> switches = new ArrayList<>();
    List<RespSubscriber> all = new ArrayList<>();
    for (int port : f.respPorts()) {
      switches.add(track(RespSubscriber.subscribe(port, "+switch-master")));
      all.add(track(RespSubscriber.psubscribe(port, "*")));
    }
    RedisProcess old = f.master();

    RedisProcess promoted = f.pauseMasterAndAwaitFailover();
    Poll.until(FailoverFixture.FAILOVER, () -> all.stream().allMatch(s -> count(s, "+failover-end") > 0)
        && switches.stream().allMatch(s -> !s.messages().isEmpty()), "every subscriber to see the failover");
    // More events follow (-sdown, +convert-to-slave ...): a duplicate +switch-master would have come by now.
    f.resumeOldMasterAndAwaitDemotion(promoted);

    String expected = FailoverFixture.MASTER + " 127.0.0.1 " + old.port() + " 127.0.0.1 " + promoted.port();
    String oldDetails = "master " + FailoverFixture.MASTER + " 127.0.0.1 " + old.port();
    int sawSdownFirst = 0;
    for (int n = 0; n < all.size(); n++) {
      String node = "node " + (n + 1);
      RespSubscriber sub = switches.get(n);
      assertEquals(List.of(new RespSubscriber.Message(null, "+switch-master", expected)), sub.messages(),
          node + ": exactly one +switch-master on SUBSCRIBE");

      RespSubscriber p = all.get(n);
      System.out.println("PSUBSCRIBE * on " + node + ": " + channels(p));
      assertTrue(p.messages().stream().allMatch(m -> "*".equals(m.pattern())), node + ": pmessage with pattern *");
      assertEquals(1, count(p, "+switch-master"), node + ": one +switch-master on PSUBSCRIBE *");
      assertEquals(1, count(p, "+odown"), node + ": one +odown");
      assertEquals(1, count(p, "+failover-end"), node + ": one +failover-end");
      int sdown = indexOf(p, "+sdown", oldDetails);
      int odown = indexOf(p, "+odown", oldDetails + " #quorum ");
      int switched = indexOf(p, "+switch-master", expected);
      int end = indexOf(p, "+failover-end", "master " + FailoverFixture.MASTER + " 127.0.0.1 " + promoted.port());
      assertTrue(odown >= 0 && odown < switched && switched < end,
          node + ": +odown < +switch-master < +failover-end, got " + odown + ", " + switched + ", " + end);
      if (sdown >= 0 && sdown < odown) {
        sawSdownFirst++;
      }
    }
    // The nodes whose reports made the quorum publish their +sdown in the same commit, before +odown.
    // A third node may publish +odown before its own +sdown (Sentinel never does: its +odown needs its
    // own SDOWN first); see the report.
    assertTrue(sawSdownFirst >= 2, "at least quorum (2) nodes show +sdown before +odown, got " + sawSdownFirst);
  }
}
