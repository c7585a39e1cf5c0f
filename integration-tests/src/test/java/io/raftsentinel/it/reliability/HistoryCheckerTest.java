package io.raftsentinel.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories: it must accept a correct one and name each kind of violation. */
class HistoryCheckerTest {
  private static final String A = "127.0.0.1:1001";
  private static final String B = "127.0.0.1:1002";
  private static final String C = "127.0.0.1:1003";
  private final HistoryChecker checker = new HistoryChecker("mymaster", A);

  private static List<RecordedEvent> failover(String node, long at, long epoch, String from, String to) {
    String[] f = from.split(":");
    String[] t = to.split(":");
    return List.of(
        new RecordedEvent(node, 1, at, "+odown", "master mymaster " + f[0] + " " + f[1] + " #quorum 2/2"),
        new RecordedEvent(node, 1, at + 1, "+new-epoch", Long.toString(epoch)),
        new RecordedEvent(node, 1, at + 2, "+try-failover", "master mymaster " + f[0] + " " + f[1]),
        new RecordedEvent(node, 1, at + 3, "+switch-master", "mymaster " + f[0] + " " + f[1] + " " + t[0] + " "
            + t[1]));
  }

  private static List<EpochSample> settled(long at, long epoch, String address, String... nodes) {
    List<EpochSample> out = new ArrayList<>();
    for (String n : nodes) {
      out.add(new EpochSample(n, at, address, epoch, "master"));
    }
    return out;
  }

  @Test
  void aCorrectHistoryPasses() {
    List<RecordedEvent> events = new ArrayList<>(failover("n1", 100, 1, A, B));
    events.addAll(failover("n2", 100, 1, A, B));
    List<EpochSample> epochs = new ArrayList<>(settled(50, 0, A, "n1", "n2"));
    epochs.addAll(settled(500, 1, B, "n1", "n2"));
    History h = checker.check(events, epochs, List.of(), List.of(), Set.of("n1", "n2"));
    assertEquals(List.of(), h.violations());
    assertEquals(List.of(new History.Switch(1, A, B)), h.switches());
  }

  @Test
  void twoMastersForOneEpochAreCaught() {
    List<RecordedEvent> events = new ArrayList<>(failover("n1", 100, 1, A, B));
    events.addAll(failover("n2", 100, 1, A, C));
    History h = checker.check(events, List.of(), List.of(), List.of(), Set.of());
    assertTrue(h.violations().stream().anyMatch(v -> v.startsWith("two masters for config epoch 1")),
        h.violations().toString());
  }

  @Test
  void anEpochGoingBackIsCaught() {
    List<EpochSample> epochs = new ArrayList<>(settled(100, 1, B, "n1"));
    epochs.addAll(settled(200, 0, A, "n1"));
    History h = checker.check(List.of(), epochs, List.of(), List.of(), Set.of());
    assertTrue(h.violations().stream().anyMatch(v -> v.startsWith("config epoch went down on n1")),
        h.violations().toString());
  }

  @Test
  void aFailoverWithoutObjectiveDownIsCaughtUnlessRequested() {
    List<RecordedEvent> events = failover("n1", 100, 1, A, B).subList(1, 4);
    History h = checker.check(events, List.of(), List.of(), List.of(), Set.of());
    assertTrue(h.violations().stream().anyMatch(v -> v.startsWith("failover started with no objective down")),
        h.violations().toString());
    assertEquals(List.of(), checker.check(events, List.of(), List.of(), List.of(50L), Set.of()).violations());
  }

  @Test
  void aLiveSubscriberThatMissedASwitchIsCaughtButAStoppedOneIsNot() {
    List<RecordedEvent> events = new ArrayList<>(failover("n1", 100, 1, A, B));
    // n3 subscribed once and was stopped for good (removed) before the failover; n2 was live and missed it.
    events.add(new RecordedEvent("n3", 1, 50, "+sdown", "master mymaster 127.0.0.1 1001"));
    events.add(new RecordedEvent("n2", 1, 50, "+sdown", "master mymaster 127.0.0.1 1001"));
    List<EpochSample> epochs = settled(500, 1, B, "n1", "n2");
    History h = checker.check(events, epochs, List.of(), List.of(), Set.of("n1", "n2"));
    assertEquals(List.of("node n2 saw switches [] but the group committed [" + B + "]"), h.violations());
  }

  @Test
  void aBrokenChainAndALaggingNodeAreCaught() {
    List<RecordedEvent> events = new ArrayList<>(failover("n1", 100, 1, A, B));
    events.addAll(failover("n1", 200, 2, C, A));
    List<EpochSample> epochs = settled(300, 1, B, "n2");
    History h = checker.check(events, epochs, List.of(), List.of(), Set.of("n2"));
    assertTrue(h.violations().stream().anyMatch(v -> v.contains("does not start from the master of the previous")),
        h.violations().toString());
    assertTrue(h.violations().stream().anyMatch(v -> v.startsWith("node n2 ended at")), h.violations().toString());
  }

  @Test
  void twoMasterWindowsAreMeasured() {
    List<RoleSample> roles = List.of(
        new RoleSample(A, 0, "master"), new RoleSample(B, 0, "slave"),
        new RoleSample(B, 100, "master"), new RoleSample(A, 350, "slave"),
        new RoleSample(A, 400, "none"), new RoleSample(B, 400, "master"));
    List<History.Window> w = HistoryChecker.twoMasterWindows(roles);
    assertEquals(1, w.size());
    assertEquals(250, w.get(0).lengthMs());
  }
}
