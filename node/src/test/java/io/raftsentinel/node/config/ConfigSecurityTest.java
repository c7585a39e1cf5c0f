package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls-* and log-format directives, and secrets kept out of every rendering. */
class ConfigSecurityTest {
  private static final String MINIMAL = ConfigParserTest.MINIMAL;

  @TempDir
  Path dir;

  private Path file(String name) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    return p;
  }

  private static List<String> errors(String text) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse("node.conf", text)).errors();
  }

  @Test
  void allThreeTlsFilesTurnTlsOn() throws Exception {
    Path cert = file("n1.crt");
    Path key = file("n1.key");
    Path ca = file("ca.crt");
    NodeConfig c = ConfigParser.parse("node.conf", MINIMAL + "tls-cert-file " + cert + "\ntls-key-file " + key
        + "\ntls-ca-cert-file " + ca + "\n").config();
    assertEquals(new TlsFiles(cert, key, ca), c.tls());
    assertTrue(c.tls().enabled());
    String rendered = c.describe();
    assertTrue(rendered.contains("tls-cert-file " + cert + "\n"), rendered);
    assertTrue(rendered.contains("tls-key-file " + key + "\n"), rendered);
    assertTrue(rendered.contains("tls-ca-cert-file " + ca + "\n"), rendered);
    assertEquals(c, ConfigParser.parse("again.conf", rendered).config(), "the rendering parses back");
  }

  @Test
  void withoutTlsDirectivesTlsIsOff() throws Exception {
    NodeConfig c = ConfigParser.parse("node.conf", MINIMAL).config();
    assertEquals(TlsFiles.NONE, c.tls());
    assertFalse(c.tls().enabled());
    assertFalse(c.describe().contains("tls-"));
  }

  @Test
  void aPartialTlsSetIsAnErrorAtItsFirstLine() throws Exception {
    Path cert = file("n1.crt");
    assertEquals(List.of("node.conf:4: tls-cert-file, tls-key-file and tls-ca-cert-file go together; missing "
        + "tls-key-file, tls-ca-cert-file"), errors(MINIMAL + "tls-cert-file " + cert + "\n"));
    Path ca = file("ca.crt");
    assertEquals(List.of("node.conf:5: tls-cert-file, tls-key-file and tls-ca-cert-file go together; missing "
        + "tls-cert-file"), errors(MINIMAL + "# comment\ntls-ca-cert-file " + ca + "\ntls-key-file " + cert + "\n"));
  }

  @Test
  void missingOrUnreadableTlsFilesAreNamed() throws Exception {
    Path cert = file("n1.crt");
    Path ca = file("ca.crt");
    Path missing = dir.resolve("nope.key");
    assertEquals(List.of("node.conf:5: tls-key-file: no such file '" + missing + "'"),
        errors(MINIMAL + "tls-cert-file " + cert + "\ntls-key-file " + missing + "\ntls-ca-cert-file " + ca + "\n"));
    assertEquals(List.of("node.conf:6: tls-ca-cert-file: not a readable file '" + dir + "'"),
        errors(MINIMAL + "tls-cert-file " + cert + "\ntls-key-file " + cert + "\ntls-ca-cert-file " + dir + "\n"));
  }

  @Test
  void logFormat() throws Exception {
    assertEquals(LogFormat.TEXT, ConfigParser.parse("node.conf", MINIMAL).config().logFormat());
    NodeConfig json = ConfigParser.parse("node.conf", MINIMAL + "log-format JSON\n").config();
    assertEquals(LogFormat.JSON, json.logFormat());
    assertTrue(json.describe().contains("log-format json\n"));
    assertEquals(List.of("node.conf:4: log-format must be 'text' or 'json', got 'xml'"),
        errors(MINIMAL + "log-format xml\n"));
    assertEquals(List.of("node.conf:4: log-format expects text|json, got 0 arguments"),
        errors(MINIMAL + "log-format\n"));
  }

  @Test
  void logFormatIsFoundBeforeTheFullParse() throws Exception {
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, MINIMAL + "log-format json\n");
    assertEquals(Optional.of(LogFormat.JSON), LogFormat.declaredIn(conf));
    Files.writeString(conf, MINIMAL + "log-format json\nlog-format \"text\"\nlog-format bad\n");
    assertEquals(Optional.of(LogFormat.TEXT), LogFormat.declaredIn(conf));
    Files.writeString(conf, MINIMAL);
    assertEquals(Optional.empty(), LogFormat.declaredIn(conf));
    assertEquals(Optional.empty(), LogFormat.declaredIn(dir.resolve("missing.conf")));
  }

  @Test
  void secretsAreNeverRendered() throws Exception {
    NodeConfig c = ConfigParser.parse("node.conf", MINIMAL + "requirepass node-s3cret\n"
        + "sentinel monitor m 127.0.0.1 6379 2\nsentinel auth-user m u\nsentinel auth-pass m redis-s3cret\n").config();
    for (String shown : List.of(c.describe(), c.toString())) {
      assertFalse(shown.contains("s3cret"), shown);
      assertTrue(shown.contains("******"), shown);
    }
  }
}
