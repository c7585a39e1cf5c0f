package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error form, word for word: operators and scripts read these. */
class ConfigErrorsTest {

  private static final String MINIMAL = ConfigParserTest.MINIMAL;

  private static List<String> errors(String text) {
    return assertThrows(ConfigException.class, () -> ConfigParser.parse("node.conf", text)).errors();
  }

  private static String onlyError(String line) {
    List<String> errors = errors(MINIMAL + line + "\n");
    assertEquals(1, errors.size(), errors.toString());
    return errors.get(0);
  }

  @Test
  void unknownDirectives() {
    assertEquals("node.conf:4: unknown directive 'maxmemory'", onlyError("maxmemory 10mb"));
    assertEquals("node.conf:4: unknown directive 'sentinel rename-command'",
        onlyError("sentinel rename-command m CONFIG GUESS-ME"));
    assertEquals("node.conf:4: sentinel expects a subcommand, e.g. 'sentinel monitor NAME HOST PORT QUORUM'",
        onlyError("sentinel"));
    assertEquals("node.conf:4: unknown directive 'bad\\x07name'", onlyError("\"bad\\aname\""));
  }

  @Test
  void quoting() {
    assertEquals("node.conf:4: unbalanced quotes", onlyError("requirepass \"abc"));
    assertEquals("node.conf:4: unbalanced quotes", onlyError("requirepass 'abc"));
    assertEquals("node.conf:4: a closing quote must be followed by a space or the end of the line",
        onlyError("requirepass \"abc\"def"));
  }

  @Test
  void wrongNumberOfArguments() {
    assertEquals("node.conf:4: port expects PORT, got 0 arguments", onlyError("port"));
    assertEquals("node.conf:4: raft-peer expects ID HOST:PORT, got 1 argument", onlyError("raft-peer n2"));
    assertEquals("node.conf:4: sentinel monitor expects NAME HOST PORT QUORUM, got 3 arguments",
        onlyError("sentinel monitor m 127.0.0.1 6379"));
    assertEquals("node.conf:4: sentinel down-after-milliseconds expects NAME MS, got 1 argument",
        onlyError("sentinel down-after-milliseconds m"));
    assertEquals("node.conf:4: bind expects ADDRESS [ADDRESS ...], got no arguments", onlyError("bind"));
    assertEquals("node.conf:4: requirepass expects PASSWORD, got 2 arguments", onlyError("requirepass a b"));
  }

  @Test
  void badNumbers() {
    assertEquals("node.conf:4: port must be an integer between 1 and 65535, got 'abc'", onlyError("port abc"));
    assertEquals("node.conf:4: port must be an integer between 1 and 65535, got '0'", onlyError("port 0"));
    assertEquals("node.conf:4: grpc-port must be an integer between 1 and 65535, got '70000'",
        onlyError("grpc-port 70000"));
    assertEquals("node.conf:4: metrics-port must be an integer between 0 and 65535, got '-1'",
        onlyError("metrics-port -1"));
    assertEquals("node.conf:4: sentinel announce-port must be an integer between 0 and 65535, got 'x'",
        onlyError("sentinel announce-port x"));
    assertEquals("node.conf:4: raft-election-timeout-min-ms must be a number of milliseconds between 1 and "
        + "2147483647, got '0'", onlyError("raft-election-timeout-min-ms 0"));
    assertEquals("node.conf:4: sentinel ping-period-ms must be a number of milliseconds between 1 and "
        + "2147483647, got '1.5'", onlyError("sentinel ping-period-ms 1.5"));
    // Unicode digits are not digits here
    assertEquals("node.conf:4: port must be an integer between 1 and 65535, got '\u0661\u0662'",
        onlyError("port \u0661\u0662"));
  }

  @Test
  void badMasterLines() {
    assertEquals("node.conf:4: sentinel monitor quorum must be an integer between 1 and 2147483647, got '0'",
        onlyError("sentinel monitor m 127.0.0.1 6379 0"));
    assertEquals("node.conf:4: sentinel monitor port must be an integer between 1 and 65535, got '99999'",
        onlyError("sentinel monitor m 127.0.0.1 99999 2"));
    assertEquals("node.conf:4: sentinel monitor host must be an IP address or hostname of 1 to 255 characters "
        + "without spaces, got ''", onlyError("sentinel monitor m \"\" 6379 2"));
    assertEquals("node.conf:4: sentinel monitor name must be 1 to 256 characters without spaces or control "
        + "characters, got 'a b'", onlyError("sentinel monitor \"a b\" 127.0.0.1 6379 2"));
    assertEquals(List.of("node.conf:5: duplicate master name 'm'"),
        errors(MINIMAL + "sentinel monitor m 127.0.0.1 6379 2\nsentinel monitor m 127.0.0.1 6380 2\n"));
  }

  @Test
  void perMasterDirectiveBeforeItsMonitorLine() {
    assertEquals("node.conf:4: no such master 'x' (declare 'sentinel monitor x ...' first)",
        onlyError("sentinel down-after-milliseconds x 5000"));
    List<String> errors = errors(MINIMAL + "sentinel auth-pass m pw\nsentinel monitor m 127.0.0.1 6379 2\n");
    assertEquals(List.of("node.conf:4: no such master 'm' (declare 'sentinel monitor m ...' first)"), errors);
  }

