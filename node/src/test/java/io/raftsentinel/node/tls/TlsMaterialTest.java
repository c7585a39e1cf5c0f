package io.raftsentinel.node.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftsentinel.testing.TestCerts;
import io.raftsentinel.testing.TestCerts.Ca;
import io.raftsentinel.testing.TestCerts.Leaf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsMaterialTest {
  private TestCerts certs;

  @BeforeEach
  void certs() {
    assumeTrue(TestCerts.available(), "openssl is not installed: cannot make test certificates");
    certs = new TestCerts();
  }

  @AfterEach
  void clean() {
    if (certs != null) {
      certs.close();
    }
  }

  private static TlsMaterial load(Path cert, Path key, Path ca) throws TlsException {
    return TlsMaterial.load("tls-cert-file", cert, "tls-key-file", key, "tls-ca-cert-file", ca);
  }

  @Test
  void loadsAnEcLeafAndNamesItsSubject() throws Exception {
    Ca ca = certs.ca("ca");
    Leaf n1 = certs.leaf("n1", ca);
    assertEquals("CN=n1", load(n1.cert(), n1.key(), n1.trustedCa()).subject());
  }

  @Test
  void readsPkcs1RsaKeys() throws Exception {
    Path dir = certs.dir();
    certs.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa8.key", "-out", "rsa.crt", "-days",
        "1", "-subj", "/CN=rsa");
    certs.openssl("rsa", "-in", "rsa8.key", "-traditional", "-out", "rsa1.key");
    assertTrue(Files.readString(dir.resolve("rsa1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    assertEquals("CN=rsa", load(dir.resolve("rsa.crt"), dir.resolve("rsa1.key"), dir.resolve("rsa.crt")).subject());
  }

  @Test
  void everyProblemNamesTheOptionAndTheFile() throws Exception {
    Ca ca = certs.ca("ca");
    Leaf n1 = certs.leaf("n1", ca);
    Leaf n2 = certs.leaf("n2", ca);
    Path missing = certs.dir().resolve("missing.pem");
    assertEquals("tls-cert-file " + missing + ": no such file",
        assertThrows(TlsException.class, () -> load(missing, n1.key(), ca.cert())).getMessage());
    assertEquals("tls-key-file " + n1.cert() + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in the file",
        assertThrows(TlsException.class, () -> load(n1.cert(), n1.cert(), ca.cert())).getMessage());
    assertEquals("tls-ca-cert-file " + n1.key() + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file",
        assertThrows(TlsException.class, () -> load(n1.cert(), n1.key(), n1.key())).getMessage());
    assertEquals("tls-key-file " + n2.key() + ": the private key does not belong to the certificate in tls-cert-file "
        + n1.cert(), assertThrows(TlsException.class, () -> load(n1.cert(), n2.key(), ca.cert())).getMessage());
    Path encrypted = certs.dir().resolve("enc.key");
    certs.openssl("pkcs8", "-topk8", "-in", n1.key().toString(), "-passout", "pass:x", "-out", encrypted.toString());
    assertTrue(assertThrows(TlsException.class, () -> load(n1.cert(), encrypted, ca.cert())).getMessage()
        .startsWith("tls-key-file " + encrypted + ": the key is encrypted"));
  }
}
