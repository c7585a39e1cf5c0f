package io.raftsentinel.node.scripts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts on its own small pool with a bounded queue, so a slow or hung script never delays the
 * caller (the apply thread, a failover). A script that outlives the time-out is killed with its
 * children (Sentinel: 60 s, then SIGKILL). A full queue drops the new call with a warning. Output is
 * discarded; the exit code is logged. Unlike Sentinel, failed scripts are not retried.
 */
public final class ScriptRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
  /** Sentinel's SENTINEL_SCRIPT_MAX_RUNTIME. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** Sentinel's SENTINEL_SCRIPT_MAX_RUNNING and SENTINEL_SCRIPT_MAX_QUEUE. */
  public static final int DEFAULT_CONCURRENCY = 16;
  public static final int DEFAULT_QUEUE = 256;

  private final Duration timeout;
  private final ThreadPoolExecutor pool;

  public ScriptRunner() {
    this(DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY, DEFAULT_QUEUE);
  }

  public ScriptRunner(Duration timeout, int concurrency, int queueCapacity) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("script time-out must be positive, got " + timeout);
    }
    this.timeout = timeout;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), r -> {
          Thread t = new Thread(r, "script-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
  }

  /** Queues the call; the future completes when it ends (never exceptionally). Never blocks. */
  public CompletableFuture<ScriptResult> submit(ScriptCall call) {
    CompletableFuture<ScriptResult> done = new CompletableFuture<>();
    try {
      pool.execute(() -> done.complete(run(call)));
    } catch (RejectedExecutionException e) {
      LOG.warn("-script-error {} {}: dropped, {} scripts already queued or the node is stopping", call.script(),
          call.cause(), pool.getQueue().size());
      done.complete(new ScriptResult(call, ScriptResult.Outcome.DROPPED, -1, 0));
    }
    return done;
  }

  private ScriptResult run(ScriptCall call) {
    List<String> command = new ArrayList<>();
    command.add(call.script().toString());
    command.addAll(call.args());
    long start = System.nanoTime();
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      LOG.warn("-script-error {} {}: could not start: {}", call.script(), call.cause(), e.getMessage());
      return new ScriptResult(call, ScriptResult.Outcome.NOT_STARTED, -1, elapsedMs(start));
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        LOG.warn("-script-timeout {} {}: killed after {} ms", call.script(), call.cause(), timeout.toMillis());
        return new ScriptResult(call, ScriptResult.Outcome.TIMED_OUT, -1, elapsedMs(start));
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      LOG.warn("-script-error {} {}: killed, the node is stopping", call.script(), call.cause());
      return new ScriptResult(call, ScriptResult.Outcome.TIMED_OUT, -1, elapsedMs(start));
    }
    int code = p.exitValue();
    long ms = elapsedMs(start);
    if (code == 0) {
      LOG.info("Script {} {} exited 0 after {} ms", call.script(), call.cause(), ms);
    } else {
      LOG.warn("-script-error {} {}: exit code {} after {} ms", call.script(), call.cause(), code, ms);
    }
    return new ScriptResult(call, ScriptResult.Outcome.EXITED, code, ms);
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Stops taking calls and kills running scripts (their workers are interrupted). */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
