package io.raftsentinel.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link Reply} values as RESP2 or RESP3, whichever the connection speaks at the moment the
 * reply is encoded (HELLO switches it on the event loop, so replies and pushes stay consistent).
 */
final class RespEncoder extends MessageToByteEncoder<Reply> {
  private static final byte[] CRLF = {'\r', '\n'};

  private final ConnectionState connection;
  private final ServerStats stats;

  RespEncoder(ConnectionState connection, ServerStats stats) {
    super(Reply.class);
    this.connection = connection;
    this.stats = stats;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
    int before = out.writerIndex();
    write(reply, connection.protocol(), out);
    stats.bytesOut(out.writerIndex() - before);
  }

  static void write(Reply reply, int protocol, ByteBuf out) {
    boolean resp3 = protocol >= 3;
    if (reply instanceof Reply.Simple s) {
      line(out, '+', s.text());
    } else if (reply instanceof Reply.Error e) {
      line(out, '-', e.text());
    } else if (reply instanceof Reply.Int i) {
      line(out, ':', Long.toString(i.value()));
    } else if (reply instanceof Reply.Bulk b) {
      line(out, '$', Integer.toString(b.data().length));
      out.writeBytes(b.data());
      out.writeBytes(CRLF);
    } else if (reply instanceof Reply.NullBulk) {
      line(out, resp3 ? '_' : '$', resp3 ? "" : "-1");
    } else if (reply instanceof Reply.NullArray) {
      line(out, resp3 ? '_' : '*', resp3 ? "" : "-1");
    } else if (reply instanceof Reply.Array a) {
      aggregate(out, '*', a.items(), a.items().size(), protocol);
    } else if (reply instanceof Reply.MapReply m) {
      List<Reply> kv = m.keysAndValues();
      aggregate(out, resp3 ? '%' : '*', kv, resp3 ? kv.size() / 2 : kv.size(), protocol);
    } else if (reply instanceof Reply.Push p) {
      aggregate(out, resp3 ? '>' : '*', p.items(), p.items().size(), protocol);
    } else if (reply instanceof Reply.Encoded e) {
      out.writeBytes(e.bytes());
    } else if (reply instanceof Reply.Multi m) {
      for (Reply r : m.replies()) {
        write(r, protocol, out);
      }
    } else {
      throw new IllegalStateException("cannot encode " + reply.getClass().getSimpleName());
    }
  }

  /** The wire form of {@code reply} in RESP2 (for building {@link Reply.Encoded} values). */
  static byte[] resp2Bytes(Reply reply) {
    ByteBuf buf = Unpooled.buffer(64);
    try {
      write(reply, 2, buf);
      byte[] out = new byte[buf.readableBytes()];
      buf.readBytes(out);
      return out;
    } finally {
      buf.release();
    }
  }

  private static void aggregate(ByteBuf out, char type, List<Reply> items, int count, int protocol) {
    line(out, type, Integer.toString(count));
    for (Reply r : items) {
      write(r, protocol, out);
    }
  }

  private static void line(ByteBuf out, char type, String text) {
    out.writeByte(type);
    out.writeCharSequence(text, StandardCharsets.UTF_8);
    out.writeBytes(CRLF);
  }
}
