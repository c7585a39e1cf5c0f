package io.raftsentinel.node.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.raftsentinel.node.config.TlsFiles;
import io.raftsentinel.raftstate.ratis.RaftTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * One identity (certificate chain and private key) and one set of trusted CAs, loaded from PEM files
 * and checked once: the files are readable PEM, the key belongs to the first certificate, and that
 * certificate is valid now. Every TLS endpoint built from it requires the other side to present a
 * certificate signed by one of the CAs (mutual TLS). Immutable and thread-safe.
 */
public final class TlsMaterial {
  private static final char[] NO_PASSWORD = new char[0];

  private final KeyManager keyManager;
  private final TrustManager trustManager;
  private final String subject;

  private TlsMaterial(KeyManager keyManager, TrustManager trustManager, String subject) {
    this.keyManager = keyManager;
    this.trustManager = trustManager;
    this.subject = subject;
  }

  /** From the node's {@code tls-*} directives. */
  public static TlsMaterial load(TlsFiles files) throws TlsException {
    if (!files.enabled()) {
      throw new IllegalArgumentException("TLS is not configured");
    }
    return load("tls-cert-file", files.certFile(), "tls-key-file", files.keyFile(), "tls-ca-cert-file",
        files.caCertFile());
  }

  /**
   * Loads and checks the three files; each label (the option a file came from) appears in errors.
   *
   * @throws TlsException naming the option and file that is missing, unreadable or unusable
   */
  public static TlsMaterial load(String certLabel, Path certFile, String keyLabel, Path keyFile, String caLabel,
      Path caFile) throws TlsException {
    List<X509Certificate> chain = PemFiles.certificates(certLabel, certFile);
    PrivateKey key = PemFiles.privateKey(keyLabel, keyFile);
    List<X509Certificate> cas = PemFiles.certificates(caLabel, caFile);
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new TlsException(PemFiles.where(certLabel, certFile) + ": the certificate expired on "
          + leaf.getNotAfter().toInstant(), e);
    } catch (CertificateNotYetValidException e) {
      throw new TlsException(PemFiles.where(certLabel, certFile) + ": the certificate is not valid before "
          + leaf.getNotBefore().toInstant(), e);
    }
    if (!matches(key, leaf.getPublicKey())) {
      throw new TlsException(PemFiles.where(keyLabel, keyFile) + ": the private key does not belong to the "
          + "certificate in " + PemFiles.where(certLabel, certFile));
    }
    try {
      KeyStore identity = KeyStore.getInstance("PKCS12");
      identity.load(null, null);
      identity.setKeyEntry("node", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(identity, NO_PASSWORD);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        trusted.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      return new TlsMaterial(kmf.getKeyManagers()[0], tmf.getTrustManagers()[0],
          leaf.getSubjectX500Principal().getName());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsException("cannot use " + PemFiles.where(certLabel, certFile) + " / "
          + PemFiles.where(keyLabel, keyFile) + " / " + PemFiles.where(caLabel, caFile) + ": " + e.getMessage(), e);
    }
  }

  /** For Ratis: server, client and admin connections of the Raft group. */
  public RaftTls raftTls() {
    return new RaftTls(keyManager, trustManager);
  }

  /** For the node's gRPC server: a client certificate signed by a trusted CA is required. */
  public ServerCredentials serverCredentials() {
    return TlsServerCredentials.newBuilder()
        .keyManager(keyManager)
        .trustManager(trustManager)
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** For a gRPC client: presents the certificate, trusts only the CAs, verifies the server's host name. */
  public ChannelCredentials channelCredentials() {
    return TlsChannelCredentials.newBuilder().keyManager(keyManager).trustManager(trustManager).build();
  }

  /** The certificate's subject, for the start-up log line. */
  public String subject() {
    return subject;
  }

  @Override
  public String toString() {
    return "TlsMaterial[" + subject + "]";
  }

  private static boolean matches(PrivateKey key, PublicKey pub) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return true; // not checked here; a mismatch fails the handshake
    }
    try {
      byte[] probe = "raft-sentinel key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(pub);
      v.update(probe);
      return v.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
