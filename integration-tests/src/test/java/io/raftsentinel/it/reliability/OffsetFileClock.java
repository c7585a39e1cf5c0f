package io.raftsentinel.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The wall clock of a node process in a clock-jump test: the system clock plus an offset in
 * milliseconds that the test writes to a file ({@link NodeProcess#setClockOffset}); the file is
 * re-read every 50 ms (no file: offset 0). Each change is printed to the node's log. Thread-safe.
 */
final class OffsetFileClock implements InstantSource, AutoCloseable {
  private static final long POLL_MS = 50;

  private final Path file;
  private final ScheduledExecutorService poller;
  private volatile long offsetMs;

  private OffsetFileClock(Path file) {
    this.file = file;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "clock-offset-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reads the file once before returning, so that a node started with an offset starts with it. */
  static OffsetFileClock start(Path file) {
    OffsetFileClock c = new OffsetFileClock(file);
    c.poll();
    c.poller.scheduleWithFixedDelay(c::pollLogged, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    return c;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMs;
  }

  private void pollLogged() {
    try {
      poll();
    } catch (RuntimeException e) {
      // A failed read keeps the last offset; the scheduled task must survive to read the next write.
      System.err.println("[clock] cannot read " + file + ": " + e);
    }
  }

  private void poll() {
    long next;
    try {
      next = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (next != offsetMs) {
      offsetMs = next;
      System.err.println("[clock] wall clock offset now " + next + " ms");
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
