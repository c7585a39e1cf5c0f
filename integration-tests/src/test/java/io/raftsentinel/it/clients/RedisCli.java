package io.raftsentinel.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code redis-cli}, run as a process against a loopback port; its stdout is the transcript. */
final class RedisCli {
  private static final String BINARY = System.getProperty("redis.cli", "redis-cli");
  private static final long TIMEOUT_SECONDS = 10;

  /** How redis-cli prints: raw RESP2 (one value a line), raw RESP3, or formatted (types visible). */
  enum Mode {
    RAW2(List.of("--raw")), RAW3(List.of("--raw", "-3")), FORMATTED(List.of("--no-raw"));

    private final List<String> flags;

    Mode(List<String> flags) {
      this.flags = flags;
    }
  }

  private RedisCli() {}

  /** Runs {@code redis-cli -p port <mode flags> args...}; returns stdout (error replies included). */
  static String run(int port, Mode mode, String... args) {
    List<String> command = new ArrayList<>(List.of(BINARY, "-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(mode.flags);
    command.addAll(Arrays.asList(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + BINARY, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + BINARY, e);
    }
  }

  /** True when the server at {@code port} answers PING with PONG. */
  static boolean answers(int port) {
    return run(port, Mode.RAW2, "PING").strip().equals("PONG");
  }

  /** The lines of a transcript, without the final newline. */
  static List<String> lines(String transcript) {
    String t = transcript.endsWith("\n") ? transcript.substring(0, transcript.length() - 1) : transcript;
    return t.isEmpty() ? List.of() : List.of(t.split("\n", -1));
  }
}
