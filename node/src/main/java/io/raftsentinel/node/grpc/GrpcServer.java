package io.raftsentinel.node.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's gRPC endpoint: {@link SentinelGrpcService} on {@code bind:port}, behind
 * {@link AuthInterceptor} when a password is set, over mutual TLS when {@link GrpcSettings#tls()} is set.
 * Owns one small pool that sends watchers' events.
 * {@link #close()} stops accepting calls, waits briefly for running ones, then cancels the rest
 * (watch streams end with CANCELLED/UNAVAILABLE on the client side).
 */
public final class GrpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);
  private static final long GRACE_MS = 2_000;

  private final Server server;
  private final SentinelGrpcService service;
  private final ExecutorService watchExecutor;
  private final int port;

  private GrpcServer(Server server, SentinelGrpcService service, ExecutorService watchExecutor) {
    this.server = server;
    this.port = server.getPort();
    this.service = service;
    this.watchExecutor = watchExecutor;
  }

  /** Binds and starts serving; fails with an {@link UncheckedIOException} naming the address when it cannot bind. */
  public static GrpcServer start(GrpcSettings settings, TopologyQueryService query, TopologyWriter writer) {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ExecutorService watchExecutor = Executors.newFixedThreadPool(threads, daemonThreads("grpc-watch-"));
    SentinelGrpcService service = new SentinelGrpcService(query, writer, settings, watchExecutor);
    InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
    NettyServerBuilder builder = settings.tls() == null ? NettyServerBuilder.forAddress(address)
        : NettyServerBuilder.forAddress(address, settings.tls().serverCredentials());
    if (settings.password().isEmpty()) {
      builder.addService(service);
    } else {
      builder.addService(ServerInterceptors.intercept(service, new AuthInterceptor(settings.password())));
    }
    // Every handler is non-blocking (reads answer from the applied state or a future, writes and
    // barriers complete asynchronously), so calls run on the transport's threads: no hand-off to an
    // executor per call, which dominated the cost of a LOCAL read.
    builder.directExecutor();
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      watchExecutor.shutdownNow();
      throw new UncheckedIOException("cannot listen for gRPC on " + settings.bind() + ":" + settings.port(), e);
    }
    LOG.info("gRPC listening on {}:{}{}", settings.bind(), server.getPort(),
        settings.tls() == null ? "" : " (mutual TLS)");
    return new GrpcServer(server, service, watchExecutor);
  }

  /** Enables the AddPeer / RemovePeer calls, served through this node's Raft server. */
  public void enableMembership(io.raftsentinel.raftstate.ratis.RaftMembership membership) {
    service.membership(membership);
  }

  /** The bound port (the real one when started with port 0). */
  public int port() {
    return port;
  }

  /** Open watch streams. */
  public int watcherCount() {
    return service.watcherCount();
  }

  @Override
  public void close() {
    server.shutdown();
    service.closeWatchers();
    try {
      if (!server.awaitTermination(GRACE_MS, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      watchExecutor.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
