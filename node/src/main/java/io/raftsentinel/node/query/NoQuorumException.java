package io.raftsentinel.node.query;

/** The Raft group could not be reached or could not commit within the deadline. */
public final class NoQuorumException extends RuntimeException {
  public NoQuorumException(String message, Throwable cause) {
    super(message, cause);
  }
}
