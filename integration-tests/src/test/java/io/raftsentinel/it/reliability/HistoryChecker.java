package io.raftsentinel.it.reliability;

import io.raftsentinel.it.reliability.History.EpochStart;
import io.raftsentinel.it.reliability.History.Switch;
import io.raftsentinel.it.reliability.History.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges a recorded history of one master group: the events every node published, the
 * {@code SENTINEL master} samples of every node and the {@code ROLE} samples of every Redis.
 *
 * <p>Invariants: (1) one committed master per config epoch — every node that saw the
 * {@code +switch-master} of an epoch saw the same new address, every {@code SENTINEL master} sample
 * of that epoch names it too, and a node that was subscribed all along saw exactly the committed
 * sequence; (2) the switches form a chain from the initial master;
 * (3) config epochs never go down on any node, and no two samples name different masters for one
 * epoch; (4) no {@code +try-failover} without an objective down (or a manual request) before it;
 * (5) every node alive at the end agrees with the last switch. The two-master windows of the Redis
 * side are measured, not judged: the test decides what bound it asserts.
 */
public final class HistoryChecker {
  private final String master;
  private final String initialMaster;

  /**
   * @param master the master group name
   * @param initialMaster "host:port" of the master the group was configured with
   */
  public HistoryChecker(String master, String initialMaster) {
    this.master = master;
    this.initialMaster = initialMaster;
  }

  /**
   * @param events every recorded event of every node
   * @param epochs every {@code SENTINEL master} sample
   * @param roles every Redis {@code ROLE} sample
   * @param manualRequests times (on {@link Millis}) at which the test asked for a manual failover
   * @param liveAtEnd the nodes that ran at the end and must have converged
   */
  public History check(List<RecordedEvent> events, List<EpochSample> epochs, List<RoleSample> roles,
      List<Long> manualRequests, Set<String> liveAtEnd) {
    return check(events, epochs, roles, manualRequests, liveAtEnd, liveAtEnd);
  }

  /**
   * As above; {@code onFirstSubscription} are the nodes whose first subscription lasted the whole run
   * (the recorder's own count: a restarted node's new session may carry no event at all, so the events
   * alone can make it look continuously subscribed).
   */
  public History check(List<RecordedEvent> events, List<EpochSample> epochs, List<RoleSample> roles,
      List<Long> manualRequests, Set<String> liveAtEnd, Set<String> onFirstSubscription) {
    List<String> violations = new ArrayList<>();
    TreeMap<Long, Switch> committed = switches(events, epochs, violations);
    addSampledEpochs(committed, epochs, violations);
    List<Switch> chain = List.copyOf(committed.values());
    checkChain(chain, violations);
    checkFullSubscribers(events, chain, onFirstSubscription, violations);
    checkEpochSamples(epochs, violations);
    checkTryFailover(events, epochs, manualRequests, violations);
    checkConvergence(epochs, chain, liveAtEnd, violations);
    return new History(List.copyOf(violations), chain, epochStarts(events), twoMasterWindows(roles));
  }

  /**
   * Per session, attributes each switch to the last {@code +new-epoch} before it; one address per epoch.
   * A switch whose session began after its {@code +new-epoch} (the node restarted in between) takes the
   * epoch that node reported next for the new address.
   */
  private TreeMap<Long, Switch> switches(List<RecordedEvent> events, List<EpochSample> epochs,
      List<String> violations) {
    TreeMap<Long, Switch> byEpoch = new TreeMap<>();
    for (List<RecordedEvent> session : sessions(events).values()) {
      long epoch = -1;
      long lastSwitchEpoch = -1;
      for (RecordedEvent e : session) {
        if (e.channel().equals("+new-epoch")) {
          epoch = Long.parseLong(e.message().strip());
        } else if (e.channel().equals("+switch-master") && e.master().equals(master)) {
          Switch s = toSwitch(epoch, e);
          if (epoch < 0) {
            // Subscribed between the start and the promotion: the epoch is unknown; checked below.
            continue;
          }
          if (epoch <= lastSwitchEpoch) {
            violations.add("switch at epoch " + epoch + " after one at epoch " + lastSwitchEpoch + " on " + e);
          }
          lastSwitchEpoch = epoch;
          Switch known = byEpoch.putIfAbsent(epoch, s);
          if (known != null && !known.equals(s)) {
            violations.add("two masters for config epoch " + epoch + ": " + known + " and " + s + " (" + e + ")");
          }
        }
      }
    }
    for (List<RecordedEvent> session : sessions(events).values()) {
      for (RecordedEvent e : session) {
        if (e.channel().equals("+new-epoch")) {
          break;
        }
        if (e.channel().equals("+switch-master") && e.master().equals(master)) {
          Switch s = toSwitch(-1, e);
          long epoch = epochs.stream()
              .filter(x -> x.node().equals(e.node()) && x.atMs() >= e.atMs() && x.address().equals(s.to()))
              .min(Comparator.comparingLong(EpochSample::atMs)).map(EpochSample::configEpoch).orElse(-1L);
          if (epoch < 0) {
            violations.add("switch with no epoch, and no later SENTINEL master sample naming its master: " + e);
            continue;
          }
          Switch attributed = new Switch(epoch, s.from(), s.to());
          Switch known = byEpoch.putIfAbsent(epoch, attributed);
          if (known != null && !known.equals(attributed)) {
            violations.add("two masters for config epoch " + epoch + ": " + known + " and " + attributed + " (" + e
                + ", epoch from the node's next sample)");
          }
        }
      }
    }
    return byEpoch;
  }

