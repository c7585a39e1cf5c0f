package io.raftsentinel.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection on its event loop: runs requests through the router and writes replies in
 * request order. While a Raft write is pending, later pipelined requests wait in a queue and the
 * socket stops being read, so replies never overtake each other and the queue stays bounded.
 *
 * <p>Replies to the requests of one socket read are encoded back to back into one buffer, written
 * and flushed once when the read completes (one buffer and one write per batch, not per reply).
 * Anything else written to the channel (Pub/Sub pushes, protocol errors) goes after that buffer is
 * handed on, so the order on the wire is the order of the writes.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final ConnectionState connection;
  private final CommandRouter router;
  private final ClientRegistry clients;
  private final ServerStats stats;
  private final Queue<Object> waitingRequests = new ArrayDeque<>();
  /** Encoded replies not yet written to the channel; null when there are none. */
  private ByteBuf batch;
  private boolean replyPending;
  private boolean closing;

  ConnectionHandler(ConnectionState connection, CommandRouter router, ClientRegistry clients, ServerStats stats) {
    this.connection = connection;
    this.router = router;
    this.clients = clients;
    this.stats = stats;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    clients.add(connection);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    clients.remove(connection);
    waitingRequests.clear();
    releaseBatch();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (replyPending) {
      waitingRequests.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    process(ctx, msg);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseBatch();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    writeBatch(ctx);
    ctx.flush();
  }

  private void process(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      return;
    }
    if (msg instanceof ProtocolError e) {
      closing = true;
      LOG.debug("Protocol error from {}: {}", ctx.channel().remoteAddress(), e.reason());
      writeBatch(ctx);
      ctx.writeAndFlush(Reply.error("ERR Protocol error: " + e.reason())).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (msg instanceof RespDecoder.QueryBufferExceeded q) {
      closing = true;
      LOG.warn("Closing client id={} addr={}: request of {} bytes exceeds the query buffer limit", connection.id(),
          ctx.channel().remoteAddress(), q.bytes());
      writeBatch(ctx);
      ctx.flush();
      ctx.close();
      return;
    }
    Reply reply;
    try {
      reply = router.route(connection, (Request) msg);
    } catch (RuntimeException e) {
      LOG.error("Command {} failed on client id={}", ((Request) msg).arg(0), connection.id(), e);
      reply = Reply.error("ERR internal error: " + e);
    }
    if (reply instanceof Reply.Deferred d) {
      replyPending = true;
      d.future().whenComplete((r, err) -> ctx.executor().execute(() -> resume(ctx, r, err)));
    } else {
      write(ctx, reply);
    }
  }

  private void write(ChannelHandlerContext ctx, Reply reply) {
    if (batch == null) {
      batch = ctx.alloc().ioBuffer();
    }
    // Encoded now, in the protocol the connection speaks now: as RespEncoder would at this write.
    RespEncoder.write(reply, connection.protocol(), batch);
    if (connection.closeAfterReply()) {
      closing = true;
      writeBatch(ctx);
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Hands the encoded replies on to the channel (not flushed). */
  private void writeBatch(ChannelHandlerContext ctx) {
    ByteBuf b = batch;
    if (b != null) {
      batch = null;
      stats.bytesOut(b.readableBytes());
      ctx.write(b, ctx.voidPromise()); // a failed write reaches exceptionCaught, which closes
    }
  }

  private void releaseBatch() {
    if (batch != null) {
      batch.release();
      batch = null;
    }
  }

  private void resume(ChannelHandlerContext ctx, Reply reply, Throwable err) {
    replyPending = false;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (err != null) {
      LOG.error("Deferred reply failed on client id={}", connection.id(), err);
      reply = Reply.error("ERR internal error: " + err);
    }
    write(ctx, reply);
    while (!replyPending && !closing && !waitingRequests.isEmpty()) {
      process(ctx, waitingRequests.poll());
    }
    writeBatch(ctx);
    ctx.flush();
    if (!replyPending && !closing) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable() && connection.subscriptionCount() > 0) {
      PubSubHub.closeSlowSubscriber(connection, stats);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("Connection id={} failed: {}", connection.id(), cause.toString());
    } else {
      LOG.warn("Connection id={} failed", connection.id(), cause);
    }
    ctx.close();
  }
}
