package io.raftsentinel.node.redis;

import io.lettuce.core.ClientListArgs;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis instance as seen by this node: a single multiplexed connection, opened on first use,
 * reconnected by Lettuce with bounded back-off, rejecting commands while disconnected. Every call
 * completes within the endpoint's command time-out (plus the connect time-out when it has to connect),
 * so a SIGSTOPped instance never blocks a caller. Role changes run on a short-lived dedicated
 * connection so that no other command can slip into their {@code MULTI}. Thread-safe.
 */
public final class RedisInstanceClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisInstanceClient.class);
  /** Least time a connection (or reconnection) gets for its handshake, whatever the command time-out. */
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 2000;

  private final RedisResources resources;
  private final RedisEndpoint endpoint;
  private final RedisURI uri;
  private CompletableFuture<StatefulRedisConnection<String, String>> connection;
  /**
   * A second connection kept for role-change transactions, so that other callers' commands cannot
   * slip into a MULTI and a promotion does not pay for a connection set-up. Transactions on it run
   * one at a time ({@link #adminChain}).
   */
  private CompletableFuture<StatefulRedisConnection<String, String>> admin;
  private CompletableFuture<?> adminChain = CompletableFuture.completedFuture(null);
  private long retryDelayMs = FIRST_RETRY_MS;
  private boolean closed;

  public RedisInstanceClient(RedisResources resources, RedisEndpoint endpoint) {
    this.resources = resources;
    this.endpoint = endpoint;
    RedisURI.Builder b = RedisURI.builder()
        .withHost(endpoint.address().host())
        .withPort(endpoint.address().port())
        // Lettuce gives the connection handshake (HELLO, CLIENT SETNAME) the URI's time-out; commands get
        // theirs once connected (open()). With the command time-out (down-after, e.g. 1 s) as the handshake
        // budget, a node opening hundreds of connections on a busy host timed handshakes out, and a
        // handshake finishing as its time-out fired left a connection reconnecting with the same short
        // budget again and again: PINGs rejected, healthy masters judged down.
        .withTimeout(max(endpoint.commandTimeout(), HANDSHAKE_TIMEOUT));
    if (!endpoint.authPass().isEmpty()) {
      if (endpoint.authUser().isEmpty()) {
        b.withPassword(endpoint.authPass().toCharArray());
      } else {
        b.withAuthentication(endpoint.authUser(), endpoint.authPass().toCharArray());
      }
    }
    if (!endpoint.clientName().isEmpty()) {
      b.withClientName(endpoint.clientName());
    }
    this.uri = b.build();
  }

  public RedisEndpoint endpoint() {
    return endpoint;
  }

  /** True while the multiplexed connection is open. */
  public synchronized boolean isConnected() {
    return connection != null && connection.isDone() && !connection.isCompletedExceptionally()
        && connection.join().isOpen();
  }

  /**
   * PING. Completes with the classified reply when the instance answered anything; completes
   * exceptionally when it did not answer in time or is not connected.
   */
  public CompletableFuture<PingReply> ping() {
    return call(c -> c.async().ping().handle((pong, error) -> {
      if (error == null) {
        return new PingReply(PingReply.Kind.PONG, pong);
      }
      Throwable cause = unwrap(error);
      if (cause instanceof RedisCommandExecutionException) {
        return PingReply.ofError(cause.getMessage());
      }
      throw new CompletionException(cause);
    }));
  }

  /** The full default {@code INFO} text (server, replication, …). */
  public CompletableFuture<String> info() {
    return call(c -> c.async().info());
  }

  /** {@code INFO <section>}. */
  public CompletableFuture<String> info(String section) {
    return call(c -> c.async().info(section));
  }

  /** Full {@code INFO}, failing with a {@link TimeoutException} after {@code timeout} at most. */
  public CompletableFuture<String> info(Duration timeout) {
    return within(info(), timeout);
  }

  public CompletableFuture<RoleReply> role() {
    return call(c -> c.async().role()).thenApply(RoleReply::parse);
  }

  /**
   * {@code REPLICAOF NO ONE} and {@code CONFIG REWRITE} in one transaction that also lists the clients, then
   * {@code CLIENT KILL ID} for each normal or pubsub client that is not a node's (see {@link #sparingTransaction}).
   */
  public CompletableFuture<RoleChangeResult> promote() {
    return roleChange(RedisAsyncCommands::replicaofNoOne);
  }

  /** The promotion transaction with {@code REPLICAOF host port} instead. */
  public CompletableFuture<RoleChangeResult> replicaOf(String host, int port) {
    if (host == null || host.isBlank() || host.indexOf(' ') >= 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("bad replicaof host '" + host + "'"));
    }
    if (port < 1 || port > 65535) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("bad replicaof port " + port));
    }
    return roleChange(a -> a.replicaof(host, port));
  }

  /**
   * {@code FAILOVER TO host port TIMEOUT ms} (Redis 6.2+): the instance pauses writes, waits for the
   * replica to reach its offset, then swaps roles with it; completes once Redis accepted the request
   * (the swap itself runs in the background: watch {@code ROLE} or {@code master_failover_state}).
   * An error reply (e.g. not a replica, already in progress) fails with a RedisCommandExecutionException.
   */
  public CompletableFuture<String> failoverTo(String host, int port, long timeoutMs) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("TO").add(host).add(port)
        .add("TIMEOUT").add(timeoutMs);
    return call(c -> c.async().dispatch(Keyword.FAILOVER, new StatusOutput<>(StringCodec.UTF8), args));
  }

  /** {@code FAILOVER ABORT}: ends a failover in progress; writes resume on this (still) master. */
  public CompletableFuture<String> failoverAbort() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("ABORT");
    return call(c -> c.async().dispatch(Keyword.FAILOVER, new StatusOutput<>(StringCodec.UTF8), args));
  }

  /** {@code CLIENT PAUSE ms WRITE}: write commands of every client wait (reads go on) for {@code ms} at most. */
  public CompletableFuture<String> clientPauseWrites(long ms) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(ms).add("WRITE");
    return call(c -> c.async().dispatch(Keyword.CLIENT, new StatusOutput<>(StringCodec.UTF8), args));
  }

  /** {@code CLIENT UNPAUSE}. */
  public CompletableFuture<String> clientUnpause() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE");
    return call(c -> c.async().dispatch(Keyword.CLIENT, new StatusOutput<>(StringCodec.UTF8), args));
  }

  /** Commands Lettuce's API does not cover, sent with {@code dispatch}. */
  private enum Keyword implements ProtocolKeyword {
    FAILOVER, CLIENT;

    private final byte[] bytes = name().getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] getBytes() {
      return bytes;
    }
  }

  /**
   * {@code CLIENT PAUSE ms WRITE}: every client's writes wait until the pause ends or
   * {@link #unpause()}. Sent on the kept admin connection, which the role-change transaction's
   * CLIENT KILL spares, so that the matching UNPAUSE can follow it.
   */
  public CompletableFuture<String> pauseWrites(long ms) {
    if (ms <= 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("pause must be positive, got " + ms));
    }
    return adminCommand(new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(ms).add("WRITE"));
  }

  /** {@code CLIENT UNPAUSE}, on the admin connection. */
  public CompletableFuture<String> unpause() {
    return adminCommand(new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
  }

  private CompletableFuture<String> adminCommand(CommandArgs<String, String> args) {
    CompletableFuture<String> result = adminConnection().thenCompose(c -> c.async()
        .dispatch(Keyword.CLIENT, new StatusOutput<>(StringCodec.UTF8), args).toCompletableFuture());
    return within(result, endpoint.commandTimeout().plus(resources.connectTimeout()));
  }

  @Override
  public void close() {
    CompletableFuture<StatefulRedisConnection<String, String>> current;
    CompletableFuture<StatefulRedisConnection<String, String>> kept;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      current = connection;
      connection = null;
      kept = admin;
      admin = null;
    }
    if (kept != null) {
      kept.thenAccept(StatefulRedisConnection::closeAsync);
    }
    if (current != null) {
      current.thenAccept(StatefulRedisConnection::closeAsync);
    }
  }

  @Override
  public String toString() {
    return "RedisInstanceClient[" + endpoint.address() + "]";
  }

  private <T> CompletableFuture<T> call(
      Function<StatefulRedisConnection<String, String>, CompletionStage<T>> command) {
    CompletableFuture<T> result = connection().thenCompose(command);
    return within(result, endpoint.commandTimeout().plus(resources.connectTimeout()));
  }

  /** The live connection, connecting now if there is none and no back-off is running. */
  private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connection() {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException(this + " is closed"));
    }
    if (connection == null) {
      CompletableFuture<StatefulRedisConnection<String, String>> attempt = open();
      connection = attempt;
      attempt.whenComplete((c, error) -> connected(attempt, c, error));
    }
    return connection;
  }

  private void connected(CompletableFuture<StatefulRedisConnection<String, String>> attempt,
      StatefulRedisConnection<String, String> c, Throwable error) {
    long delay;
    synchronized (this) {
      if (error == null) {
        retryDelayMs = FIRST_RETRY_MS;
        if (closed) {
          c.closeAsync();
        } else {
          adminConnection(); // open it now: a failover must not wait for a connection set-up
        }
        return;
      }
      // A failed first connect stays the answer (callers fail fast) until the back-off expires.
      delay = retryDelayMs;
      retryDelayMs = Math.min(MAX_RETRY_MS, retryDelayMs * 2);
    }
    LOG.debug("connect to {} failed, retrying in {} ms: {}", endpoint.address(), delay, unwrap(error).toString());
    resources.timer().newTimeout(t -> {
      synchronized (this) {
        if (connection == attempt) {
          connection = null;
        }
      }
    }, delay, TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<RoleChangeResult> roleChange(
      Function<RedisAsyncCommands<String, String>, RedisFuture<String>> roleCommand) {
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException(this + " is closed"));
      }
    }
    CompletableFuture<RoleChangeResult> result;
    synchronized (this) {
      result = adminChain.handle((v, e) -> null)
          .thenCompose(v -> adminConnection())
          .thenCompose(c -> transaction(c, roleCommand))
          .handle((r, e) -> {
            if (e == null) {
              return CompletableFuture.completedFuture(r);
            }
            // The kept connection may have been killed (CLIENT KILL from a failover) or be
            // reconnecting: retry once on a fresh one.
            dropAdmin();
            return adminConnection().thenCompose(c -> transaction(c, roleCommand));
          })
          .thenCompose(f -> f);
      adminChain = result;
    }
    return within(result, endpoint.commandTimeout().plus(resources.connectTimeout()));
  }

  /** A new connection whose commands time out after the endpoint's command time-out. */
  private CompletableFuture<StatefulRedisConnection<String, String>> open() {
    return resources.client().connectAsync(StringCodec.UTF8, uri).toCompletableFuture().thenApply(c -> {
      c.setTimeout(endpoint.commandTimeout());
      return c;
    });
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private synchronized CompletableFuture<StatefulRedisConnection<String, String>> adminConnection() {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException(this + " is closed"));
    }
    if (admin == null || admin.isCompletedExceptionally()
        || (admin.isDone() && !admin.join().isOpen())) {
      admin = open();
    }
    return admin;
  }

  private synchronized void dropAdmin() {
    CompletableFuture<StatefulRedisConnection<String, String>> old = admin;
    admin = null;
    if (old != null) {
      old.thenAccept(StatefulRedisConnection::closeAsync);
    }
  }

  private static CompletableFuture<RoleChangeResult> transaction(StatefulRedisConnection<String, String> c,
      Function<RedisAsyncCommands<String, String>, RedisFuture<String>> roleCommand) {
    return sparingTransaction(c, roleCommand).handle((r, e) -> {
      if (e == null) {
        return CompletableFuture.completedFuture(r);
      }
      Throwable cause = unwrap(e);
      if (cause.getMessage() == null || !cause.getMessage().startsWith("EXECABORT")) {
        return CompletableFuture.<RoleChangeResult>failedFuture(cause);
      }
      // Nothing ran. Most likely an ACL without +client|list: kill by type, as Sentinel does.
      LOG.warn("{} refused the role-change transaction with CLIENT LIST ({}); killing clients by type, which also "
          + "drops the other nodes' probe connections (grant +client|list, see docs/operations.md)", c,
          cause.getMessage());
      return killByTypeTransaction(c, roleCommand);
    }).thenCompose(f -> f);
  }

  /**
   * {@code MULTI; <role command>; CONFIG REWRITE; CLIENT LIST TYPE normal; CLIENT LIST TYPE pubsub; EXEC},
   * then {@code CLIENT KILL ID} for each listed client not named by a node. The lists are taken at the
   * moment of the role change, so exactly the clients that knew the old role go; the nodes' own probe
   * connections stay (killing them made the other nodes report a just-promoted master down while they
   * reconnected under load).
   */
  private static CompletableFuture<RoleChangeResult> sparingTransaction(StatefulRedisConnection<String, String> c,
      Function<RedisAsyncCommands<String, String>, RedisFuture<String>> roleCommand) {
    RedisAsyncCommands<String, String> a = c.async();
    a.multi();
    RedisFuture<String> role = roleCommand.apply(a);
    RedisFuture<String> rewrite = a.configRewrite();
    RedisFuture<String> normalList = a.clientList(ClientListArgs.Builder.typeNormal());
    RedisFuture<String> pubsubList = a.clientList(ClientListArgs.Builder.typePubsub());
    return a.exec().toCompletableFuture().thenCompose(tx -> {
      if (tx.wasDiscarded()) {
        throw new IllegalStateException("transaction discarded by " + c);
      }
      String replicaOfReply = value(role);
      String rewriteError = errorOf(rewrite);
      CompletableFuture<Long> normal = killEach(a, ClientList.idsNotNamed(value(normalList),
          RedisEndpoint.NODE_CLIENT_PREFIX));
      CompletableFuture<Long> pubsub = killEach(a, ClientList.idsNotNamed(value(pubsubList),
          RedisEndpoint.NODE_CLIENT_PREFIX));
      return normal.thenCombine(pubsub, (n, p) -> new long[] {n, p}).thenCombine(a.role().toCompletableFuture(),
          (killed, raw) -> new RoleChangeResult(replicaOfReply, rewriteError, killed[0], killed[1],
              RoleReply.parse(raw)));
    });
  }

  /** Pipelined {@code CLIENT KILL ID}s; completes with how many clients were still there to kill. */
  private static CompletableFuture<Long> killEach(RedisAsyncCommands<String, String> a, List<Long> ids) {
    List<CompletableFuture<Long>> kills = new ArrayList<>();
    for (long id : ids) {
      kills.add(a.clientKill(KillArgs.Builder.id(id)).toCompletableFuture());
    }
    return CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new))
        .thenApply(v -> kills.stream().mapToLong(CompletableFuture::join).sum());
  }

  /** Sentinel's form, for an ACL that refuses CLIENT LIST: every normal and pubsub client but this one goes. */
  private static CompletableFuture<RoleChangeResult> killByTypeTransaction(StatefulRedisConnection<String, String> c,
      Function<RedisAsyncCommands<String, String>, RedisFuture<String>> roleCommand) {
    RedisAsyncCommands<String, String> a = c.async();
    a.multi();
    RedisFuture<String> role = roleCommand.apply(a);
    RedisFuture<String> rewrite = a.configRewrite();
    RedisFuture<Long> killNormal = a.clientKill(KillArgs.Builder.typeNormal());
    RedisFuture<Long> killPubsub = a.clientKill(KillArgs.Builder.typePubsub());
    return a.exec().toCompletableFuture().thenCompose(tx -> {
      if (tx.wasDiscarded()) {
        throw new IllegalStateException("transaction discarded by " + c);
      }
      String replicaOfReply = value(role);
      String rewriteError = errorOf(rewrite);
      long normal = valueOr(killNormal, 0L);
      long pubsub = valueOr(killPubsub, 0L);
      // Confirm on this connection (CLIENT KILL skips the caller): the node's shared connection to
      // the instance was just killed with the other normal clients and is still reconnecting.
      return a.role().toCompletableFuture().thenApply(raw ->
          new RoleChangeResult(replicaOfReply, rewriteError, normal, pubsub, RoleReply.parse(raw)));
    });
  }

  /** Result of a queued command once EXEC replied; its error is a failure of the whole step. */
  private static <T> T value(RedisFuture<T> f) {
    try {
      return f.get(0, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException("command in transaction failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new CompletionException("command in transaction has no result after EXEC", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  private static <T> T valueOr(RedisFuture<T> f, T fallback) {
    try {
      return value(f);
    } catch (CompletionException e) {
      LOG.warn("ignored failure inside role-change transaction: {}", e.getMessage());
      return fallback;
    }
  }

  private static String errorOf(RedisFuture<String> f) {
    try {
      value(f);
      return "";
    } catch (CompletionException e) {
      return e.getCause() == null ? String.valueOf(e.getMessage()) : String.valueOf(e.getCause().getMessage());
    }
  }

  /** Completes exceptionally with a {@link TimeoutException} if {@code f} is not done within {@code timeout}. */
  private <T> CompletableFuture<T> within(CompletableFuture<T> f, Duration timeout) {
    if (f.isDone()) {
      return f;
    }
    CompletableFuture<T> bounded = new CompletableFuture<>();
    io.netty.util.Timeout timer = resources.timer().newTimeout(t -> bounded.completeExceptionally(
        new TimeoutException(endpoint.address() + " did not answer within " + timeout.toMillis() + " ms")),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    f.whenComplete((v, e) -> {
      timer.cancel();
      if (e == null) {
        bounded.complete(v);
      } else {
        bounded.completeExceptionally(unwrap(e));
      }
    });
    return bounded;
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether a failure means "no answer" (time-out, not connected) rather than an error reply. */
  public static boolean isNoReply(Throwable e) {
    return !(unwrap(e) instanceof RedisCommandExecutionException);
  }
}
