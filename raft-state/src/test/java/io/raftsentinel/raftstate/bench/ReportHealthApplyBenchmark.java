package io.raftsentinel.raftstate.bench;

import io.raftsentinel.proto.state.Command;
import io.raftsentinel.raftstate.core.ApplyResult;
import io.raftsentinel.raftstate.core.TopologyMachine;
import io.raftsentinel.raftstate.core.TopologyState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many ReportHealth commands the pure core applies per second on one thread: one invocation
 * applies one command of {@link HealthWorkload} to the state the previous one produced, exactly as
 * the Raft adapter does. The workload wraps around after its last command (the state is then equal
 * to the start but for the log clock, which from there on only stays put).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ReportHealthApplyBenchmark {
  @Param({"10"})
  int masters;

  private Command[] reports;
  private TopologyState state;
  private long index;
  private int next;

  @Setup
  public void setUp() {
    // 200 rounds x 180 commands: long enough that wrapping around is rare.
    HealthWorkload w = HealthWorkload.of(masters, 200);
    reports = w.reports().toArray(Command[]::new);
    state = w.start();
    index = 1_000;
  }

  @Benchmark
  public ApplyResult applyReportHealth() {
    ApplyResult r = TopologyMachine.apply(state, reports[next], ++index);
    state = r.state();
    next = next + 1 == reports.length ? 0 : next + 1;
    return r;
  }
}
