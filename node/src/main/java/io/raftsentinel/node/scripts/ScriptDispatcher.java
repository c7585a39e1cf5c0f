package io.raftsentinel.node.scripts;

import io.raftsentinel.raftstate.core.SentinelEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed events into script runs, like Sentinel: {@code notification-script} with
 * {@code <event-type> <event-description>} for each warning-level event of a master, and
 * {@code client-reconfig-script} with {@code <master> leader start <from-ip> <from-port> <to-ip>
 * <to-port>} on {@code +switch-master}. Only the Raft leader runs scripts, so a group runs each once,
 * and a node runs each at most once per committed event (keyed by log index, type and message).
 * Never blocks: calls go to the {@link ScriptRunner}'s queue.
 */
public final class ScriptDispatcher implements Consumer<SentinelEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptDispatcher.class);
  /** Sentinel's warning-level events (SPEC §1.5) that concern a master; they trigger notification-script. */
  static final Set<String> WARNING_EVENTS = Set.of(
      "+monitor", "-monitor", "+set", "+reset-master", "+sdown", "-sdown", "+odown", "-odown", "+vote-for-leader",
      "+try-failover", "-failover-abort-not-elected", "+elected-leader", "+failover-state-select-slave",
      "-failover-abort-no-good-slave", "+selected-slave", "-failover-abort-slave-timeout", "+promoted-slave",
      "+failover-state-reconf-slaves", "+failover-end-for-timeout", "+failover-end", "+switch-master",
      "+config-update-from");
  private static final int REMEMBERED = 4096;

  private final Function<String, MasterScripts> scriptsOf;
  private final BooleanSupplier isLeader;
  private final ScriptRunner runner;
  private final Map<String, Boolean> done = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };

  /**
   * @param scriptsOf the scripts configured for a master name (never null; {@link MasterScripts#NONE})
   * @param isLeader whether this node currently leads the group
   */
  public ScriptDispatcher(Function<String, MasterScripts> scriptsOf, BooleanSupplier isLeader, ScriptRunner runner) {
    this.scriptsOf = scriptsOf;
    this.isLeader = isLeader;
    this.runner = runner;
  }

  /** The scripts of one master; either may be null. */
  public record MasterScripts(Path notification, Path clientReconfig) {
    public static final MasterScripts NONE = new MasterScripts(null, null);
  }

  @Override
  public void accept(SentinelEvent e) {
    if (e.index() <= 0 || e.master().isEmpty()) {
      return; // local, uncommitted events and group-wide ones (+new-epoch) run no script
    }
    MasterScripts scripts = scriptsOf.apply(e.master());
    if (scripts == null || (scripts.notification() == null && scripts.clientReconfig() == null)) {
      return;
    }
    if (!isLeader.getAsBoolean() || !firstTime(e)) {
      return;
    }
    String cause = e.type() + " (index " + e.index() + ")";
    if (scripts.notification() != null && WARNING_EVENTS.contains(e.type())) {
      runner.submit(new ScriptCall(scripts.notification(), List.of(e.type(), e.message()), cause));
    }
    if (scripts.clientReconfig() != null && e.type().equals("+switch-master")) {
      List<String> args = reconfigArgs(e.message());
      if (args != null) {
        runner.submit(new ScriptCall(scripts.clientReconfig(), args, cause));
      } else {
        LOG.warn("Not running client-reconfig-script: unexpected +switch-master payload '{}'", e.message());
      }
    }
  }

  private synchronized boolean firstTime(SentinelEvent e) {
    return done.putIfAbsent(e.index() + " " + e.type() + " " + e.message(), Boolean.TRUE) == null;
  }

  /** {@code <name> <old-ip> <old-port> <new-ip> <new-port>} → Sentinel's seven script arguments. */
  static List<String> reconfigArgs(String switchMaster) {
    String[] f = switchMaster.split(" ");
    if (f.length != 5) {
      return null;
    }
    List<String> args = new ArrayList<>(7);
    args.add(f[0]);
    args.add("leader");
    args.add("start");
    args.addAll(List.of(f[1], f[2], f[3], f[4]));
    return args;
  }
}
