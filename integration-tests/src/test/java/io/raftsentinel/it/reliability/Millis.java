package io.raftsentinel.it.reliability;

/** The one clock of a history: monotonic milliseconds of this JVM, so samples from all threads compare. */
final class Millis {
  private Millis() {}

  static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
