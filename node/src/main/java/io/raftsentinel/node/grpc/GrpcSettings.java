package io.raftsentinel.node.grpc;

import io.raftsentinel.node.tls.TlsMaterial;
import java.time.Duration;

/**
 * How the gRPC endpoint is served.
 *
 * @param bind the address to listen on ({@code 0.0.0.0} for all interfaces)
 * @param port the TCP port; 0 picks a free one (see {@link GrpcServer#port()})
 * @param password when non-empty, every call must carry {@code authorization: Bearer <password>}
 * @param readTimeout how long a LINEARIZABLE read waits for the Raft ReadIndex round
 * @param writeTimeout how long a write waits to be committed (the caller's deadline wins if shorter)
 * @param watchQueueCapacity events buffered per watcher before a too-slow watcher is cut off
 * @param tls when not null, the endpoint speaks TLS only and requires a client certificate signed by
 *     one of its CAs; null means plaintext
 */
public record GrpcSettings(String bind, int port, String password, Duration readTimeout, Duration writeTimeout,
    int watchQueueCapacity, TlsMaterial tls) {

  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_WATCH_QUEUE_CAPACITY = 10_000;

  public GrpcSettings {
    password = password == null ? "" : password;
    if (bind == null || bind.isBlank()) {
      throw new IllegalArgumentException("bind address is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("grpc port must be between 0 and 65535, got " + port);
    }
    if (readTimeout.isNegative() || readTimeout.isZero() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (watchQueueCapacity <= 0) {
      throw new IllegalArgumentException("watch queue capacity must be positive, got " + watchQueueCapacity);
    }
  }

  /** Defaults for everything but where to listen and the password. */
  public static GrpcSettings of(String bind, int port, String password) {
    return new GrpcSettings(bind, port, password, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT,
        DEFAULT_WATCH_QUEUE_CAPACITY, null);
  }

  public GrpcSettings withWatchQueueCapacity(int capacity) {
    return new GrpcSettings(bind, port, password, readTimeout, writeTimeout, capacity, tls);
  }

  public GrpcSettings withReadTimeout(Duration t) {
    return new GrpcSettings(bind, port, password, t, writeTimeout, watchQueueCapacity, tls);
  }

  /** Mutual TLS with this material; null turns it off. */
  public GrpcSettings withTls(TlsMaterial material) {
    return new GrpcSettings(bind, port, password, readTimeout, writeTimeout, watchQueueCapacity, material);
  }

  /** The password is never printed. */
  @Override
  public String toString() {
    return "GrpcSettings[bind=" + bind + ", port=" + port + ", password=" + (password.isEmpty() ? "" : "******")
        + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout
        + ", watchQueueCapacity=" + watchQueueCapacity + ", tls=" + (tls == null ? "off" : tls) + "]";
  }
}
