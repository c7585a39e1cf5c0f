package io.raftsentinel.raftstate.core;

/** The committed progress of a failover. */
public enum FailoverStep {
  /** Candidate chosen and committed; the promotion on Redis may or may not have happened yet. */
  SELECTED(1, "send_slaveof_noone"),
  /** The candidate is the committed master; the other replicas are being re-pointed. */
  PROMOTED(2, "reconf_slaves");

  private final int code;
  private final String sentinelName;

  FailoverStep(int code, String sentinelName) {
    this.code = code;
    this.sentinelName = sentinelName;
  }

  public int code() {
    return code;
  }

  /** The value of Sentinel's {@code failover-state} field. */
  public String sentinelName() {
    return sentinelName;
  }

  public static FailoverStep ofCode(int code) {
    for (FailoverStep s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown failover step " + code);
  }
}
