package io.raftsentinel.node.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {
  @TempDir
  Path dir;

  private final List<ScriptRunner> runners = new ArrayList<>();

  @AfterEach
  void close() {
    runners.forEach(ScriptRunner::close);
  }

  private ScriptRunner runner(Duration timeout, int concurrency, int queue) {
    ScriptRunner r = new ScriptRunner(timeout, concurrency, queue);
    runners.add(r);
    return r;
  }

  @Test
  void passesArgumentsVerbatimAndReportsExitZero() throws Exception {
    Path out = dir.resolve("out.txt");
    Path script = TestScripts.recorder(dir, "rec.sh", out);
    ScriptResult r = runner(Duration.ofSeconds(10), 2, 4)
        .submit(new ScriptCall(script, List.of("+odown", "master mymaster 127.0.0.1 6379 #quorum 2/2"), "test"))
        .get(15, TimeUnit.SECONDS);
    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of("+odown master mymaster 127.0.0.1 6379 #quorum 2/2"), Files.readAllLines(out));
  }

  @Test
  void failingScriptReportsItsExitCode() throws Exception {
    Path script = TestScripts.write(dir, "fail.sh", "exit 3");
    ScriptResult r = runner(Duration.ofSeconds(10), 1, 4).submit(new ScriptCall(script, List.of(), "test"))
        .get(15, TimeUnit.SECONDS);
    assertEquals(ScriptResult.Outcome.EXITED, r.outcome());
    assertEquals(3, r.exitCode());
    assertFalse(r.succeeded());
  }

  @Test
  void scriptPastTheTimeoutIsKilledWithItsChildren() throws Exception {
    Path marker = dir.resolve("finished");
    // The child sleep would outlive a kill of the shell alone.
    Path script = TestScripts.write(dir, "slow.sh", "sleep 30 && touch '" + marker + "'");
    long start = System.nanoTime();
    ScriptResult r = runner(Duration.ofMillis(300), 1, 4).submit(new ScriptCall(script, List.of(), "test"))
        .get(15, TimeUnit.SECONDS);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(ScriptResult.Outcome.TIMED_OUT, r.outcome());
    assertTrue(ms < 10_000, "killed long before the script would end, took " + ms + " ms");
    assertFalse(Files.exists(marker));
  }

  @Test
  void missingScriptIsReportedNotThrown() throws Exception {
    ScriptResult r = runner(Duration.ofSeconds(1), 1, 4)
        .submit(new ScriptCall(dir.resolve("nope.sh"), List.of(), "test")).get(15, TimeUnit.SECONDS);
    assertEquals(ScriptResult.Outcome.NOT_STARTED, r.outcome());
  }

  @Test
  void fullQueueDropsNewCallsWithoutBlocking() throws Exception {
    Path slow = TestScripts.write(dir, "slow.sh", "sleep 5");
    ScriptRunner r = runner(Duration.ofSeconds(1), 1, 1);
    CompletableFuture<ScriptResult> running = r.submit(new ScriptCall(slow, List.of(), "1"));
    CompletableFuture<ScriptResult> queued = r.submit(new ScriptCall(slow, List.of(), "2"));
    long start = System.nanoTime();
    ScriptResult dropped = r.submit(new ScriptCall(slow, List.of(), "3")).get(1, TimeUnit.SECONDS);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000, "submit never blocks");
    assertEquals(ScriptResult.Outcome.DROPPED, dropped.outcome());
    assertEquals(ScriptResult.Outcome.TIMED_OUT, running.get(15, TimeUnit.SECONDS).outcome());
    assertEquals(ScriptResult.Outcome.TIMED_OUT, queued.get(15, TimeUnit.SECONDS).outcome());
  }
}