  /**
   * Epochs that some node reported in {@code SENTINEL master} but whose {@code +switch-master} no
   * subscriber received (every node restarted meanwhile): known by their new master only.
   */
  private static void addSampledEpochs(TreeMap<Long, Switch> committed, List<EpochSample> epochs,
      List<String> violations) {
    for (EpochSample x : epochs) {
      if (x.configEpoch() == 0) {
        continue;
      }
      Switch known = committed.get(x.configEpoch());
      if (known == null) {
        committed.put(x.configEpoch(), new Switch(x.configEpoch(), null, x.address()));
      } else if (!known.to().equals(x.address())) {
        violations.add("config epoch " + x.configEpoch() + " switched to " + known.to() + " but " + x
            + " names another master");
      }
    }
  }

  private void checkChain(List<Switch> chain, List<String> violations) {
    String current = initialMaster;
    for (Switch s : chain) {
      if (s.from() != null && !s.from().equals(current)) {
        violations.add("switch " + s + " does not start from the master of the previous epoch, " + current);
      }
      current = s.to();
    }
  }

  /**
   * A node subscribed once and never disconnected must have seen exactly the committed switches. Only
   * nodes alive at the end qualify: one session of a node that was stopped for good (removed from the
   * group, say) ended before the run did.
   */
  private void checkFullSubscribers(List<RecordedEvent> events, List<Switch> chain, Set<String> liveAtEnd,
      List<String> violations) {
    Map<String, Set<Integer>> sessionsPerNode = new HashMap<>();
    for (RecordedEvent e : events) {
      sessionsPerNode.computeIfAbsent(e.node(), k -> new TreeSet<>()).add(e.session());
    }
    List<String> expected = chain.stream().map(Switch::to).toList();
    for (var entry : sessionsPerNode.entrySet()) {
      if (entry.getValue().size() != 1 || !liveAtEnd.contains(entry.getKey())) {
        continue;
      }
      List<String> seen = events.stream()
          .filter(e -> e.node().equals(entry.getKey()) && e.channel().equals("+switch-master")
              && e.master().equals(master))
          .map(e -> toSwitch(-1, e).to()).toList();
      if (!seen.equals(expected)) {
        violations.add("node " + entry.getKey() + " saw switches " + seen + " but the group committed " + expected);
      }
    }
  }

  private void checkEpochSamples(List<EpochSample> epochs, List<String> violations) {
    Map<String, EpochSample> last = new HashMap<>();
    Map<Long, EpochSample> addressOfEpoch = new HashMap<>();
    for (EpochSample s : sorted(epochs, Comparator.comparingLong(EpochSample::atMs))) {
      EpochSample before = last.put(s.node(), s);
      if (before != null && s.configEpoch() < before.configEpoch()) {
        violations.add("config epoch went down on " + s.node() + ": " + before + " then " + s);
      }
      EpochSample first = addressOfEpoch.putIfAbsent(s.configEpoch(), s);
      if (first != null && !first.address().equals(s.address())) {
        violations.add("config epoch " + s.configEpoch() + " names two masters: " + first + " and " + s);
      }
    }
  }

