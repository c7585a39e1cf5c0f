package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {

  private static NodeConfig base() throws ConfigException {
    return ConfigParser.parse("node.conf", ConfigParserTest.INTERFACES_EXAMPLE).config();
  }

  @Test
  void everyOptionReplacesItsDirective() throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("--port", "26380");
    flags.put("--raft-id", "n9");
    flags.put("--grpc-port", "50052");
    flags.put("--metrics-port", "0");
    flags.put("--raft-dir", "/data/n9");
    flags.put("bind", "0.0.0.0");

    NodeConfig c = ConfigOverrides.apply(base(), flags);

    NodeConfig b = base();
    assertEquals(new NodeConfig("n9", b.raftAddress(), b.peers(), Path.of("/data/n9"), b.electionTimeoutMin(),
        b.electionTimeoutMax(), 50052, 0, "0.0.0.0", 26380, b.requirepass(), b.announceIp(), b.announcePort(),
        b.masters()), c);
  }

  @Test
  void noOverridesChangeNothing() throws Exception {
    assertEquals(base(), ConfigOverrides.apply(base(), Map.of()));
  }

  @Test
  void badOptionsAreReportedInTheSameStyleAllAtOnce() {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("--port", "abc");
    flags.put("--grpc-port", "0");
    flags.put("--metrics-port", "65536");
    flags.put("--raft-id", "");
    flags.put("--raft-dir", "");
    flags.put("--bind", "a b");
    flags.put("--verbose", "1");

    ConfigException e = assertThrows(ConfigException.class, () -> ConfigOverrides.apply(base(), flags));

    assertEquals(List.of(
        "--port: must be an integer between 1 and 65535, got 'abc'",
        "--grpc-port: must be an integer between 1 and 65535, got '0'",
        "--metrics-port: must be an integer between 0 and 65535, got '65536'",
        "--raft-id: must be 1 to 64 characters from A-Z a-z 0-9 . _ -, got ''",
        "--raft-dir: must be a non-empty path, got ''",
        "--bind: must be an IP address or hostname of 1 to 255 characters without spaces, got 'a b'",
        "--verbose: unknown option; expected one of --port, --raft-id, --grpc-port, --metrics-port, --raft-dir, "
            + "--bind"), e.errors());
  }

  @Test
  void theResultIsValidatedAgain() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigOverrides.apply(base(), Map.of("--raft-id", "n2")));
    assertEquals(List.of("raft-peer 'n2' has this node's own raft-id; list only the other members"), e.errors());
  }

  @Test
  void overrideErrorsJoinFileErrorsWhenLoadingWithFlags() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigParser.parse("node.conf", "port x\n" + ConfigParserTest.MINIMAL, Map.of("--grpc-port", "y")));
    assertEquals(List.of("node.conf:1: port must be an integer between 1 and 65535, got 'x'",
        "--grpc-port: must be an integer between 1 and 65535, got 'y'"), e.errors());
  }
}
