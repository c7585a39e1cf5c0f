package io.raftsentinel.node.resp;

/**
 * The flags set by {@code SENTINEL SIMULATE-FAILURE}: the node's failover code reads them and exits
 * at the named point, for crash tests. Thread-safe.
 */
public final class SimulateFailureFlags {
  /** Bit values as Sentinel reports them in INFO ({@code sentinel_simulate_failure_flags}). */
  public static final int CRASH_AFTER_ELECTION = 1;
  public static final int CRASH_AFTER_PROMOTION = 2;
  /** Not in Sentinel: halt right after the first replica's reconfiguration is committed. */
  public static final int CRASH_AFTER_SLAVE_RECONF = 4;

  private volatile int bits;

  public boolean crashAfterElection() {
    return (bits & CRASH_AFTER_ELECTION) != 0;
  }

  public boolean crashAfterPromotion() {
    return (bits & CRASH_AFTER_PROMOTION) != 0;
  }

  public boolean crashAfterSlaveReconf() {
    return (bits & CRASH_AFTER_SLAVE_RECONF) != 0;
  }

  public int bits() {
    return bits;
  }

  void set(int newBits) {
    bits = newBits;
  }
}
