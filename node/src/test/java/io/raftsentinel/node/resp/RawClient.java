package io.raftsentinel.node.resp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A blocking raw-socket RESP client for tests: sends bytes, reads whole replies as raw text or values. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void sendRaw(String raw) throws IOException {
    sendRaw(raw.getBytes(StandardCharsets.UTF_8));
  }

  void sendRaw(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  void send(String... args) throws IOException {
    sendRaw(encode(args));
  }

  static String encode(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return b.toString();
  }

  /** Sends a command and returns its reply exactly as received. */
  String call(String... args) throws IOException {
    send(args);
    return readRaw();
  }

  /** Sends a command and returns its reply parsed (see {@link #parse}). */
  Object value(String... args) throws IOException {
    return parse(call(args));
  }

  /** One complete reply, raw. */
  String readRaw() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    readOne(buf);
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** True when the server closed the connection (EOF or reset) within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private void readOne(ByteArrayOutputStream buf) throws IOException {
    String line = readLine(buf);
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '$', '=' -> {
        int n = Integer.parseInt(rest);
        if (n >= 0) {
          buf.write(in.readNBytes(n + 2));
        }
      }
      case '*', '>', '~' -> {
        int n = Integer.parseInt(rest);
        for (int i = 0; i < n; i++) {
          readOne(buf);
        }
      }
      case '%' -> {
        int n = Integer.parseInt(rest);
        for (int i = 0; i < 2 * n; i++) {
          readOne(buf);
        }
      }
      default -> {
        // simple string, error, integer, null: the line is all
      }
    }
  }

  private String readLine(ByteArrayOutputStream buf) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      buf.write(b);
      if (b == '\n') {
        byte[] l = line.toByteArray();
        return new String(l, 0, l.length - 1, StandardCharsets.UTF_8);
      }
      line.write(b);
    }
  }

  /**
   * Parses raw RESP: simple strings and bulks as String, errors as "ERROR:" + text, integers as Long,
   * nulls as null, arrays/maps/pushes as List (maps flattened).
   */
  static Object parse(String raw) {
    int[] pos = {0};
    return parse(raw, pos);
  }

  private static Object parse(String raw, int[] pos) {
    int eol = raw.indexOf("\r\n", pos[0]);
    char type = raw.charAt(pos[0]);
    String rest = raw.substring(pos[0] + 1, eol);
    pos[0] = eol + 2;
    switch (type) {
      case '+':
        return rest;
      case '-':
        return "ERROR:" + rest;
      case ':':
        return Long.parseLong(rest);
      case '_':
        return null;
      case '$': {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          return null;
        }
        byte[] bytes = raw.substring(pos[0]).getBytes(StandardCharsets.UTF_8);
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        pos[0] += s.length() + 2;
        return s;
      }
      default: {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          return null;
        }
        int count = type == '%' ? 2 * n : n;
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(parse(raw, pos));
        }
        return items;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
