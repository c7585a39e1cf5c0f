package io.raftsentinel.node.health;

/** A monotonic clock in nanoseconds (differences only are meaningful), injected so tests can fake time. */
@FunctionalInterface
public interface Ticker {

  long nanoTime();

  static Ticker system() {
    return System::nanoTime;
  }
}
