package io.raftsentinel.it.bench;

import io.raftsentinel.testing.RedisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh topology of N real redis-server masters named {@code m0..m(N-1)}, each with one replica.
 * Closing kills every process (SIGKILL also ends a SIGSTOPped one) and deletes their dirs.
 */
final class ScaleTopology implements AutoCloseable {
  private final List<RedisProcess> masters = new ArrayList<>();
  private final List<RedisProcess> replicas = new ArrayList<>();

  private ScaleTopology() {}

  static ScaleTopology start(int masterCount) {
    if (masterCount < 1) {
      throw new IllegalArgumentException("bench.masters must be at least 1, was " + masterCount);
    }
    ScaleTopology t = new ScaleTopology();
    try {
      for (int i = 0; i < masterCount; i++) {
        RedisProcess m = RedisProcess.start();
        t.masters.add(m);
        t.replicas.add(RedisProcess.startReplicaOf(m.address()));
      }
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  static String name(int i) {
    return "m" + i;
  }

  int size() {
    return masters.size();
  }

  /** Master name to port, in index order. */
  Map<String, Integer> masterPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (int i = 0; i < masters.size(); i++) {
      ports.put(name(i), masters.get(i).port());
    }
    return ports;
  }

  /** The {@code sentinel ...} config lines of a raft-sentinel node watching every master. */
  List<String> sentinelLines(long downAfterMs, long failoverTimeoutMs) {
    // A planned mass failover: safe mode (which holds failovers when most masters vanish at once)
    // would otherwise measure its window instead of the failovers.
    List<String> lines = new ArrayList<>(List.of("safe-mode-threshold 1"));
    masterPorts().forEach((name, port) -> {
      lines.add("sentinel monitor " + name + " 127.0.0.1 " + port + " 2");
      lines.add("sentinel down-after-milliseconds " + name + " " + downAfterMs);
      lines.add("sentinel failover-timeout " + name + " " + failoverTimeoutMs);
    });
    return lines;
  }

  /** Ports of the replicas of masters 0..k-1. */
  List<Integer> replicaPorts(int k) {
    return replicas.subList(0, k).stream().map(RedisProcess::port).toList();
  }

  /**
   * SIGSTOPs masters 0..k-1 with one {@code kill} command, so they freeze within microseconds of each
   * other (one kill process per master spreads 50 freezes over seconds on a loaded machine), and
   * returns System.nanoTime() just before it ran. They stay frozen until {@link #close()}.
   */
  long freeze(int k) throws IOException, InterruptedException {
    if (k < 1 || k > masters.size()) {
      throw new IllegalArgumentException("bench.frozen must be in 1.." + masters.size() + ", was " + k);
    }
    List<String> command = new ArrayList<>(List.of("kill", "-STOP"));
    for (int i = 0; i < k; i++) {
      command.add(Long.toString(masters.get(i).pid()));
    }
    ProcessBuilder kill = new ProcessBuilder(command).redirectErrorStream(true);
    long at = System.nanoTime();
    Process p = kill.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("kill -STOP of " + k + " masters failed: " + out);
    }
    return at;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisProcess p : concat()) {
      try {
        p.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private List<RedisProcess> concat() {
    List<RedisProcess> all = new ArrayList<>(replicas);
    all.addAll(masters);
    return all;
  }
}
