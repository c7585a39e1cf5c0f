package io.raftsentinel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throw-away certificates made at test time with the {@code openssl} command line: certificate
 * authorities and leaf certificates (EC P-256, PEM, PKCS#8 keys) valid for two days, each leaf usable
 * as server and client with {@code SAN IP:127.0.0.1, DNS:localhost}. Tests call {@link #available()}
 * first and skip with that reason when openssl is missing. {@link #close()} deletes everything.
 */
public final class TestCerts implements AutoCloseable {
  private static final String OPENSSL = System.getProperty("openssl", "openssl");

  private final Path dir;

  /** A CA's files. */
  public record Ca(String name, Path cert, Path key) {}

  /** A leaf certificate, its key, and the CA file to trust alongside it. */
  public record Leaf(String name, Path cert, Path key, Path trustedCa) {
    /** The three config lines of a node using this identity. */
    public List<String> configLines() {
      return List.of("tls-cert-file " + cert, "tls-key-file " + key, "tls-ca-cert-file " + trustedCa);
    }
  }

  public TestCerts() {
    try {
      dir = Files.createTempDirectory("test-certs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when {@code openssl version} runs. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder(OPENSSL, "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Path dir() {
    return dir;
  }

  /** A self-signed CA named {@code name}. */
  public Ca ca(String name) {
    Path key = dir.resolve(name + ".key");
    Path cert = dir.resolve(name + ".crt");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new Ca(name, cert, key);
  }

  /** A leaf named {@code name} signed by {@code issuer}, trusting {@code issuer}. */
  public Leaf leaf(String name, Ca issuer) {
    return leaf(name, issuer, issuer);
  }

  /** A leaf named {@code name} signed by {@code issuer}, trusting {@code trusted}. */
  public Leaf leaf(String name, Ca issuer, Ca trusted) {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".crt");
    Path ext = dir.resolve(name + ".ext");
    try {
      Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
          + "extendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n",
          StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
    openssl("x509", "-req", "-in", csr.toString(), "-CA", issuer.cert().toString(), "-CAkey",
        issuer.key().toString(), "-set_serial", Long.toString(System.nanoTime() & Long.MAX_VALUE), "-days", "2",
        "-extfile", ext.toString(), "-out", cert.toString());
    return new Leaf(name, cert, key, trusted.cert());
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }

  /** Runs {@code openssl ARGS...} in {@link #dir()}; fails with its output when it exits non-zero. */
  public void openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(OPENSSL);
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + OPENSSL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running openssl", e);
    }
  }
}
