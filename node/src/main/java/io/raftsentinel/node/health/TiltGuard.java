package io.raftsentinel.node.health;

import java.time.Duration;

/**
 * Sentinel's TILT guard for the monitor, pure and clock-driven. A node whose own timers run late (a
 * cold JVM opening hundreds of connections, a starved host, a suspended process) handles every reply
 * late while its verdicts use the real time, so it sees every instance late. A heartbeat on the
 * monitor's scheduler, run with a fixed delay, calls {@link #beat}: each beat is expected one period
 * after the previous one ran, and how much later it runs is the scheduler's lag.
 *
 * <p>A new SDOWN verdict on an instance with down-after D is held (see {@link #holds}) while
 * <ul>
 *   <li>the scheduler is stalled right now: the next beat is overdue by more than the trigger (a
 *   verdict evaluated in the catch-up after a stall may run before the heartbeat does), or
 *   <li>the last beat ran more than the trigger late and no beat has run since (a sustained backlog:
 *   until the next beat shows the scheduler on time, it is presumed still late), or
 *   <li>less than D has passed since the last beat that ran more than the trigger late (the end of
 *   the last stall). This is Sentinel's timer reset on leaving TILT: the no-reply time is measured
 *   from max(oldest unanswered PING, end of the stall), so PINGs the node had no time to see
 *   answered never make an instance SDOWN, and a real failure is reported at most D after the
 *   stall ends (held for D after each late beat, small or large, not after the largest one).
 * </ul>
 * The trigger is Sentinel's 2 s, a constant: a lag that can fake an SDOWN only needs to exceed
 * down-after, but a trigger relative to a short down-after fires on every hiccup of a loaded host and
 * holds real failures (the first attempt, at a quarter of down-after, did). The monotonic ticker
 * cannot go backwards, so Sentinel's negative-delta check has no equivalent here. Not thread-safe:
 * the owner serialises calls.
 */
public final class TiltGuard {
  /** Sentinel's TILT trigger: a beat later than this is a stall. */
  public static final Duration TRIGGER = Duration.ofSeconds(2);

  private final long periodNanos;
  private final long triggerNanos;
  private long lastBeat;
  private boolean lateSeen;
  private boolean lastBeatLate;
  private long lastLateBeat;

  /**
   * @param periodNanos the heartbeat's fixed delay
   * @param triggerNanos a beat later than this is a stall
   * @param now when the heartbeat was scheduled (its first beat is expected one period later)
   */
  public TiltGuard(long periodNanos, long triggerNanos, long now) {
    if (periodNanos <= 0 || triggerNanos <= 0) {
      throw new IllegalArgumentException("period and trigger must be positive, got " + periodNanos + " and "
          + triggerNanos);
    }
    this.periodNanos = periodNanos;
    this.triggerNanos = triggerNanos;
    this.lastBeat = now;
  }

  /** A heartbeat ran at {@code now}; returns how late it ran. */
  public long beat(long now) {
    long lag = lagAt(now);
    lastBeat = now;
    lastBeatLate = lag > triggerNanos;
    if (lastBeatLate) {
      lateSeen = true;
      lastLateBeat = now;
    }
    return lag;
  }

  /** How overdue the next beat is at {@code now} (0 if not yet due). */
  public long lagAt(long now) {
    return Math.max(0, now - lastBeat - periodNanos);
  }

  /** Whether the scheduler is stalled right now: the next beat is overdue by more than the trigger. */
  public boolean stalled(long now) {
    return lagAt(now) > triggerNanos;
  }

  /** Whether a new SDOWN verdict on an instance with this down-after waits (see the class comment). */
  public boolean holds(long now, long downAfterNanos) {
    return stalled(now) || lastBeatLate || (lateSeen && now - lastLateBeat < downAfterNanos);
  }
}
