package io.raftsentinel.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes RESP multibulk requests and inline (telnet) lines into {@link Request}s, incrementally (a
 * large command arriving in pieces is parsed once). Limits and error texts are Redis's: more than
 * 1,048,576 arguments, a bulk longer than 512 MB or a line longer than 64 KB produce a
 * {@link ProtocolError} after which all further input of the connection is discarded. Before AUTH
 * (when a password is required) a request may carry at most 10 arguments of 16 KB, as in Redis 7.
 * A request whose arguments exceed the query buffer limit closes the connection without a reply,
 * like Redis's {@code client-query-buffer-limit}.
 */
final class RespDecoder extends ByteToMessageDecoder {
  static final int MAX_LINE = 64 * 1024;
  static final int MAX_ARGS = 1024 * 1024;
  static final long MAX_BULK = 512L * 1024 * 1024;
  static final int MAX_UNAUTHENTICATED_ARGS = 10;
  static final int MAX_UNAUTHENTICATED_BULK = 16 * 1024;
  /** How many leading arguments are remembered for reuse, and up to which length. */
  private static final int RECENT_ARGS = 4;
  private static final int RECENT_MAX_LENGTH = 64;

  private final ConnectionState connection;
  private final ServerStats stats;
  private final long queryBufferLimit;

  /** Arguments still expected for the multibulk in progress, 0 when between requests. */
  private int remaining;
  /** Length of the bulk being read, -1 while its {@code $} header is still to come. */
  private long bulkLength = -1;
  private long pendingBytes;
  /** Arguments of the multibulk in progress, in a buffer reused across requests (grown as needed). */
  private String[] args = new String[8];
  private int argc;
  /** Reused to copy a bulk out of a (direct) buffer before decoding it. */
  private byte[] scratch = new byte[64];
  /**
   * The previous request's first arguments, bytes and decoded: clients repeat the same command (a
   * pool polling get-master-addr-by-name), so an equal argument is not decoded into a new String.
   */
  private final byte[][] recentBytes = new byte[RECENT_ARGS][];
  private final String[] recentStrings = new String[RECENT_ARGS];
  private boolean failed;

  RespDecoder(ConnectionState connection, ServerStats stats, long queryBufferLimit) {
    this.connection = connection;
    this.stats = stats;
    this.queryBufferLimit = queryBufferLimit;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.isReadable()) {
      Object next = remaining == 0 ? startRequest(in) : continueMultibulk(in);
      if (next == null) {
        break;
      }
      if (next instanceof ProtocolError) {
        failed = true;
      }
      if (next != NOTHING) {
        // One request per call: ByteToMessageDecoder fires it and calls again, so a long pipeline
        // never piles up decoded requests here.
        out.add(next);
        break;
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    } else if (pendingBytes + in.readableBytes() > queryBufferLimit) {
      failed = true;
      in.skipBytes(in.readableBytes());
      out.add(new QueryBufferExceeded(pendingBytes + in.readableBytes()));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf b) {
      stats.bytesIn(b.readableBytes());
    }
    super.channelRead(ctx, msg);
  }

  /** The client sent more than the query buffer limit in one request. */
  record QueryBufferExceeded(long bytes) {}

  private static final Object NOTHING = new Object();

  private Object startRequest(ByteBuf in) {
    if (in.getByte(in.readerIndex()) != '*') {
      return inline(in);
    }
    int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
    if (cr < 0 || cr + 1 >= in.writerIndex()) {
      return in.readableBytes() > MAX_LINE ? new ProtocolError("too big mbulk count string") : null;
    }
    if (cr - in.readerIndex() > MAX_LINE) {
      return new ProtocolError("too big mbulk count string");
    }
    Long count = parseLong(in, in.readerIndex() + 1, cr);
    in.readerIndex(cr + 2);
    if (count == null || count > MAX_ARGS) {
      return new ProtocolError("invalid multibulk length");
    }
    if (count > MAX_UNAUTHENTICATED_ARGS && !connection.authenticated()) {
      return new ProtocolError("unauthenticated multibulk length");
    }
    if (count <= 0) {
      return NOTHING;
    }
    remaining = (int) (long) count;
    argc = 0;
    pendingBytes = 0;
    bulkLength = -1;
    return NOTHING;
  }

