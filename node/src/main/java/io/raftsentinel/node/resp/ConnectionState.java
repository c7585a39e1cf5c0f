package io.raftsentinel.node.resp;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client connection's session: protocol version, authentication, name, subscriptions. Mutated
 * only on the connection's event loop; the subscription sets and the protocol are also read by the
 * Pub/Sub fan-out from other threads, hence concurrent sets and volatile fields.
 */
final class ConnectionState {
  private final long id;
  private final Channel channel;
  private final long createdAtMs;
  private final Set<String> channels = ConcurrentHashMap.newKeySet();
  private final Set<String> patterns = ConcurrentHashMap.newKeySet();
  private volatile int protocol = 2;
  private volatile boolean authenticated;
  private volatile String name = "";
  private volatile String libName = "";
  private volatile String libVersion = "";
  private volatile long lastInteractionMs;
  private volatile String lastCommand = "NULL";
  private volatile boolean closeAfterReply;

  ConnectionState(long id, Channel channel, boolean authenticated, long nowMs) {
    this.id = id;
    this.channel = channel;
    this.authenticated = authenticated;
    this.createdAtMs = nowMs;
    this.lastInteractionMs = nowMs;
  }

  long id() {
    return id;
  }

  Channel channel() {
    return channel;
  }

  long createdAtMs() {
    return createdAtMs;
  }

  int protocol() {
    return protocol;
  }

  void protocol(int p) {
    protocol = p;
  }

  boolean authenticated() {
    return authenticated;
  }

  void authenticated(boolean a) {
    authenticated = a;
  }

  String name() {
    return name;
  }

  void name(String n) {
    name = n;
  }

  String libName() {
    return libName;
  }

  void libName(String n) {
    libName = n;
  }

  String libVersion() {
    return libVersion;
  }

  void libVersion(String v) {
    libVersion = v;
  }

  long lastInteractionMs() {
    return lastInteractionMs;
  }

  String lastCommand() {
    return lastCommand;
  }

  void touched(long nowMs, String command) {
    lastInteractionMs = nowMs;
    lastCommand = command;
  }

  boolean closeAfterReply() {
    return closeAfterReply;
  }

  void closeAfterReply(boolean c) {
    closeAfterReply = c;
  }

  /** Channels subscribed, sorted (for UNSUBSCRIBE without arguments). */
  Set<String> channels() {
    return new TreeSet<>(channels);
  }

  Set<String> patterns() {
    return new TreeSet<>(patterns);
  }

  boolean subscribedTo(String channelName) {
    return channels.contains(channelName);
  }

  boolean addChannel(String c) {
    return channels.add(c);
  }

  boolean removeChannel(String c) {
    return channels.remove(c);
  }

  boolean addPattern(String p) {
    return patterns.add(p);
  }

  boolean removePattern(String p) {
    return patterns.remove(p);
  }

  Set<String> patternView() {
    return patterns;
  }

  int subscriptionCount() {
    return channels.size() + patterns.size();
  }

  /** RESP2 connections with subscriptions accept only the Pub/Sub commands, PING and QUIT. */
  boolean inSubscribedMode() {
    return protocol == 2 && subscriptionCount() > 0;
  }
}
