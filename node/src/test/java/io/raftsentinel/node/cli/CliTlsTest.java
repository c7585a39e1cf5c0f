package io.raftsentinel.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftsentinel.node.grpc.GrpcTestServer;
import io.raftsentinel.node.grpc.InMemoryTopology;
import io.raftsentinel.node.tls.TlsMaterial;
import io.raftsentinel.testing.TestCerts;
import io.raftsentinel.testing.TestCerts.Ca;
import io.raftsentinel.testing.TestCerts.Leaf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's --tls-cert/--tls-key/--tls-ca against a gRPC endpoint that requires mutual TLS. */
class CliTlsTest {
  private TestCerts certs;
  private Ca ca;
  private GrpcTestServer server;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(TestCerts.available(), "openssl is not installed: cannot make test certificates");
    certs = new TestCerts();
    ca = certs.ca("ca");
    Leaf node = certs.leaf("node", ca);
    TlsMaterial material = TlsMaterial.load("cert", node.cert(), "key", node.key(), "ca", node.trustedCa());
    server = new GrpcTestServer(new InMemoryTopology(), GrpcTestServer.settings().withTls(material));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (certs != null) {
      certs.close();
    }
  }

  private Cli.Result masters(Leaf client) {
    return Cli.run("masters", "--server", server.address(), "--timeout", "3s", "--tls-cert", client.cert().toString(),
        "--tls-key", client.key().toString(), "--tls-ca", client.trustedCa().toString());
  }

  @Test
  void aClientCertificateFromTheCaIsServed() {
    Cli.Result r = masters(certs.leaf("ops", ca));
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void plaintextAndForeignCertificatesAreRefused() {
    Cli.Result plain = Cli.run("masters", "--server", server.address(), "--timeout", "3s");
    assertEquals(1, plain.code(), plain.out());
    assertTrue(plain.err().contains("UNAVAILABLE"), plain.err());

    Leaf stranger = certs.leaf("stranger", certs.ca("other-ca"), ca);
    Cli.Result foreign = masters(stranger);
    assertEquals(1, foreign.code(), foreign.out());
    assertTrue(foreign.err().contains("UNAVAILABLE"), foreign.err());
  }

  @Test
  void incompleteOrUnreadableTlsOptionsAreClearErrors() {
    Leaf ops = certs.leaf("ops", ca);
    Cli.Result partial = Cli.run("masters", "--server", server.address(), "--tls-cert", ops.cert().toString());
    assertEquals(1, partial.code());
    assertEquals("error: --tls-cert, --tls-key and --tls-ca go together\n", partial.err());

    String missing = certs.dir().resolve("missing.key").toString();
    Cli.Result noKey = Cli.run("masters", "--server", server.address(), "--tls-cert", ops.cert().toString(),
        "--tls-key", missing, "--tls-ca", ops.trustedCa().toString());
    assertEquals(1, noKey.code());
    assertEquals("error: --tls-key " + missing + ": no such file\n", noKey.err());

    Leaf other = certs.leaf("other", ca);
    Cli.Result mismatch = Cli.run("masters", "--server", server.address(), "--tls-cert", ops.cert().toString(),
        "--tls-key", other.key().toString(), "--tls-ca", ops.trustedCa().toString());
    assertEquals(1, mismatch.code());
    assertEquals("error: --tls-key " + other.key() + ": the private key does not belong to the certificate in "
        + "--tls-cert " + ops.cert() + "\n", mismatch.err());
  }
}
