package io.raftsentinel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy: one listening port forwarding every connection to a target. {@link #cut()}
 * closes live connections and black-holes new ones (accepted, never answered) until {@link
 * #restore()}. Thread-safe; uses two daemon threads per live connection, which is fine for tests.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MS = 1000;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final List<Socket> live = new ArrayList<>();
  private final List<Socket> blackHoled = new ArrayList<>();
  private boolean cut;
  private boolean closed;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port forwarding to {@code host:port}. */
  public static TcpProxy start(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a proxy port for " + host + ":" + port, e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Closes every live connection and black-holes new ones until {@link #restore()}. */
  public void cut() {
    List<Socket> toClose;
    synchronized (this) {
      cut = true;
      toClose = new ArrayList<>(live);
      live.clear();
    }
    toClose.forEach(TcpProxy::closeQuietly);
  }

  /** Forwards new connections again; the black-holed ones are closed so their clients reconnect. */
  public void restore() {
    List<Socket> toClose;
    synchronized (this) {
      cut = false;
      toClose = new ArrayList<>(blackHoled);
      blackHoled.clear();
    }
    toClose.forEach(TcpProxy::closeQuietly);
  }

  public synchronized boolean isCut() {
    return cut;
  }

  @Override
  public void close() {
    List<Socket> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(live);
      toClose.addAll(blackHoled);
      live.clear();
      blackHoled.clear();
    }
    closeQuietly(server);
    toClose.forEach(TcpProxy::closeQuietly);
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (this) {
        if (closed) {
          closeQuietly(client);
          return;
        }
        if (cut) {
          blackHoled.add(client);
          continue;
        }
      }
      connect(client);
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    synchronized (this) {
      if (closed || cut) {
        closeQuietly(client);
        closeQuietly(upstream);
        return;
      }
      live.add(client);
      live.add(upstream);
    }
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (SocketException e) {
        // the other side or cut() closed the socket: the pair is done
      } catch (IOException e) {
        // same: an I/O error ends this pair; both sockets are closed below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        synchronized (this) {
          live.remove(from);
          live.remove(to);
        }
      }
    }, "tcp-proxy-pump-" + port());
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing a socket that is already broken: nothing left to release
    }
  }
}
