package io.raftsentinel.node.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed input gets Redis's protocol error and closes that connection only. */
class ProtocolErrorTest {
  private RespFixture fixture;

  @BeforeEach
  void start() {
    fixture = new RespFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*abc\\r\\n|invalid multibulk length",
      "*1048577\\r\\n|invalid multibulk length",
      "*1\\r\\nx\\r\\n|expected '$', got 'x'",
      "*1\\r\\n$-5\\r\\n|invalid bulk length",
      "*1\\r\\n$536870913\\r\\n|invalid bulk length",
      "*1\\r\\n$12a\\r\\n|invalid bulk length",
      "PING \"unbalanced\\r\\n|unbalanced quotes in request"})
  void malformedInputClosesOnlyThatConnection(String input, String reason) throws Exception {
    try (RawClient bystander = fixture.client(); RawClient bad = fixture.client()) {
      bad.sendRaw(input.replace("\\r\\n", "\r\n"));
      assertEquals("-ERR Protocol error: " + reason + "\r\n", bad.readRaw());
      assertTrue(bad.closedByServer());
      assertEquals("+PONG\r\n", bystander.call("PING"));
    }
  }

  @Test
  void tooBigInlineRequest() throws Exception {
    try (RawClient bad = fixture.client()) {
      bad.sendRaw("x".repeat(70 * 1024).getBytes(StandardCharsets.US_ASCII));
      assertEquals("-ERR Protocol error: too big inline request\r\n", bad.readRaw());
      assertTrue(bad.closedByServer());
    }
  }

  @Test
  void repliesBeforeTheErrorAreStillSent() throws Exception {
    try (RawClient c = fixture.client()) {
      c.sendRaw("PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n");
      assertEquals("+PONG\r\n", c.readRaw());
      assertEquals("+PONG\r\n", c.readRaw());
      assertEquals("-ERR Protocol error: invalid multibulk length\r\n", c.readRaw());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void commandSplitAcrossManyWritesIsDecoded() throws Exception {
    try (RawClient c = fixture.client()) {
      byte[] cmd = RawClient.encode("SENTINEL", "get-master-addr-by-name", "mymaster").getBytes(StandardCharsets.UTF_8);
      for (byte b : cmd) {
        c.sendRaw(new byte[] {b});
      }
      assertEquals("*2\r\n$9\r\n127.0.0.1\r\n$5\r\n30001\r\n", c.readRaw());
      c.sendRaw("*0\r\n*-1\r\n\r\n\r\nPING\r\n");
      assertEquals("+PONG\r\n", c.readRaw());
    }
  }
}
