package io.raftsentinel.node.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.raftsentinel.proto.api.Event;
import io.raftsentinel.proto.api.SentinelServiceGrpc;
import io.raftsentinel.proto.api.WatchEventsRequest;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.raftstate.core.SentinelEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchEventsTest {
  private InMemoryTopology topology;
  private GrpcTestServer server;

  @BeforeEach
  void start() {
    topology = new InMemoryTopology();
    topology.monitor("mymaster", "127.0.0.1", 6379, 2);
    topology.addReplica("mymaster", "127.0.0.1", 6380, 100);
    server = new GrpcTestServer(topology, GrpcTestServer.settings().withWatchQueueCapacity(100_000));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private EventCollector watch(long from, boolean stalled) {
    EventCollector c = new EventCollector(stalled);
    var stub = stalled ? SentinelServiceGrpc.newStub(server.smallWindowChannel(16 * 1024)) : server.async();
    stub.watchEvents(WatchEventsRequest.newBuilder().setFromIndex(from).build(), c);
    return c;
  }

  /** Waits until the server has registered the stream (subscribed), so later events reach it. */
  private void awaitWatchers(int n) {
    Poll.until(n + " watchers subscribed", () -> server.server().watcherCount() == n
        && topology.subscriberCount() == n);
  }

  private void setTimeout(long value) {
    topology.apply(Command.newBuilder().setSetMasterOptions(SetMasterOptions.newBuilder().setName("mymaster")
        .setFailoverTimeoutMs(value)));
  }

  private static List<String> keys(List<Event> events) {
    return events.stream().map(e -> e.getIndex() + " " + e.getType() + " " + e.getMessage()).toList();
  }

  private static List<String> keysOf(List<SentinelEvent> events) {
    return events.stream().map(e -> e.index() + " " + e.type() + " " + e.message()).toList();
  }

  @Test
  void liveWatcherFromNowSeesOnlyNewEventsInOrder() {
    EventCollector c = watch(0, false);
    awaitWatchers(1);
    long from = topology.lastIndex() + 1;
    topology.failover("mymaster").join();
    setTimeout(1234);
    List<String> expected = keysOf(topology.eventsSince(from).events());
    assertEquals(7, expected.size(), "a manual failover start has 6 events at one index, plus +set");
    Poll.until("all live events", () -> c.events().size() >= expected.size());
    assertEquals(expected, keys(c.events()));
    assertEquals("+set", c.events().get(6).getType());
    assertTrue(c.events().get(6).getMessage().endsWith("failover-timeout 1234"));
  }

  @Test
  void resumeFromAnIndexReplaysThenGoesLiveWithEveryEventExactlyOnce() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 1; running.get() && i < 100_000; i++) {
        setTimeout(100_000 + i);
      }
    });
    writer.start();
    Poll.until("some history", () -> topology.lastIndex() > 200);
    // Subscribing while the writer keeps applying: replay and live overlap and must be deduplicated.
    EventCollector c = watch(3, false);
    awaitWatchers(1);
    long atSubscribe = topology.lastIndex();
    Poll.until("more live events", () -> topology.lastIndex() > atSubscribe + 200);
    running.set(false);
    writer.join();
    List<String> expected = keysOf(topology.eventsSince(3).events());
    Poll.until("every event", () -> c.events().size() >= expected.size() || c.status() != null);
    assertEquals(null, c.status());
    assertEquals(expected, keys(c.events()));
  }

  @Test
  void resumeInsideAMultiEventIndexGetsThatIndexWhole() {
    topology.failover("mymaster").join();
    long failoverIndex = topology.lastIndex();
    EventCollector c = watch(failoverIndex, false);
    Poll.until("replayed failover events", () -> c.events().size() == 6);
    assertTrue(c.events().stream().allMatch(e -> e.getIndex() == failoverIndex));
    assertEquals("+new-epoch", c.events().get(0).getType());
  }

  @Test
  void tooOldIndexIsOutOfRangeNamingTheOldestIndex() {
    setTimeout(1);
    setTimeout(2);
    long oldest = topology.lastIndex();
    topology.truncateHistory(oldest);
    EventCollector c = watch(2, false);
    Poll.until("error", () -> c.status() != null);
    assertEquals(Status.Code.OUT_OF_RANGE, c.status().getCode());
    assertTrue(c.status().getDescription().contains("oldest available index is " + oldest),
        c.status().getDescription());
    Poll.until("unsubscribed", () -> topology.subscriberCount() == 0);
  }

  @Test
  void slowWatcherIsCutOffWithoutSlowingThePublisherOrOtherWatchers() {
    server.close();
    server = new GrpcTestServer(topology, GrpcTestServer.settings().withWatchQueueCapacity(200));
    EventCollector fast = watch(0, false);
    EventCollector slow = watch(0, true);
    awaitWatchers(2);
    int events = 0;
    while (server.server().watcherCount() == 2 && events < 20_000) {
      // Bursts the fast watcher can absorb; the stalled one falls further behind with each.
      for (int i = 0; i < 100; i++) {
        setTimeout(200_000 + ++events); // the publisher: returns at once whatever the watchers do
      }
      int sent = events;
      Poll.until("fast watcher caught up", () -> fast.events().size() == sent);
    }
    assertEquals(1, server.server().watcherCount(), "the stalled watcher was cut off on the server");
    assertEquals(1, topology.subscriberCount());
    slow.resume();
    Poll.until("slow watcher sees its status", () -> slow.status() != null);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, slow.status().getCode());
    assertTrue(slow.status().getDescription().contains("too slow"), slow.status().getDescription());
    assertTrue(slow.events().size() < events, "slow watcher got " + slow.events().size() + " of " + events);
    // The fast watcher is unaffected and still live.
    setTimeout(1);
    int total = events + 1;
    Poll.until("fast watcher still live", () -> fast.events().size() == total);
    assertEquals(null, fast.status());
  }

  @Test
  void cancelledWatcherUnsubscribes() {
    EventCollector c = watch(0, false);
    awaitWatchers(1);
    c.cancel();
    Poll.until("unsubscribed", () -> topology.subscriberCount() == 0 && server.server().watcherCount() == 0);
  }

  @Test
  void serverShutdownEndsStreamsWithUnavailable() {
    EventCollector c = watch(0, false);
    awaitWatchers(1);
    server.server().close();
    Poll.until("stream ended", () -> c.status() != null);
    assertEquals(Status.Code.UNAVAILABLE, c.status().getCode());
  }
}