  @Test
  void badValuesOfPerMasterDirectives() {
    String monitor = "sentinel monitor m 127.0.0.1 6379 2\n";
    assertEquals(List.of("node.conf:5: sentinel down-after-milliseconds must be a number of milliseconds between 1 "
        + "and 2147483647, got '-5'"), errors(MINIMAL + monitor + "sentinel down-after-milliseconds m -5\n"));
    assertEquals(List.of("node.conf:5: sentinel failover-timeout must be a number of milliseconds between 1 and "
        + "2147483647, got '0'"), errors(MINIMAL + monitor + "sentinel failover-timeout m 0\n"));
    assertEquals(List.of("node.conf:5: sentinel parallel-syncs must be an integer between 1 and 2147483647, "
        + "got '0'"), errors(MINIMAL + monitor + "sentinel parallel-syncs m 0\n"));
  }

  @Test
  void aBadMonitorLineDoesNotCascadeIntoNoSuchMaster() {
    assertEquals(List.of("node.conf:4: sentinel monitor quorum must be an integer between 1 and 2147483647, got 'x'"),
        errors(MINIMAL + "sentinel monitor m 127.0.0.1 6379 x\nsentinel down-after-milliseconds m 5000\n"));
  }

  @Test
  void badRaftValues() {
    assertEquals("node.conf:4: raft-address must be HOST:PORT (IPv6 as [ADDRESS]:PORT) with a port between 1 and "
        + "65535, got '::1:9871'", onlyError("raft-address ::1:9871"));
    assertEquals("node.conf:4: raft-peer id must be 1 to 64 characters from A-Z a-z 0-9 . _ -, got 'n/2'",
        onlyError("raft-peer n/2 127.0.0.1:9872"));
    assertEquals("node.conf:4: raft-peer address must be HOST:PORT (IPv6 as [ADDRESS]:PORT) with a port between 1 "
        + "and 65535, got '127.0.0.1'", onlyError("raft-peer n2 127.0.0.1"));
    assertEquals("node.conf:4: raft-dir must be a non-empty path, got ''", onlyError("raft-dir \"\""));
    assertEquals("node.conf:4: raft-dir must be a valid path (Nul character not allowed), got '/a\\x00b'",
        onlyError("raft-dir \"/a\\x00b\""));
  }

  @Test
  void missingRequiredDirectivesAreListedTogether() {
    assertEquals(List.of("node.conf: raft-id is required", "node.conf: raft-address is required",
        "node.conf: raft-dir is required"), errors("# empty\n"));
  }

  @Test
  void aRequiredDirectiveWithABadValueIsReportedOnceAtItsLine() {
    assertEquals(List.of("node.conf:1: raft-id must be 1 to 64 characters from A-Z a-z 0-9 . _ -, got 'a b'"),
        errors("raft-id \"a b\"\nraft-address 127.0.0.1:9871\nraft-dir /tmp/x\n"));
  }

  @Test
  void crossFieldRulesNameTheFile() {
    assertEquals(List.of("node.conf: raft-peer 'n1' has this node's own raft-id; list only the other members"),
        errors(MINIMAL + "raft-peer n1 127.0.0.1:9872\n"));
    assertEquals(List.of("node.conf: raft-peer id 'n2' is listed more than once"),
        errors(MINIMAL + "raft-peer n2 127.0.0.1:9872\nraft-peer n2 127.0.0.1:9873\n"));
    assertEquals(List.of("node.conf: raft address 127.0.0.1:9871 is used by both 'n1' and 'n2'"),
        errors(MINIMAL + "raft-peer n2 127.0.0.1:9871\n"));
    assertEquals(List.of("node.conf: raft-election-timeout-min-ms (600) must be less than "
        + "raft-election-timeout-max-ms (600)"), errors(MINIMAL + "raft-election-timeout-min-ms 600\n"));
    assertEquals(List.of("node.conf: grpc-port and port are both 7000; each listener needs its own port"),
        errors(MINIMAL + "port 7000\ngrpc-port 7000\n"));
  }

  @Test
  void allErrorsOfAFileAreCollectedInOrder() {
    List<String> errors = errors("""
        raft-id n1
        port abc
        frobnicate
        raft-address nowhere
        sentinel parallel-syncs ghost 2
        requirepass "open
        """);
    assertEquals(List.of(
        "node.conf:2: port must be an integer between 1 and 65535, got 'abc'",
        "node.conf:3: unknown directive 'frobnicate'",
        "node.conf:4: raft-address must be HOST:PORT (IPv6 as [ADDRESS]:PORT) with a port between 1 and 65535, "
            + "got 'nowhere'",
        "node.conf:5: no such master 'ghost' (declare 'sentinel monitor ghost ...' first)",
        "node.conf:6: unbalanced quotes",
        "node.conf: raft-dir is required"), errors);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("node.conf", "port 0\n"));
    assertEquals(String.join("\n", e.errors()), e.getMessage());
  }

  @Test
  void longOrControlCharacterInputIsShownSafely() {
    String err = onlyError("port " + "9".repeat(100));
    assertEquals("node.conf:4: port must be an integer between 1 and 65535, got '" + "9".repeat(64) + "...'", err);
  }

  @Test
  void unreadableFilesAreConfigErrors(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.conf");
    assertEquals(List.of(missing + ": no such file"),
        assertThrows(ConfigException.class, () -> ConfigParser.load(missing)).errors());
    Path latin1 = dir.resolve("latin1.conf");
    Files.write(latin1, new byte[] {'p', 'o', 'r', 't', ' ', (byte) 0xe9, '\n'});
    assertEquals(List.of(latin1 + ": not valid UTF-8 text"),
        assertThrows(ConfigException.class, () -> ConfigParser.load(latin1)).errors());
    assertEquals(1, assertThrows(ConfigException.class, () -> ConfigParser.load(dir)).errors().size());
  }
}