  private Object continueMultibulk(ByteBuf in) {
    if (bulkLength < 0) {
      byte first = in.getByte(in.readerIndex());
      if (first != '$') {
        return new ProtocolError("expected '$', got '" + (char) (first & 0xff) + "'");
      }
      int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
      if (cr < 0 || cr + 1 >= in.writerIndex()) {
        return in.readableBytes() > MAX_LINE ? new ProtocolError("too big bulk count string") : null;
      }
      if (cr - in.readerIndex() > MAX_LINE) {
        return new ProtocolError("too big bulk count string");
      }
      Long length = parseLong(in, in.readerIndex() + 1, cr);
      in.readerIndex(cr + 2);
      if (length == null || length < 0 || length > MAX_BULK) {
        return new ProtocolError("invalid bulk length");
      }
      if (length > MAX_UNAUTHENTICATED_BULK && !connection.authenticated()) {
        return new ProtocolError("unauthenticated bulk length");
      }
      if (pendingBytes + length > queryBufferLimit) {
        failed = true;
        return new QueryBufferExceeded(pendingBytes + length);
      }
      bulkLength = length;
    }
    if (in.readableBytes() < bulkLength + 2) {
      return null;
    }
    int length = (int) bulkLength;
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    in.readBytes(scratch, 0, length);
    in.skipBytes(2);
    pendingBytes += bulkLength;
    if (argc == args.length) {
      args = Arrays.copyOf(args, args.length * 2);
    }
    args[argc] = argument(argc, length);
    argc++;
    bulkLength = -1;
    if (--remaining > 0) {
      return NOTHING;
    }
    Request request = new Request(listOf(args, argc));
    Arrays.fill(args, 0, argc, null);
    if (args.length > 64) {
      args = new String[8]; // a huge request does not pin its argument array
    }
    if (scratch.length > MAX_LINE) {
      scratch = new byte[64];
    }
    argc = 0;
    pendingBytes = 0;
    return request;
  }

  /** Argument {@code i}, decoded from the first {@code length} bytes of {@code scratch}. */
  private String argument(int i, int length) {
    if (i >= RECENT_ARGS || length > RECENT_MAX_LENGTH) {
      return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }
    byte[] previous = recentBytes[i];
    if (previous != null && Arrays.equals(previous, 0, previous.length, scratch, 0, length)) {
      return recentStrings[i];
    }
    String s = new String(scratch, 0, length, StandardCharsets.UTF_8);
    recentBytes[i] = Arrays.copyOf(scratch, length);
    recentStrings[i] = s;
    return s;
  }

  private static List<String> listOf(String[] a, int n) {
    return switch (n) {
      case 1 -> List.of(a[0]);
      case 2 -> List.of(a[0], a[1]);
      case 3 -> List.of(a[0], a[1], a[2]);
      default -> List.of(Arrays.copyOf(a, n));
    };
  }

  private Object inline(ByteBuf in) {
    int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (lf < 0) {
      return in.readableBytes() > MAX_LINE ? new ProtocolError("too big inline request") : null;
    }
    if (lf - in.readerIndex() > MAX_LINE) {
      return new ProtocolError("too big inline request");
    }
    int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    byte[] line = new byte[end - in.readerIndex()];
    in.getBytes(in.readerIndex(), line);
    in.readerIndex(lf + 1);
    List<String> parts = InlineParser.split(line);
    if (parts == null) {
      return new ProtocolError("unbalanced quotes in request");
    }
    return parts.isEmpty() ? NOTHING : new Request(parts);
  }

  /** Redis's string2ll: optional minus, digits only, no leading zeros or plus sign; null otherwise. */
  private static Long parseLong(ByteBuf in, int from, int to) {
    int len = to - from;
    if (len <= 0 || len > 20) {
      return null;
    }
    int i = from;
    boolean negative = in.getByte(i) == '-';
    if (negative) {
      i++;
      if (i == to) {
        return null;
      }
    }
    if (in.getByte(i) == '0' && to - i > 1) {
      return null;
    }
    long value = 0;
    for (; i < to; i++) {
      byte b = in.getByte(i);
      if (b < '0' || b > '9') {
        return null;
      }
      long next = value * 10 + (b - '0');
      if (next < value) {
        return null;
      }
      value = next;
    }
    return negative ? -value : value;
  }
}
