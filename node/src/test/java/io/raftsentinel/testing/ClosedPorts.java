package io.raftsentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback ports held bound but not listening for as long as this is open: a connection to one is
 * refused, and no other process can start listening on it meanwhile (a port merely found free can be
 * taken by anyone, and then it answers).
 */
public final class ClosedPorts implements AutoCloseable {
  private final List<Socket> held;

  private ClosedPorts(List<Socket> held) {
    this.held = held;
  }

  public static ClosedPorts hold(int count) {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket s = new Socket();
        held.add(s);
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      }
      return new ClosedPorts(held);
    } catch (IOException e) {
      new ClosedPorts(held).close();
      throw new UncheckedIOException("cannot hold " + count + " closed loopback ports", e);
    }
  }

  public int[] ports() {
    return held.stream().mapToInt(Socket::getLocalPort).toArray();
  }

  @Override
  public void close() {
    for (Socket s : held) {
      try {
        s.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot release a held port", e);
      }
    }
  }
}
