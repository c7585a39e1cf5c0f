package io.raftsentinel.raftstate.ratis;

import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * Mutual TLS for all Raft traffic (server-to-server, client-to-server, admin): this member presents
 * the key manager's certificate and accepts only peers whose certificate the trust manager accepts.
 * Both sides must present a certificate. Peer host names are verified against the certificates'
 * subject alternative names, so a certificate must name the host (or IP) of its {@code raft-address}.
 */
public record RaftTls(KeyManager keyManager, TrustManager trustManager) {

  public RaftTls {
    Objects.requireNonNull(keyManager, "keyManager");
    Objects.requireNonNull(trustManager, "trustManager");
  }

  @Override
  public String toString() {
    return "RaftTls[mutual]";
  }
}
