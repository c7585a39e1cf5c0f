package io.raftsentinel.raftstate.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.proto.state.Address;
import io.raftsentinel.proto.state.Command;
import io.raftsentinel.proto.state.MonitorMaster;
import io.raftsentinel.proto.state.ResultCode;
import io.raftsentinel.proto.state.SetMasterOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Committed commands per second and commit latency through a real 3-server group in one JVM, with 1
 * and 16 concurrent proposers. A benchmark, not a test: runs only with -Dbench.commit=true
 * ({@code bin/bench-raft}).
 */
@EnabledIfSystemProperty(named = "bench.commit", matches = "true")
class CommitThroughputBenchTest {
  private static final int WARMUP = 300;
  private static final int PER_RUN = Integer.getInteger("bench.commands", 3000);

  @Test
  void commitRateAndLatency() throws Exception {
    try (TestCluster c = new TestCluster(3, TestCluster.TUNING).startAll()) {
      c.awaitLeader(Duration.ofSeconds(20));
      for (int p = 0; p < 16; p++) {
        assertEquals(ResultCode.OK, c.submit(Command.newBuilder().setTimestampMs(1).setProposer("bench")
            .setMonitorMaster(MonitorMaster.newBuilder().setName("m" + p)
                .setAddress(Address.newBuilder().setHost("127.0.0.1").setPort(7000 + p)).setQuorum(2))
            .build()).getCode());
      }
      run(c, 1, WARMUP);
      StringBuilder report = new StringBuilder("| proposers | commands | commits/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
      for (int proposers : new int[] {1, 16}) {
        report.append(run(c, proposers, PER_RUN));
      }
      System.out.println(report);
    }
  }

  /** Each proposer commits its share sequentially; every command changes the state (a real write). */
  private static String run(TestCluster c, int proposers, int total) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(proposers);
    List<Future<List<Long>>> parts = new ArrayList<>();
    long start = System.nanoTime();
    for (int p = 0; p < proposers; p++) {
      int id = p;
      parts.add(pool.submit(() -> {
        List<Long> lat = new ArrayList<>();
        for (int i = 0; i < total / proposers; i++) {
          Command cmd = Command.newBuilder().setTimestampMs(2).setProposer("bench")
              .setSetMasterOptions(SetMasterOptions.newBuilder().setName("m" + id).setDownAfterMs(1000 + (i % 2)))
              .build();
          long t0 = System.nanoTime();
          ResultCode code = c.client().submit(cmd).get(30, TimeUnit.SECONDS).getCode();
          lat.add(System.nanoTime() - t0);
          if (code != ResultCode.OK) {
            throw new IllegalStateException("not applied: " + code);
          }
        }
        return lat;
      }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : parts) {
      all.addAll(f.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Collections.sort(all);
    return String.format(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.2f |%n", proposers, all.size(), all.size() / seconds,
        all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
  }
}
