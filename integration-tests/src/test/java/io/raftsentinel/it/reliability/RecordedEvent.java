package io.raftsentinel.it.reliability;

/**
 * One Pub/Sub message received from a node.
 *
 * @param node the node it came from
 * @param session which subscription of that node (a new one after every reconnect), from 1
 * @param atMs receive time on {@link Millis}
 * @param channel the event type, e.g. {@code +switch-master}
 * @param message the payload as the node published it
 */
public record RecordedEvent(String node, int session, long atMs, String channel, String message) {
  /** The master name the payload is about, or "" (for {@code +new-epoch}). */
  public String master() {
    String[] words = message.split(" ");
    if (channel.equals("+switch-master")) {
      return words[0];
    }
    // "master NAME ..." or "slave HOST:PORT HOST PORT @ NAME HOST PORT"
    if (words.length >= 2 && words[0].equals("master")) {
      return words[1];
    }
    int at = message.indexOf(" @ ");
    return at < 0 ? "" : message.substring(at + 3).split(" ")[0];
  }

  @Override
  public String toString() {
    return atMs + " " + node + "#" + session + " " + channel + " " + message;
  }
}
