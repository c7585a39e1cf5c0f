package io.raftsentinel.raftstate.core;

/**
 * An event in Redis Sentinel's vocabulary, produced by applying the log entry at {@code index}.
 *
 * @param type the channel name, e.g. {@code +switch-master}
 * @param message the payload exactly as Sentinel publishes it
 * @param master the master group it concerns, "" for group-wide events such as {@code +new-epoch}
 * @param node for subjective events ({@code +sdown}/{@code -sdown}) the node whose observation it
 *     is; "" for events every node publishes
 */
public record SentinelEvent(long index, long timeMs, String master, String type, String message, String node) {

  /** The line as Sentinel logs it: {@code +switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380}. */
  public String logLine() {
    return type + " " + message;
  }

  public boolean subjective() {
    return !node.isEmpty();
  }
}
