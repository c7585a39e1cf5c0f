package io.raftsentinel.node.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftsentinel.raftstate.core.SentinelEvent;
import io.raftsentinel.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptDispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final ScriptRunner runner = new ScriptRunner(Duration.ofSeconds(10), 1, 64);
  private final AtomicBoolean leader = new AtomicBoolean(true);
  private Path notified;
  private Path reconfigured;
  private ScriptDispatcher dispatcher;

  @BeforeEach
  void setUp() throws IOException {
    notified = dir.resolve("notified.txt");
    reconfigured = dir.resolve("reconfigured.txt");
    var scripts = new ScriptDispatcher.MasterScripts(TestScripts.recorder(dir, "notify.sh", notified),
        TestScripts.recorder(dir, "reconfig.sh", reconfigured));
    dispatcher = new ScriptDispatcher(m -> m.equals("mymaster") ? scripts : ScriptDispatcher.MasterScripts.NONE,
        leader::get, runner);
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  private static SentinelEvent event(long index, String master, String type, String message) {
    return new SentinelEvent(index, 1_000, master, type, message, "");
  }

  private static List<String> lines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void switchMasterRunsBothScriptsWithSentinelsArguments() {
    dispatcher.accept(event(7, "mymaster", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380"));
    Poll.until(WAIT, () -> lines(reconfigured).size() == 1 && lines(notified).size() == 1, "both scripts");
    assertEquals(List.of("mymaster leader start 127.0.0.1 6379 127.0.0.1 6380"), lines(reconfigured));
    assertEquals(List.of("+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380"), lines(notified));
  }

  @Test
  void onlyWarningEventsOfConfiguredMastersOnTheLeaderOnceEach() {
    SentinelEvent odown = event(5, "mymaster", "+odown", "master mymaster 127.0.0.1 6379 #quorum 2/2");
    dispatcher.accept(odown);
    dispatcher.accept(odown); // the same committed event again (e.g. delivered twice): no second run
    dispatcher.accept(event(6, "mymaster", "+slave", "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379"));
    dispatcher.accept(event(6, "", "+new-epoch", "1"));
    dispatcher.accept(event(0, "mymaster", "+sdown", "master mymaster 127.0.0.1 6379"));
    dispatcher.accept(event(8, "other", "+odown", "master other 127.0.0.1 7000 #quorum 2/2"));
    leader.set(false);
    dispatcher.accept(event(9, "mymaster", "-odown", "master mymaster 127.0.0.1 6379"));
    leader.set(true);
    // A later event proves the earlier ones were dropped, not merely slow (one worker, FIFO).
    dispatcher.accept(event(10, "mymaster", "+failover-end", "master mymaster 127.0.0.1 6380"));
    Poll.until(WAIT, () -> lines(notified).size() >= 2, "the notifications");
    assertEquals(List.of("+odown master mymaster 127.0.0.1 6379 #quorum 2/2",
        "+failover-end master mymaster 127.0.0.1 6380"), lines(notified));
    assertEquals(List.of(), lines(reconfigured));
  }

  @Test
  void reconfigArgumentsNeedFiveFields() {
    assertEquals(List.of("m", "leader", "start", "a", "1", "b", "2"), ScriptDispatcher.reconfigArgs("m a 1 b 2"));
    assertEquals(null, ScriptDispatcher.reconfigArgs("m a 1 b"));
  }
}
