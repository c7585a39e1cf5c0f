package io.raftsentinel.it.clients;

import io.raftsentinel.testing.Poll;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare RESP2 Pub/Sub client on one socket, the way any client library subscribes: it sends
 * {@code SUBSCRIBE} or {@code PSUBSCRIBE}, waits for the confirmation, and records every
 * {@code message}/{@code pmessage} on a reader thread. {@link #close()} closes the socket and joins it.
 */
final class RespSubscriber implements AutoCloseable {
  /** One delivered message; {@code pattern} is null for a plain {@code message}. */
  record Message(String pattern, String channel, String payload) {}

  private static final Duration CONFIRM = Duration.ofSeconds(10);

  private final Socket socket;
  private final InputStream in;
  private final Thread reader;
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<List<String>> confirmations = new CopyOnWriteArrayList<>();
  private volatile IOException failure;
  private volatile boolean closing;

  private RespSubscriber(int port, String name) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
    in = new BufferedInputStream(socket.getInputStream());
    reader = new Thread(this::read, name);
    reader.setDaemon(true);
  }

  /** {@code SUBSCRIBE channel} on the RESP server at {@code port}; returns once confirmed. */
  static RespSubscriber subscribe(int port, String channel) throws IOException {
    return open(port, "SUBSCRIBE", channel);
  }

  /** {@code PSUBSCRIBE pattern} on the RESP server at {@code port}; returns once confirmed. */
  static RespSubscriber psubscribe(int port, String pattern) throws IOException {
    return open(port, "PSUBSCRIBE", pattern);
  }

  private static RespSubscriber open(int port, String command, String target) throws IOException {
    RespSubscriber s = new RespSubscriber(port, "resp-sub-" + port);
    try {
      s.reader.start();
      s.send(command, target);
      Poll.until(CONFIRM, () -> {
        s.rethrow();
        return !s.confirmations.isEmpty();
      }, command + " " + target + " to be confirmed on port " + port);
      List<String> c = s.confirmations.get(0);
      if (!c.get(0).equalsIgnoreCase(command) || !c.get(1).equals(target)) {
        throw new IllegalStateException("unexpected confirmation " + c + " for " + command + " " + target);
      }
      return s;
    } catch (RuntimeException | Error | IOException e) {
      s.close();
      throw e;
    }
  }

  private void send(String... args) throws IOException {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
      b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  List<Message> messages() {
    return List.copyOf(messages);
  }

  private void rethrow() {
    if (failure != null) {
      throw new UncheckedIOException("subscriber connection failed", failure);
    }
  }

  private void read() {
    try {
      while (true) {
        List<String> frame = readArray();
        switch (frame.get(0).toLowerCase(java.util.Locale.ROOT)) {
          case "message" -> messages.add(new Message(null, frame.get(1), frame.get(2)));
          case "pmessage" -> messages.add(new Message(frame.get(1), frame.get(2), frame.get(3)));
          default -> confirmations.add(frame);
        }
      }
    } catch (IOException e) {
      if (!closing) {
        failure = e;
      }
    }
  }

  /** One RESP2 array of bulk strings / integers (what Pub/Sub frames are made of). */
  private List<String> readArray() throws IOException {
    String header = readLine();
    if (header.charAt(0) != '*') {
      throw new IOException("expected an array, got '" + header + "'");
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String item = readLine();
      switch (item.charAt(0)) {
        case '$' -> {
          int len = Integer.parseInt(item.substring(1));
          byte[] data = in.readNBytes(len + 2);
          if (data.length < len + 2) {
            throw new EOFException("connection closed inside a bulk string");
          }
          items.add(new String(data, 0, len, StandardCharsets.UTF_8));
        }
        case ':' -> items.add(item.substring(1));
        default -> throw new IOException("unexpected element '" + item + "' in a Pub/Sub frame");
      }
    }
    return items;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      if (prev == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        String s = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        if (s.isEmpty()) {
          throw new IOException("empty RESP line");
        }
        return s;
      }
      line.write(b);
      prev = b;
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close subscriber socket", e);
    } finally {
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
