package io.raftsentinel.it.reliability;

import java.util.List;

/**
 * What {@link HistoryChecker} concluded from one run.
 *
 * @param violations every broken invariant, in words (empty when the run was correct)
 * @param switches the committed master switches, one per config epoch, in epoch order
 * @param epochStarts receive time (earliest over nodes) of each {@code +new-epoch}, in epoch order
 * @param twoMasters every interval in which two or more Redis instances answered {@code role:master}
 */
public record History(List<String> violations, List<Switch> switches, List<EpochStart> epochStarts,
    List<Window> twoMasters) {

  /** A committed {@code +switch-master}: config epoch, old (null when only sampled) and new "host:port". */
  public record Switch(long epoch, String from, String to) {}

  /** A failover attempt: its epoch and when the first node announced it. */
  public record EpochStart(long epoch, long atMs) {}

  /** An interval of the ROLE history with several instances reporting master. */
  public record Window(long startMs, long endMs, List<String> masters) {
    public long lengthMs() {
      return endMs - startMs;
    }
  }

  public long longestTwoMastersMs() {
    return twoMasters.stream().mapToLong(Window::lengthMs).max().orElse(0);
  }

  public String summary() {
    return "switches=" + switches + " epochs=" + epochStarts.stream().map(EpochStart::epoch).toList()
        + " twoMasterWindows=" + twoMasters.stream().map(Window::lengthMs).toList() + " ms"
        + (violations.isEmpty() ? " violations=none" : " violations=" + violations);
  }
}
