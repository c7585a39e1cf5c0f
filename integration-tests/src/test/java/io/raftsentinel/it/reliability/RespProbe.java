package io.raftsentinel.it.reliability;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;

/**
 * Reads a node (or a Redis) from the outside over RESP, one short connection per call, as an operator
 * with redis-cli would. Every method throws a Jedis exception when the peer does not answer in time.
 */
public final class RespProbe {
  private static final JedisClientConfig CONFIG = DefaultJedisClientConfig.builder()
      .connectionTimeoutMillis(500).socketTimeoutMillis(1_500).build();

  private RespProbe() {}

  static Jedis connect(int port, int socketTimeoutMs) {
    return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(500).socketTimeoutMillis(socketTimeoutMs).build());
  }

  /** {@code SENTINEL get-master-addr-by-name}: "host:port", or null when the node knows no such master. */
  public static String masterAddr(int port, String master) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      List<String> a = j.sentinelGetMasterAddrByName(master);
      return a == null || a.size() < 2 ? null : a.get(0) + ":" + a.get(1);
    }
  }

  /** {@code SENTINEL master NAME} as a field map (ip, port, flags, config-epoch, ...). */
  public static Map<String, String> sentinelMaster(int port, String master) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      return j.sentinelMaster(master);
    }
  }

  /** One INFO section parsed into fields, e.g. {@code raft} → raft_role, raft_term, raft_commit_index. */
  public static Map<String, String> info(int port, String section) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      return parseInfo(j.info(section));
    }
  }

  /** {@code SENTINEL SIMULATE-FAILURE flag}: the node halts (exit 99) at that point of a failover it leads. */
  public static String simulateFailure(int port, String flag) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      return text(j.sendCommand(Protocol.Command.SENTINEL, "SIMULATE-FAILURE", flag));
    }
  }

  /** {@code SENTINEL SET NAME key value}: a replicated settings change. */
  public static String sentinelSet(int port, String master, String key, String value) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      return text(j.sendCommand(Protocol.Command.SENTINEL, "SET", master, key, value));
    }
  }

  /** {@code SENTINEL FLUSHCONFIG}: the node snapshots its state (and purges its Raft log up to it). */
  public static String flushConfig(int port) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      return text(j.sendCommand(Protocol.Command.SENTINEL, "FLUSHCONFIG"));
    }
  }

  /** {@code SENTINEL FAILOVER NAME}: a manual failover request. */
  public static String manualFailover(int port, String master) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG)) {
      return text(j.sendCommand(Protocol.Command.SENTINEL, "FAILOVER", master));
    }
  }

  static Map<String, String> parseInfo(String text) {
    Map<String, String> out = new HashMap<>();
    for (String line : text.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return out;
  }

  static String text(Object reply) {
    if (reply instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    return String.valueOf(reply);
  }
}
