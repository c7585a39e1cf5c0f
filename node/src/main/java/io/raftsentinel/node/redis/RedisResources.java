package io.raftsentinel.node.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The node's one set of Lettuce resources: a small fixed pool of I/O and computation threads, one
 * timer, and one {@link RedisClient} whose options every instance connection shares. Thread count
 * does not depend on how many instances are monitored. Thread-safe; close once at node shutdown,
 * after every {@link RedisInstanceClient}.
 */
public final class RedisResources implements AutoCloseable {
  /** Default TCP connect time-out; a black-holed address must not hold a connect attempt for long. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration RECONNECT_MIN = Duration.ofMillis(50);
  private static final Duration RECONNECT_MAX = Duration.ofSeconds(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final Duration connectTimeout;

  private RedisResources(int threads, Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(threads)
        .computationThreadPoolSize(threads)
        // Bounded exponential back-off between reconnect attempts of a dropped connection.
        .reconnectDelay(Delay.exponential(RECONNECT_MIN, RECONNECT_MAX, 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources);
    client.setOptions(ClientOptions.builder()
        // The handshake must not PING: a stale replica answers -MASTERDOWN and the connect would fail.
        // HELLO/AUTH/SETNAME are allowed on stale and loading instances.
        .pingBeforeActivateConnection(false)
        .autoReconnect(true)
        // Probes and failover commands must never be buffered and replayed after the caller gave up.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        // Every command times out after its connection's RedisURI timeout.
        .timeoutOptions(TimeoutOptions.enabled())
        .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
        .build());
  }

  /** Two I/O threads and the default connect time-out. */
  public static RedisResources create() {
    return create(2, DEFAULT_CONNECT_TIMEOUT);
  }

  public static RedisResources create(int threads, Duration connectTimeout) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    return new RedisResources(threads, connectTimeout);
  }

  /** The shared Lettuce resources, for other Lettuce clients of this node. */
  public ClientResources clientResources() {
    return resources;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  RedisClient client() {
    return client;
  }

  Timer timer() {
    return resources.timer();
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
