package io.raftsentinel.node.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys with the JDK alone. Keys: PKCS#8 ({@code BEGIN PRIVATE KEY},
 * RSA, EC or Ed25519) and PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}). Every error names the file and
 * the option it came from.
 */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private PemFiles() {}

  /** The certificates in the file, in file order; at least one. */
  static List<X509Certificate> certificates(String label, Path file) throws TlsException {
    String text = read(label, file);
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(text)) {
        if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new TlsException(where(label, file) + ": not a valid PEM certificate: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new TlsException(where(label, file) + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
    }
    return out;
  }

  /** The one private key in the file. */
  static PrivateKey privateKey(String label, Path file) throws TlsException {
    String text = read(label, file);
    for (Block b : blocks(text)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(label, file, b.der());
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(label, file, wrapRsa(b.der()));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new TlsException(where(label, file)
            + ": the key is encrypted; give an unencrypted key (openssl pkcs8 -topk8 -nocrypt -in KEY -out NEW)");
        case "EC PRIVATE KEY" -> throw new TlsException(where(label, file)
            + ": SEC1 EC keys are not supported; convert to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in KEY -out NEW)");
        default -> {
          // certificates or parameters next to the key: skip
        }
      }
    }
    throw new TlsException(where(label, file) + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in the file");
  }

  static String where(String label, Path file) {
    return label + " " + file;
  }

  private static String read(String label, Path file) throws TlsException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new TlsException(where(label, file) + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new TlsException(where(label, file) + ": permission denied", e);
    } catch (IOException e) {
      throw new TlsException(where(label, file) + ": cannot read: " + e.getMessage(), e);
    }
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
    }
    return out;
  }

  private static PrivateKey pkcs8(String label, Path file, byte[] der) throws TlsException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new TlsException(where(label, file) + ": unsupported or malformed private key (RSA, EC and Ed25519 "
        + "in PKCS#8 are supported)");
  }

  /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: SEQUENCE { 0, rsaEncryption, OCTET STRING }. */
  private static byte[] wrapRsa(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.write(0x04);
    body.writeBytes(derLength(pkcs1.length));
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.writeBytes(derLength(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] derLength(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }
}