  private void checkTryFailover(List<RecordedEvent> events, List<EpochSample> epochs, List<Long> manualRequests,
      List<String> violations) {
    for (RecordedEvent e : events) {
      if (!e.channel().equals("+try-failover") || !e.master().equals(master)) {
        continue;
      }
      long t = e.atMs();
      boolean manual = manualRequests.stream().anyMatch(m -> m <= t);
      if (!manual && !odownEventBefore(events, t) && !odownSampleBefore(epochs, t)) {
        violations.add("failover started with no objective down and no manual request before it: " + e);
      }
    }
  }

  /** Some node's last {@code +odown}/{@code -odown} for the master before {@code t} is {@code +odown}. */
  private boolean odownEventBefore(List<RecordedEvent> events, long t) {
    Map<String, String> lastPerNode = new HashMap<>();
    for (RecordedEvent e : events) {
      if (e.atMs() <= t && e.master().equals(master)
          && (e.channel().equals("+odown") || e.channel().equals("-odown"))) {
        lastPerNode.put(e.node(), e.channel());
      }
    }
    return lastPerNode.containsValue("+odown");
  }

  private static boolean odownSampleBefore(List<EpochSample> epochs, long t) {
    Map<String, EpochSample> lastPerNode = new HashMap<>();
    for (EpochSample s : epochs) {
      if (s.atMs() <= t) {
        lastPerNode.merge(s.node(), s, (a, b) -> b.atMs() >= a.atMs() ? b : a);
      }
    }
    return lastPerNode.values().stream().anyMatch(s -> s.flags().contains("o_down"));
  }

  private void checkConvergence(List<EpochSample> epochs, List<Switch> chain, Set<String> liveAtEnd,
      List<String> violations) {
    String address = chain.isEmpty() ? initialMaster : chain.get(chain.size() - 1).to();
    long epoch = chain.isEmpty() ? 0 : chain.get(chain.size() - 1).epoch();
    for (String node : liveAtEnd) {
      EpochSample last = epochs.stream().filter(s -> s.node().equals(node))
          .max(Comparator.comparingLong(EpochSample::atMs)).orElse(null);
      if (last == null) {
        violations.add("no SENTINEL master sample from live node " + node);
      } else if (!last.address().equals(address) || last.configEpoch() != epoch) {
        violations.add("node " + node + " ended at " + last.address() + " epoch " + last.configEpoch()
            + " but the last committed switch is " + address + " epoch " + epoch);
      }
    }
  }

  private static List<EpochStart> epochStarts(List<RecordedEvent> events) {
    Map<Long, Long> first = new TreeMap<>();
    for (RecordedEvent e : events) {
      if (e.channel().equals("+new-epoch")) {
        first.merge(Long.parseLong(e.message().strip()), e.atMs(), Math::min);
      }
    }
    return first.entrySet().stream().map(x -> new EpochStart(x.getKey(), x.getValue())).toList();
  }

  /** Sweeps the ROLE samples in time order; an instance counts as master from a master sample to its next sample. */
  static List<Window> twoMasterWindows(List<RoleSample> roles) {
    List<Window> out = new ArrayList<>();
    Map<String, Boolean> isMaster = new TreeMap<>();
    long openedAt = -1;
    List<String> openMasters = List.of();
    for (RoleSample s : sorted(roles, Comparator.comparingLong(RoleSample::atMs))) {
      isMaster.put(s.instance(), s.master());
      List<String> masters = isMaster.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
          .collect(Collectors.toList());
      if (masters.size() >= 2 && openedAt < 0) {
        openedAt = s.atMs();
        openMasters = masters;
      } else if (masters.size() < 2 && openedAt >= 0) {
        out.add(new Window(openedAt, s.atMs(), openMasters));
        openedAt = -1;
      }
    }
    if (openedAt >= 0) {
      long end = roles.stream().mapToLong(RoleSample::atMs).max().orElse(openedAt);
      out.add(new Window(openedAt, end, openMasters));
    }
    return out;
  }

  private static Switch toSwitch(long epoch, RecordedEvent e) {
    // "+switch-master NAME OLDHOST OLDPORT NEWHOST NEWPORT"
    String[] w = e.message().split(" ");
    return new Switch(epoch, w[1] + ":" + w[2], w[3] + ":" + w[4]);
  }

  private static Map<String, List<RecordedEvent>> sessions(List<RecordedEvent> events) {
    Map<String, List<RecordedEvent>> out = new LinkedHashMap<>();
    for (RecordedEvent e : events) {
      out.computeIfAbsent(e.node() + "#" + e.session(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
    List<T> copy = new ArrayList<>(list);
    copy.sort(order);
    return copy;
  }
}
