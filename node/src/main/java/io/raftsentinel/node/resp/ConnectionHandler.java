package io.raftsentinel.node.resp;

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
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  private final ConnectionState connection;
  private final CommandRouter router;
  private final ClientRegistry clients;
  private final Queue<Object> waitingRequests = new ArrayDeque<>();
  private boolean replyPending;
  private boolean closing;

  ConnectionHandler(ConnectionState connection, CommandRouter router, ClientRegistry clients) {
    this.connection = connection;
    this.router = router;
    this.clients = clients;
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
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  private void process(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      return;
    }
    if (msg instanceof ProtocolError e) {
      closing = true;
      LOG.debug("Protocol error from {}: {}", ctx.channel().remoteAddress(), e.reason());
      ctx.writeAndFlush(Reply.error("ERR Protocol error: " + e.reason())).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (msg instanceof RespDecoder.QueryBufferExceeded q) {
      closing = true;
      LOG.warn("Closing client id={} addr={}: request of {} bytes exceeds the query buffer limit", connection.id(),
          ctx.channel().remoteAddress(), q.bytes());
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
    ctx.write(reply);
    if (connection.closeAfterReply()) {
      closing = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
    ctx.flush();
    if (!replyPending && !closing) {
      ctx.channel().config().setAutoRead(true);
    }
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
