package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** requirepass: NOAUTH until AUTH, WRONGPASS, HELLO with AUTH (SPEC §1.1, A.8). */
class AuthTest {
  private RespFixture fixture;

  @BeforeEach
  void start() {
    fixture = new RespFixture("s3cret");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void commandsNeedAuthentication() throws Exception {
    try (RawClient c = fixture.client()) {
      assertEquals("-NOAUTH Authentication required.\r\n", c.call("PING"));
      assertEquals("-NOAUTH Authentication required.\r\n", c.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
      assertEquals("-NOAUTH Authentication required.\r\n", c.call("SUBSCRIBE", "+switch-master"));
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", c.call("AUTH", "wrong"));
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
          c.call("AUTH", "someone", "s3cret"));
      assertEquals("-ERR syntax error\r\n", c.call("AUTH", "a", "b", "c"));
      assertEquals("+OK\r\n", c.call("AUTH", "s3cret"));
      assertEquals("+PONG\r\n", c.call("PING"));
    }
    try (RawClient c = fixture.client()) {
      assertEquals("+OK\r\n", c.call("AUTH", "default", "s3cret"));
      assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n",
          c.call("SENTINEL", "get-master-addr-by-name", "mymaster"));
    }
  }

  @Test
  void helloAuthenticatesAndSwitches() throws Exception {
    try (RawClient c = fixture.client()) {
      assertTrue(c.call("HELLO", "3").startsWith("-NOAUTH HELLO must be called with the client already authenticated"));
      assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
          c.call("HELLO", "3", "AUTH", "default", "nope"));
      assertEquals("-ERR Syntax error in HELLO option 'bogus'\r\n", c.call("HELLO", "3", "bogus"));
      String hello = c.call("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "lettuce");
      assertTrue(hello.startsWith("%6\r\n"), hello);
      assertEquals("$7\r\nlettuce\r\n", c.call("CLIENT", "GETNAME"));
      assertEquals("+PONG\r\n", c.call("PING"));
    }
  }

  @Test
  void quitNeedsNoAuthenticationAndUnknownCommandsComeFirst() throws Exception {
    try (RawClient c = fixture.client()) {
      // Redis checks the command table before authentication.
      assertEquals("-ERR unknown command 'GET', with args beginning with: 'k' \r\n", c.call("GET", "k"));
      assertEquals("+OK\r\n", c.call("QUIT"));
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void unauthenticatedClientsCannotSendLargeRequests() throws Exception {
    try (RawClient c = fixture.client()) {
      c.sendRaw("*11\r\n");
      assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", c.readRaw());
      assertTrue(c.closedByServer());
    }
  }
}
