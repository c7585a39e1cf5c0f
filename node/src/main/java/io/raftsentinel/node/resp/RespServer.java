package io.raftsentinel.node.resp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.raftsentinel.node.query.TopologyQueryService;
import io.raftsentinel.node.query.TopologyWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Sentinel protocol endpoint of a node (RESP2/RESP3, inline commands, Pub/Sub), bound
 * when constructed. One acceptor thread and one I/O thread serve every connection, as Redis's own
 * event loop does; commands run on that thread and never block it (Raft writes answer when they commit).
 *
 * <p>While the node is not {@link TopologyQueryService#ready() ready}, new connections are accepted
 * and closed at once, so clients (Lettuce) move on instead of reading a null master address.
 *
 * <p>Thread-safe; {@link #close()} stops accepting, closes every connection and releases the threads.
 */
public final class RespServer implements AutoCloseable {
  /** A client sending more than this in one request is disconnected (Redis: client-query-buffer-limit). */
  static final long QUERY_BUFFER_LIMIT = 64L * 1024 * 1024;
  /** A subscriber whose unsent output exceeds this is disconnected. */
  static final int OUTPUT_HIGH_WATER_MARK = 8 * 1024 * 1024;
  /**
   * I/O threads serving every connection. One, like Redis: with a second thread the same load cost
   * 1.3–1.9x more CPU per request (more wake-ups, fewer ready sockets per epoll_wait; measured with
   * bin/bench-resp, BENCHMARKS.md), and one thread already serves far more than Sentinel clients ask.
   */
  static final int IO_THREADS = 1;
  private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);

  private final ServerContext context;
  private final RespTransport transport;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final PubSubHub hub;
  private final Channel serverChannel;

  public RespServer(TopologyQueryService query, TopologyWriter writer, RespConfig config) {
    this(query, writer, config, new SimulateFailureFlags(), Clock.systemUTC());
  }

  public RespServer(TopologyQueryService query, TopologyWriter writer, RespConfig config,
      SimulateFailureFlags simulateFailure, Clock clock) {
    this(query, writer, config, simulateFailure, clock, clock);
  }

  /** {@code wall} is reported as the system time; {@code logClock} measures durations and ages. */
  public RespServer(TopologyQueryService query, TopologyWriter writer, RespConfig config,
      SimulateFailureFlags simulateFailure, Clock wall, Clock logClock) {
    context = new ServerContext(query, writer, config, new ClientRegistry(), new ServerStats(), simulateFailure,
        new SentinelGlobals(config), new DebugParams(), logClock, wall, logClock.millis());
    transport = RespTransport.best();
    acceptor = transport.group(1, "resp-accept");
    workers = transport.group(IO_THREADS, "resp-io");
    PubSubHub subscribed = null;
    try {
      CommandRouter router = new CommandRouter(new CommandTable(context, this::port), context);
      subscribed = new PubSubHub(query, context.clients(), context.stats());
      serverChannel = transport.configure(new ServerBootstrap())
          .group(acceptor, workers)
          .channel(transport.serverChannel())
          .option(ChannelOption.SO_BACKLOG, 511)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
              new WriteBufferWaterMark(OUTPUT_HIGH_WATER_MARK / 2, OUTPUT_HIGH_WATER_MARK))
          .childHandler(new Initializer(router))
          .bind(config.bind(), config.port())
          .syncUninterruptibly()
          .channel();
    } catch (RuntimeException e) {
      closeQuietly(subscribed);
      shutdownGroups();
      throw new IllegalStateException("cannot serve RESP on " + config.bind() + ":" + config.port() + ": " + e, e);
    }
    hub = subscribed;
    LOG.info("Redis Sentinel protocol on {}:{} ({}, {} transport)", config.bind(), port(), config, transport.name());
  }

  /** The bound port (the actual one when the config asked for port 0). */
  public int port() {
    Channel ch = serverChannel;
    return ch == null ? context.config().port() : ((InetSocketAddress) ch.localAddress()).getPort();
  }

  /** The flags SENTINEL SIMULATE-FAILURE sets, for the node's failover code to read. */
  public SimulateFailureFlags simulateFailureFlags() {
    return context.simulateFailure();
  }

  /** Open client connections. */
  public int connectionCount() {
    return context.clients().size();
  }

  @Override
  public void close() {
    closeQuietly(hub);
    serverChannel.close().syncUninterruptibly();
    for (ConnectionState c : context.clients().all()) {
      c.channel().close();
    }
    shutdownGroups();
  }

  private void shutdownGroups() {
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("Closing the event subscription failed", e);
    }
  }

  private final class Initializer extends ChannelInitializer<Channel> {
    private final CommandRouter router;

    Initializer(CommandRouter router) {
      this.router = router;
    }

    @Override
    protected void initChannel(Channel ch) {
      if (!context.query().ready()) {
        context.stats().connectionRejected();
        ch.close();
        return;
      }
      context.stats().connectionReceived();
      ConnectionState state = new ConnectionState(context.clients().nextId(), ch, !context.config().authRequired(),
          context.nowMs());
      ch.pipeline().addLast(
          new RespDecoder(state, context.stats(), QUERY_BUFFER_LIMIT),
          new RespEncoder(state, context.stats()),
          new ConnectionHandler(state, router, context.clients(), context.stats()));
    }
  }
}
