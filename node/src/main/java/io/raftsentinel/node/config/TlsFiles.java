package io.raftsentinel.node.config;

import java.nio.file.Path;

/**
 * The PEM files of mutual TLS for gRPC and Raft traffic, under Redis's directive names:
 * {@code tls-cert-file} (this node's certificate chain), {@code tls-key-file} (its private key,
 * PKCS#8 or PKCS#1 RSA) and {@code tls-ca-cert-file} (the CA certificates peers and clients must be
 * signed by). All three or none: {@link #NONE} has no file; a config where only some are set does not
 * validate.
 */
public record TlsFiles(Path certFile, Path keyFile, Path caCertFile) {

  public static final TlsFiles NONE = new TlsFiles(null, null, null);

  /** All three files are set: TLS is on. */
  public boolean enabled() {
    return certFile != null && keyFile != null && caCertFile != null;
  }

  /** Some but not all files are set (an invalid config). */
  boolean partial() {
    return !enabled() && (certFile != null || keyFile != null || caCertFile != null);
  }
}
