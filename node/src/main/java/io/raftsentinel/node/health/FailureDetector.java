package io.raftsentinel.node.health;

import io.raftsentinel.raftstate.core.InstanceAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Sentinel's subjective-down rule, pure and clock-driven. Per instance it keeps the oldest unanswered
 * PING (set when a PING is sent and none is outstanding, cleared by a valid reply), the last valid
 * reply and the last reply of any kind. An instance is SDOWN once its oldest unanswered PING is at
 * least down-after old; a newly tracked instance counts as having a PING outstanding since it was
 * added plus {@link #FIRST_CONTACT_GRACE}, so one that never answers is SDOWN down-after + grace after
 * {@link #track}. Not thread-safe: the
 * owner serialises calls.
 */
public final class FailureDetector {

  /** What the detector knows about one instance, as ages in nanoseconds (-1 = never / none). */
  public record Status(boolean down, long pendingPingAgeNanos, long lastValidReplyAgeNanos,
      long lastReplyAgeNanos, long nanosUntilDown) {}

  private static final class State {
    long downAfterNanos;
    boolean pending;
    long pendingSince;
    boolean hasValid;
    long lastValid;
    boolean hasReply;
    long lastReply;
  }

  /**
   * Extra time a newly tracked instance gets for its first answer. Sentinel starts the clock at
   * creation; a JVM that has just started (class loading, JIT, a loaded host) can need more than a
   * short down-after to open its first connection, and a false SDOWN at start-up must not count
   * towards ODOWN. A never-reachable instance is therefore SDOWN after down-after + this grace.
   */
  public static final Duration FIRST_CONTACT_GRACE = Duration.ofSeconds(5);

  private final Ticker ticker;
  private final Map<InstanceAddress, State> states = new HashMap<>();

  public FailureDetector(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Starts tracking (a PING counts as outstanding from now), or updates down-after if tracked. */
  public void track(InstanceAddress instance, Duration downAfter) {
    if (downAfter.isNegative() || downAfter.isZero()) {
      throw new IllegalArgumentException("down-after must be positive, got " + downAfter + " for " + instance);
    }
    State s = states.get(instance);
    if (s == null) {
      s = new State();
      s.pending = true;
      s.pendingSince = ticker.nanoTime() + FIRST_CONTACT_GRACE.toNanos();
      states.put(instance, s);
    }
    s.downAfterNanos = downAfter.toNanos();
  }

  public void untrack(InstanceAddress instance) {
    states.remove(instance);
  }

  public boolean isTracked(InstanceAddress instance) {
    return states.containsKey(instance);
  }

  /** A PING went out (or was attempted); only the oldest outstanding one counts. */
  public void pingSent(InstanceAddress instance) {
    State s = state(instance);
    if (!s.pending) {
      s.pending = true;
      s.pendingSince = ticker.nanoTime();
    }
  }

  /** {@code +PONG}, {@code -LOADING} or {@code -MASTERDOWN}: the instance is alive. */
  public void validReply(InstanceAddress instance) {
    State s = state(instance);
    long now = ticker.nanoTime();
    s.pending = false;
    s.hasValid = true;
    s.lastValid = now;
    s.hasReply = true;
    s.lastReply = now;
  }

  /** Any other reply (e.g. {@code -NOAUTH}): counts as a reply, not as proof of health. */
  public void otherReply(InstanceAddress instance) {
    State s = state(instance);
    s.hasReply = true;
    s.lastReply = ticker.nanoTime();
  }

  public boolean isDown(InstanceAddress instance) {
    return status(instance).down();
  }

  public Status status(InstanceAddress instance) {
    State s = state(instance);
    long now = ticker.nanoTime();
    long pendingAge = s.pending ? Math.max(0, now - s.pendingSince) : -1;
    boolean down = s.pending && pendingAge >= s.downAfterNanos;
    long untilDown = !s.pending ? Long.MAX_VALUE : Math.max(0, s.downAfterNanos - (now - s.pendingSince));
    return new Status(down, pendingAge, s.hasValid ? now - s.lastValid : -1, s.hasReply ? now - s.lastReply : -1,
        untilDown);
  }

  private State state(InstanceAddress instance) {
    State s = states.get(instance);
    if (s == null) {
      throw new IllegalArgumentException("instance " + instance + " is not tracked");
    }
    return s;
  }
}
