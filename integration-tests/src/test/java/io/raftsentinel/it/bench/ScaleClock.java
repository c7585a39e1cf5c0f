package io.raftsentinel.it.bench;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls the replicas of the frozen masters with writes until every one accepts a SET, i.e. has been
 * promoted to master, and reports when the first and the last did (ms after the freeze).
 *
 * <p>Each round sends one SET to every replica not yet writable at once, on one kept connection per
 * replica, and stamps a replica writable when its {@code OK} arrives (on the client's I/O thread), so
 * one slow replica delays neither the others' polls nor their stamps. A round waits at most
 * {@link #TIMEOUT_MS} for its replies; a connection that failed (a promotion's {@code CLIENT KILL}
 * drops it) is reopened, without waiting, for a later round. Polling each replica in turn on blocking connections made a
 * round last as long as the sum of its round trips, up to hundreds of ms on a busy host.
 */
final class ScaleClock {
  /**
   * @param firstMs first replica writable, -1 if none
   * @param lastMs last replica writable, -1 if not all within the deadline
   * @param writable how many replicas were writable at the end
   */
  record Result(long firstMs, long lastMs, int writable) {
    boolean complete(int expected) {
      return lastMs > 0 && writable == expected;
    }
  }

  private static final long POLL_MS = 10;
  private static final int TIMEOUT_MS = 200;

  private ScaleClock() {}

  static Result measure(long frozenAtNanos, List<Integer> replicaPorts, long deadlineMs) throws InterruptedException {
    Map<Integer, Long> writableAt = new ConcurrentHashMap<>();
    Map<Integer, CompletableFuture<StatefulRedisConnection<String, String>>> connections = new HashMap<>();
    RedisClient client = RedisClient.create();
    client.setOptions(ClientOptions.builder().autoReconnect(false).build());
    try {
      while (writableAt.size() < replicaPorts.size() && elapsedMs(frozenAtNanos) < deadlineMs) {
        Map<Integer, RedisFuture<String>> sent = new HashMap<>();
        for (int port : replicaPorts) {
          if (writableAt.containsKey(port)) {
            continue;
          }
          // (Re)connections open in parallel: the promotions' CLIENT KILLs drop many at once.
          CompletableFuture<StatefulRedisConnection<String, String>> c = connections.computeIfAbsent(port,
              p -> client.connectAsync(StringCodec.UTF8, uri(p)).toCompletableFuture());
          if (!c.isDone()) {
            continue;
          }
          if (c.isCompletedExceptionally()) {
            connections.remove(port); // not accepting connections now: tried again next round
            continue;
          }
          RedisFuture<String> reply = c.join().async().set("scale-bench", Long.toString(System.nanoTime()));
          reply.thenAccept(r -> {
            if ("OK".equals(r)) {
              writableAt.putIfAbsent(port, elapsedMs(frozenAtNanos));
            }
          });
          sent.put(port, reply);
        }
        long roundEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        sent.forEach((port, reply) -> {
          if (!awaitReply(reply, roundEnd)) {
            close(connections.remove(port)); // no answer or a broken connection: a new one next round
          }
        });
        Thread.sleep(POLL_MS);
      }
    } finally {
      connections.values().forEach(ScaleClock::close);
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    long first = writableAt.values().stream().mapToLong(Long::longValue).min().orElse(-1);
    long last = writableAt.size() == replicaPorts.size()
        ? writableAt.values().stream().mapToLong(Long::longValue).max().orElse(-1) : -1;
    return new Result(first, last, writableAt.size());
  }

  private static RedisURI uri(int port) {
    return RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
  }

  /**
   * Whether the connection is still good after this round's reply: true for OK and for READONLY (still
   * a replica), false for no reply by {@code roundEnd} or a failed connection.
   */
  private static boolean awaitReply(RedisFuture<String> reply, long roundEnd) {
    try {
      reply.get(Math.max(0, roundEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      return e.getCause() instanceof RedisCommandExecutionException; // READONLY
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void close(CompletableFuture<StatefulRedisConnection<String, String>> c) {
    if (c != null) {
      c.thenAccept(StatefulRedisConnection::closeAsync);
    }
  }

  private static long elapsedMs(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
