package io.raftsentinel.it.safety;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy in front of one Redis that tells replication links (the client sent
 * {@code REPLCONF} or {@code PSYNC}) from other clients, so a test can starve replicas while the
 * sentinels still read the master ({@link #freezeReplication()}), then hide the master from the
 * sentinels while its replicas keep replicating ({@link #cutClients()}).
 */
final class SplitProxy implements AutoCloseable {
  private static final int SNIFF_BYTES = 4096;

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final List<Link> links = new ArrayList<>();
  private final List<Socket> blackHoled = new ArrayList<>();
  private boolean frozen;
  private boolean cut;
  private boolean closed;

  private final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean replication;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void close() {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private SplitProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "split-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static SplitProxy start(int redisPort) {
    try {
      return new SplitProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), redisPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /** Replication links stop delivering the master's stream (they stay open: the replica sees no error). */
  synchronized void freezeReplication() {
    frozen = true;
  }

  /** Replication links deliver again: the replicas catch up. */
  synchronized void thawReplication() {
    frozen = false;
    notifyAll();
  }

  /** Every other client is disconnected and new connections are black-holed; replication goes on. */
  void cutClients() {
    List<Link> toClose = new ArrayList<>();
    synchronized (this) {
      cut = true;
      for (Link l : links) {
        if (!l.replication) {
          toClose.add(l);
        }
      }
      links.removeAll(toClose);
    }
    toClose.forEach(Link::close);
  }

  synchronized int replicationLinks() {
    return (int) links.stream().filter(l -> l.replication).count();
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
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 1000);
        Link link = new Link(client, upstream);
        synchronized (this) {
          links.add(link);
        }
        pump(link, client.getInputStream(), upstream.getOutputStream(), true);
        pump(link, upstream.getInputStream(), client.getOutputStream(), false);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Link link, InputStream in, OutputStream out, boolean fromClient) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      StringBuilder sniffed = new StringBuilder();
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          if (fromClient && !link.replication && sniffed.length() < SNIFF_BYTES) {
            sniffed.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1).toUpperCase());
            link.replication = sniffed.indexOf("REPLCONF") >= 0 || sniffed.indexOf("PSYNC") >= 0;
          }
          if (!fromClient) {
            awaitThawed(link);
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the link ends; both sides are closed below
      } finally {
        link.close();
        synchronized (this) {
          links.remove(link);
        }
      }
    }, "split-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private synchronized void awaitThawed(Link link) throws InterruptedException {
    while (frozen && link.replication && !closed) {
      wait(100);
    }
  }

  @Override
  public void close() {
    List<Link> toClose;
    List<Socket> holes;
    synchronized (this) {
      closed = true;
      toClose = new ArrayList<>(links);
      holes = new ArrayList<>(blackHoled);
      links.clear();
      blackHoled.clear();
      notifyAll();
    }
    closeQuietly(server);
    toClose.forEach(Link::close);
    holes.forEach(SplitProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway: nothing to report in a test proxy
    }
  }
}
