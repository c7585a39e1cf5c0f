package io.raftsentinel.raftstate.ratis;

import java.io.IOException;

/** A failover step proposed by a leader of an earlier term. */
public final class StaleTermException extends IOException {
  public StaleTermException(String message) {
    super(message);
  }
}
