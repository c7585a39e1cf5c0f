package io.raftsentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback TCP ports, found by letting the kernel pick one. */
public final class FreePorts {
  private FreePorts() {}

  /**
   * {@code count} distinct ports that were free on 127.0.0.1 a moment ago: all are held bound until the
   * last is found, so the kernel cannot hand the same port out twice (separate {@link #allocate()}
   * calls can: a node once got the same port for Raft and RESP).
   */
  public static int[] allocate(int count) {
    ServerSocket[] held = new ServerSocket[count];
    int[] ports = new int[count];
    try {
      for (int i = 0; i < count; i++) {
        held[i] = new ServerSocket();
        held[i].setReuseAddress(false);
        held[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ports[i] = held[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot allocate " + count + " free loopback ports", e);
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot release a probe socket", e);
          }
        }
      }
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago (bound to port 0, then released). */
  public static int allocate() {
    return allocate(1)[0];
  }
}
