package io.raftsentinel.node.redis;

/**
 * A reply to PING. Like Sentinel, {@code +PONG}, {@code -LOADING} and {@code -MASTERDOWN} are valid
 * (the instance is alive); any other error reply is a reply, but not a valid one.
 */
public record PingReply(Kind kind, String text) {

  public enum Kind { PONG, LOADING, MASTERDOWN, OTHER_ERROR }

  public boolean valid() {
    return kind != Kind.OTHER_ERROR;
  }

  /** Classifies a Redis error reply text such as {@code LOADING Redis is loading...}. */
  public static PingReply ofError(String message) {
    String text = message == null ? "" : message;
    String upper = text.stripLeading().toUpperCase(java.util.Locale.ROOT);
    if (upper.startsWith("LOADING")) {
      return new PingReply(Kind.LOADING, text);
    }
    if (upper.startsWith("MASTERDOWN")) {
      return new PingReply(Kind.MASTERDOWN, text);
    }
    return new PingReply(Kind.OTHER_ERROR, text);
  }
}
