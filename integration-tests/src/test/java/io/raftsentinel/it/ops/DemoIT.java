package io.raftsentinel.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code bin/demo --ci} as a separate process, as CI would, and checks it reports a failover. */
class DemoIT {
  private static final long DEADLINE_SECONDS = 300;

  @TempDir
  Path tmp;

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isExecutable(p.resolve("bin/demo"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("bin/demo not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  @Test
  void demoShowsAFailoverAndStopsEverything() throws Exception {
    Path root = repositoryRoot();
    Path out = tmp.resolve("demo.out");
    ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/demo").toString(), "--ci")
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("TMPDIR", tmp.toString());
    // The jar was packaged earlier in this build; never let the demo reach the network to rebuild.
    pb.environment().put("DEMO_MVN_ARGS", "-o");
    Process p = pb.start();
    if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      p.destroy(); // SIGTERM: the demo's trap stops what it started
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      throw new AssertionError("bin/demo --ci did not finish in " + DEADLINE_SECONDS + " s:\n" + tail(out));
    }
    String text = Files.readString(out);
    assertEquals(0, p.exitValue(), "bin/demo --ci failed:\n" + tail(out));
    assertTrue(text.contains("Failover OK:"), text);
    assertTrue(text.contains("+switch-master mymaster"), text);
    try (var left = Files.list(tmp)) {
      List<Path> dirs = left.filter(d -> d.getFileName().toString().startsWith("raft-sentinel-demo.")).toList();
      assertEquals(List.of(), dirs, "the demo removes its workspace on success");
    }
  }

  private static String tail(Path out) throws IOException {
    List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size()));
  }
}
