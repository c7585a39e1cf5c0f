package io.raftsentinel.raftstate.core;

import io.raftsentinel.proto.state.AbortReason;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.HealthTransition;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.NodeAnnounce;
import io.raftsentinel.proto.state.ReplicaFacts;
import io.raftsentinel.proto.state.SetMasterOptions;
import io.raftsentinel.proto.state.StartFailover;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of plausible and implausible commands. It peeks at the state it is generating
 * for, so that failover steps often name the epoch and term of the failover in progress and get
 * accepted, while stale, unknown and malformed commands keep coming too.
 */
final class RandomCommands {
  private static final String[] MASTERS = {"m0", "m1", "m2", "m3"};
  private static final String[] NODES = {"n1", "n2", "n3", "n4", "ghost"};
  private static final String[] PATTERNS = {"*", "m[01]", "m?", "zz*", "m3"};

  private final Random random;
  private long clock = 1_000;

  RandomCommands(long seed) {
    this.random = new Random(seed);
  }

  Command next(TopologyState state) {
    advanceClock();
    Commands c = new Commands(pick(NODES), clock);
    int roll = random.nextInt(100);
    if (roll < 4) {
      return announce(c);
    } else if (roll < 9) {
      return monitor(c);
    } else if (roll < 10) {
      return c.remove(pick(MASTERS));
    } else if (roll < 14) {
      return set(c);
    } else if (roll < 15) {
      return c.reset(pick(PATTERNS));
    } else if (roll < 17) {
      // Paused less often than resumed, so that automatic failovers still get through.
      return c.paused(random.nextInt(4) == 0 ? "" : pick(MASTERS), random.nextInt(3) == 0);
    } else if (roll < 50) {
      return health(c, state);
    } else if (roll < 57) {
      return replicas(c, state);
    } else if (roll < 70) {
      return start(c, state);
    } else if (roll < 99) {
      return step(c, state);
    }
    return Command.newBuilder().setTimestampMs(clock).build();
  }

  /** Mostly forward, sometimes a lagging proposer, now and then a jump past any cooldown. */
  private void advanceClock() {
    int roll = random.nextInt(100);
    if (roll < 10) {
      clock -= random.nextInt(3_000);
    } else if (roll < 13) {
      clock += 20_000;
    } else {
      clock += random.nextInt(500);
    }
  }

  private Command announce(Commands c) {
    String node = pick(NODES);
    String runId = random.nextInt(10) == 0 ? "not-a-run-id" : Commands.runId("0123456789abcdef".charAt(
        random.nextInt(16)));
    return c.announce(NodeAnnounce.newBuilder().setNodeId(node).setHost("10.0.0." + random.nextInt(3))
        .setRespPort(26379).setGrpcPort(random.nextInt(3) == 0 ? 70000 : 7000).setRunId(runId));
  }

  private Command monitor(Commands c) {
    int index = random.nextInt(MASTERS.length);
    int port = basePort(index) + (random.nextInt(5) == 0 ? 1 : 0);
    return c.monitor(MonitorMaster.newBuilder().setName(random.nextInt(20) == 0 ? "bad name" : MASTERS[index])
        .setAddress(Commands.addr(port)).setQuorum(random.nextInt(4))
        .setSettings(io.raftsentinel.proto.state.MasterSettings.newBuilder()
            .setFailoverTimeoutMs(1_000 + random.nextInt(5_000))));
  }

  private Command set(Commands c) {
    SetMasterOptions.Builder b = Commands.options(pick(MASTERS));
    if (random.nextBoolean()) {
      b.setQuorum(random.nextInt(4));
    }
    if (random.nextBoolean()) {
      b.setFailoverTimeoutMs(random.nextInt(8_000) - 500);
    }
    if (random.nextInt(4) == 0) {
      b.setParallelSyncs(random.nextInt(3));
    }
    if (random.nextInt(4) == 0) {
      b.setAuthPass("p" + random.nextInt(3));
    }
    return c.set(b);
  }

  private Command health(Commands c, TopologyState state) {
    List<HealthTransition> transitions = new ArrayList<>();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      String name = pick(MASTERS);
      transitions.add(Commands.transition(name, instancePort(state, name), random.nextBoolean(), clock));
    }
    return c.health(transitions.toArray(HealthTransition[]::new));
  }

  private Command replicas(Commands c, TopologyState state) {
    String name = pick(MASTERS);
    List<ReplicaFacts> facts = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      int port = basePort(name) + random.nextInt(4);
      facts.add(Commands.replica(port, random.nextInt(4) == 0 ? "" : Commands.runId("abc".charAt(random.nextInt(3))),
          random.nextInt(5) == 0 ? 0 : 100));
    }
    return c.replicas(name, facts.toArray(ReplicaFacts[]::new));
  }

  private Command start(Commands c, TopologyState state) {
    long epoch = state.currentEpoch() + 1 + (random.nextInt(6) == 0 ? random.nextInt(3) - 1 : 0);
    if (random.nextInt(4) > 0) {
      return c.start(startBody(state, epoch));
    }
    // Several starts in one entry, as a leader batches them in a mass outage (epochs rising).
    StartFailover.Builder[] starts = new StartFailover.Builder[2 + random.nextInt(2)];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = startBody(state, epoch + i);
    }
    return c.startAll(starts);
  }

  private StartFailover.Builder startBody(TopologyState state, long epoch) {
    String name = pick(MASTERS);
    StartFailover.Builder b = Commands.startBody(name, epoch, random.nextInt(4));
    if (random.nextInt(5) > 0) {
      b.setCandidate(Commands.addr(instancePort(state, name)));
    }
    b.setManual(random.nextInt(4) == 0);
    return b;
  }

  private Command step(Commands c, TopologyState state) {
    String name = pick(MASTERS);
    MasterRecord m = state.master(name);
    FailoverRecord f = m == null ? null : m.failover();
    long epoch = f == null || random.nextInt(8) == 0 ? state.currentEpoch() + random.nextInt(2) - 1 : f.epoch();
    long term = (f == null ? 1 : f.term()) + (random.nextInt(6) == 0 ? random.nextInt(3) - 1 : 0);
    return switch (random.nextInt(4)) {
      case 0 -> c.promoted(name, epoch, term);
      case 1 -> c.reconfigured(name, epoch, term, instancePort(state, name), random.nextBoolean());
      case 2 -> c.ended(name, epoch, term, random.nextInt(3) == 0);
      default -> c.aborted(name, epoch, term, AbortReason.forNumber(random.nextInt(4)));
    };
  }

  /** The master's committed address, one of its replicas, or a stranger. */
  private int instancePort(TopologyState state, String name) {
    MasterRecord m = state.master(name);
    int roll = random.nextInt(10);
    if (m != null && roll < 4) {
      return m.address().port();
    }
    if (m != null && roll < 9 && !m.replicas().isEmpty()) {
      List<InstanceAddress> known = new ArrayList<>(m.replicas().keySet());
      return known.get(random.nextInt(known.size())).port();
    }
    return basePort(name) + random.nextInt(5);
  }

  private static int basePort(String name) {
    for (int i = 0; i < MASTERS.length; i++) {
      if (MASTERS[i].equals(name)) {
        return basePort(i);
      }
    }
    throw new IllegalArgumentException("not a generated master name: " + name);
  }

  private static int basePort(int index) {
    return 6000 + 100 * index;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
