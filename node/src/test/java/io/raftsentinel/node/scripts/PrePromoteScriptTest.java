package io.raftsentinel.node.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.FailoverStep;
import io.raftsentinel.raftstate.core.InstanceAddress;
import io.raftsentinel.raftstate.core.MasterRecord;
import io.raftsentinel.raftstate.core.MasterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The veto hook runs a real script and reads its verdict. */
class PrePromoteScriptTest {
  private static final InstanceAddress OLD = new InstanceAddress("127.0.0.1", 6379);
  private static final InstanceAddress NEW = new InstanceAddress("127.0.0.1", 6380);

  @TempDir
  Path dir;

  private static MasterRecord master() {
    return new MasterRecord("mymaster", OLD, 2, MasterSettings.DEFAULTS, 0, new TreeMap<>(), new TreeMap<>(), null,
        0, 0, false, java.util.List.of());
  }

  private static FailoverRecord failover() {
    return new FailoverRecord(7, 1, "n1", NEW, OLD, false, FailoverStep.SELECTED, 1, 0, new TreeSet<>(), 100, 42,
        "r", 0, false, 1234);
  }

  private Optional<String> run(String body, Duration timeout) throws Exception {
    Path script = TestScripts.write(dir, "veto.sh", body);
    try (PrePromoteScript check = new PrePromoteScript(Map.of("mymaster", script)::get, timeout)) {
      return check.veto(master(), failover()).get();
    }
  }

  @Test
  void exitZeroAllowsAndGetsSentinelStyleArguments() throws Exception {
    Path args = dir.resolve("args.txt");
    assertEquals(Optional.empty(), run("echo \"$@\" > " + args + "\nexit 0", Duration.ofSeconds(5)));
    assertEquals("mymaster 7 127.0.0.1 6379 127.0.0.1 6380 1234", Files.readString(args).strip());
  }

  @Test
  void aNonZeroExitVetoesWithTheOutput() throws Exception {
    assertEquals(Optional.of("pre-promote-script exited 3: change freeze until Monday"),
        run("echo change freeze\necho until Monday >&2\nexit 3", Duration.ofSeconds(5)));
  }

  @Test
  void aScriptThatHangsIsKilledAndVetoes() throws Exception {
    long start = System.nanoTime();
    assertEquals(Optional.of("pre-promote-script timed out after 300 ms"), run("sleep 30", Duration.ofMillis(300)));
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "the time-out must bound the wait");
  }

  @Test
  void aMasterWithoutScriptIsNeverVetoed() throws Exception {
    try (PrePromoteScript check = new PrePromoteScript(name -> null, Duration.ofSeconds(1))) {
      assertEquals(Optional.empty(), check.veto(master(), failover()).get());
    }
  }

  @Test
  void longOutputIsCapped() throws Exception {
    Optional<String> veto = run("yes x | head -c 100000\nexit 1", Duration.ofSeconds(5));
    assertTrue(veto.isPresent());
    assertTrue(veto.get().length() < PrePromoteScript.MAX_OUTPUT + 40, veto.get().length() + " chars");
  }
}
