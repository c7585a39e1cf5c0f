package io.raftsentinel.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgSplitterTest {

  @Test
  void splitsOnAnyWhitespace() throws Exception {
    assertEquals(List.of("port", "26379"), ArgSplitter.split("  port \t 26379\r"));
    assertEquals(List.of(), ArgSplitter.split(" \t "));
  }

  @Test
  void doubleQuotesUnderstandRedisEscapes() throws Exception {
    assertEquals(List.of("requirepass", "a b"), ArgSplitter.split("requirepass \"a b\""));
    assertEquals(List.of("x\ny\rz\tw\\v\"u"), ArgSplitter.split("\"x\\ny\\rz\\tw\\\\v\\\"u\""));
    assertEquals(List.of("AB"), ArgSplitter.split("\"\\x41\\x42\""));
    assertEquals(List.of("\u00e9"), ArgSplitter.split("\"\\xc3\\xa9\""));
    assertEquals(List.of("\b" + (char) 7), ArgSplitter.split("\"\\b\\a\""));
    // an unknown escape, or \x without two hex digits, is the character itself (as in Redis)
    assertEquals(List.of("qxz1"), ArgSplitter.split("\"\\q\\xz1\""));
  }

  @Test
  void singleQuotesOnlyUnderstandEscapedQuote() throws Exception {
    assertEquals(List.of("it's \\n"), ArgSplitter.split("'it\\'s \\n'"));
  }

  @Test
  void quotesMayOpenMidArgumentAndEmptyQuotesGiveEmptyArgument() throws Exception {
    assertEquals(List.of("ab c", "", "d"), ArgSplitter.split("a\"b c\" \"\" 'd'"));
  }

  @Test
  void hashStartsCommentOnlyAtArgumentStart() throws Exception {
    assertEquals(List.of("metrics-port", "9121"), ArgSplitter.split("metrics-port 9121   # 0 turns it off"));
    assertEquals(List.of("requirepass", "pa#ss"), ArgSplitter.split("requirepass pa#ss"));
    assertEquals(List.of("requirepass", "#x"), ArgSplitter.split("requirepass \"#x\""));
    assertEquals(List.of(), ArgSplitter.split("# just a comment"));
  }

  @Test
  void badQuotingIsAnError() {
    for (String line : List.of("a \"b", "a 'b", "\"b\\", "'b\\'")) {
      assertEquals("unbalanced quotes", assertThrows(ValueException.class, () -> ArgSplitter.split(line)).getMessage());
    }
    assertEquals("a closing quote must be followed by a space or the end of the line",
        assertThrows(ValueException.class, () -> ArgSplitter.split("\"a\"b")).getMessage());
    assertEquals("a closing quote must be followed by a space or the end of the line",
        assertThrows(ValueException.class, () -> ArgSplitter.split("'a'b")).getMessage());
  }

  @Test
  void hexEscapesMustSpellUtf8() {
    ValueException e = assertThrows(ValueException.class, () -> ArgSplitter.split("\"\\xff\""));
    assertEquals(true, e.getMessage().startsWith("\\xHH escapes must spell valid UTF-8"), e.getMessage());
  }

  @Test
  void rendererQuotingRoundTrips() throws Exception {
    for (String v : List.of("plain", "", "a b", "#hash", "q\"uote", "sl\\ash", "it's", "tab\there", "nl\n", "\u0001",
        "\u00e9t\u00e9", "x\u007f")) {
      assertEquals(List.of(v), ArgSplitter.split(ConfigRenderer.quote(v)), "value " + Values.printable(v));
    }
  }
}
