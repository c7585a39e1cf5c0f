package io.raftsentinel.raftstate.ratis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a configuration has a majority that can commit, judging each member by what the
 * leader hears from it rather than by whether its port accepts a connection: a frozen (SIGSTOPped)
 * process keeps its listening socket, so the kernel still completes connects for it. Pure: no I/O,
 * no clock.
 */
public final class LiveMajority {
  private LiveMajority() {}

  /**
   * The judgement of one configuration.
   *
   * @param members the configuration's voting members, sorted
   * @param live members that count as answering, sorted
   * @param unreachable member id to the reason it does not count, sorted by id
   */
  public record Verdict(List<String> members, List<String> live, Map<String, String> unreachable) {
    public Verdict {
      members = List.copyOf(members);
      live = List.copyOf(live);
      unreachable = Collections.unmodifiableMap(new TreeMap<>(unreachable));
    }

    public boolean hasMajority() {
      return live.size() > members.size() / 2;
    }

    /** "n2 (no reply to leader n1 for 2400 ms), n3 (...)" for an operator. */
    public String describeUnreachable() {
      List<String> parts = new ArrayList<>();
      unreachable.forEach((id, why) -> parts.add(id + " (" + why + ")"));
      return String.join(", ", parts);
    }
  }

  /**
   * @param members the voting members of the configuration to judge
   * @param view the leader's contact with its followers; only a reply since the leader's election counts
   * @param portClosed members whose Raft port refused a connection just now (certainly down)
   * @param vouched members known to answer by other means (a peer being added, probed by RPC)
   * @param silenceLimitMs a follower not heard from for longer than this does not count
   */
  public static Verdict judge(Collection<String> members, LeaderView view, Set<String> portClosed,
      Set<String> vouched, long silenceLimitMs) {
    List<String> sorted = members.stream().sorted().toList();
    List<String> live = new ArrayList<>();
    Map<String, String> unreachable = new TreeMap<>();
    for (String id : sorted) {
      Long since = view.sinceLastReplyMs().get(id);
      if (portClosed.contains(id)) {
        unreachable.put(id, "its Raft port refuses connections");
      } else if (id.equals(view.leaderId()) || vouched.contains(id)) {
        live.add(id);
      } else if (since == null) {
        unreachable.put(id, "leader " + view.leaderId() + " has no contact with it");
      } else if (since > silenceLimitMs) {
        unreachable.put(id, "no reply to leader " + view.leaderId() + " for " + since + " ms");
      } else if (since >= view.leaderForMs()) {
        unreachable.put(id, "no reply to leader " + view.leaderId() + " since its election " + view.leaderForMs()
            + " ms ago");
      } else {
        live.add(id);
      }
    }
    return new Verdict(sorted, live, unreachable);
  }
}
