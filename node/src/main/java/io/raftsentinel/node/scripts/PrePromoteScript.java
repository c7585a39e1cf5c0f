package io.raftsentinel.node.scripts;

import io.raftsentinel.node.failover.PrePromoteCheck;
import io.raftsentinel.raftstate.core.FailoverRecord;
import io.raftsentinel.raftstate.core.MasterRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sentinel pre-promote-script <name> <path>}: run by the leader with
 * {@code <master-name> <epoch> <old-ip> <old-port> <candidate-ip> <candidate-port> <candidate-lag>}
 * before it changes anything on Redis. Exit 0 lets the failover go on; any other exit, a failure to
 * start, or running past the time-out vetoes it, and the script's output becomes the abort's detail.
 */
public final class PrePromoteScript implements PrePromoteCheck, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrePromoteScript.class);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Output kept for the abort detail (the log entry should stay small). */
  static final int MAX_OUTPUT = 512;

  private final Function<String, Path> scriptFor;
  private final Duration timeout;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "pre-promote-script");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param scriptFor the master's script, or null when it has none
   */
  public PrePromoteScript(Function<String, Path> scriptFor, Duration timeout) {
    this.scriptFor = scriptFor;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<Optional<String>> veto(MasterRecord master, FailoverRecord f) {
    Path script = scriptFor.apply(master.name());
    if (script == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    List<String> command = List.of(script.toString(), master.name(), Long.toString(f.epoch()),
        f.oldMaster().host(), Integer.toString(f.oldMaster().port()), f.candidate().host(),
        Integer.toString(f.candidate().port()), Long.toString(f.candidateLag()));
    return CompletableFuture.supplyAsync(() -> run(command), pool);
  }

  private Optional<String> run(List<String> command) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      LOG.warn("pre-promote-script {} could not start: {}", command.get(0), e.getMessage());
      return Optional.of("pre-promote-script could not start: " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readCapped(p.getInputStream()), pool);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        LOG.warn("pre-promote-script {} killed after {} ms: failover vetoed", command.get(0), timeout.toMillis());
        return Optional.of("pre-promote-script timed out after " + timeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.of("pre-promote-script interrupted: the node is stopping");
    }
    String text = output.completeOnTimeout("", 1, TimeUnit.SECONDS).join().strip();
    int code = p.exitValue();
    if (code == 0) {
      LOG.info("pre-promote-script {} allowed the failover of {}", command.get(0), command.get(1));
      return Optional.empty();
    }
    LOG.warn("pre-promote-script {} vetoed the failover of {} (exit {}): {}", command.get(0), command.get(1), code,
        text);
    return Optional.of("pre-promote-script exited " + code + (text.isEmpty() ? "" : ": " + text));
  }

  /** Reads all output (so the script never blocks on a full pipe) and keeps the first bytes. */
  private static String readCapped(InputStream in) {
    byte[] kept = new byte[MAX_OUTPUT];
    int n = 0;
    byte[] buf = new byte[4096];
    try (in) {
      for (int r; (r = in.read(buf)) >= 0; ) {
        int take = Math.min(r, MAX_OUTPUT - n);
        System.arraycopy(buf, 0, kept, n, take);
        n += take;
      }
    } catch (IOException e) {
      LOG.debug("pre-promote-script output ended: {}", e.getMessage());
    }
    return new String(kept, 0, n, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
