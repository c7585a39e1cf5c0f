package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void parsesHostnamesIpv4AndBracketedIpv6() {
    assertEquals(new HostPort("127.0.0.1", 9871), HostPort.parse("127.0.0.1:9871"));
    assertEquals(new HostPort("node-2.example", 1), HostPort.parse("node-2.example:1"));
    assertEquals(new HostPort("::1", 9871), HostPort.parse("[::1]:9871"));
    assertEquals(new HostPort("fe80::1%eth0", 65535), HostPort.parse("[fe80::1%eth0]:65535"));
  }

  @Test
  void printsWhatItParses() {
    assertEquals("[::1]:9871", HostPort.parse("[::1]:9871").toString());
    assertEquals("10.0.0.1:80", HostPort.parse("10.0.0.1:80").toString());
  }

  @Test
  void refusesWhatIsNotHostColonPort() {
    for (String bad : new String[] {"", "host", "host:", ":80", "host:0", "host:65536", "host:-1", "host:8o",
        "::1:9871", "[::1]", "[::1]9871", "[::1:9871", "[]:80", "a b:80", "host:99999999999999999999"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
      assertEquals("address must be HOST:PORT (IPv6 as [ADDRESS]:PORT) with a port between 1 and 65535, got '"
          + bad + "'", e.getMessage());
    }
  }
}
