package io.raftsentinel.node.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one config line into arguments the way Redis's {@code sdssplitargs} does: whitespace
 * separates; {@code "..."} understands {@code \n \r \t \b \a \\ \" \xHH} (any other escaped character
 * stands for itself); {@code '...'} understands only {@code \'}; a quote may open mid-argument
 * ({@code a"b c"} is {@code ab c}); a closing quote must be followed by whitespace or the end.
 * Unlike Redis, an unquoted argument starting with {@code #} begins a comment running to the end of
 * the line, so directives can carry trailing comments.
 */
final class ArgSplitter {

  private final String line;
  private int pos;

  private ArgSplitter(String line) {
    this.line = line;
  }

  static List<String> split(String line) throws ValueException {
    return new ArgSplitter(line).all();
  }

  private List<String> all() throws ValueException {
    List<String> args = new ArrayList<>();
    while (true) {
      while (pos < line.length() && isSpace(line.charAt(pos))) {
        pos++;
      }
      if (pos >= line.length() || line.charAt(pos) == '#') {
        return args;
      }
      args.add(next());
    }
  }

  private String next() throws ValueException {
    Arg arg = new Arg();
    while (pos < line.length()) {
      char c = line.charAt(pos);
      if (isSpace(c)) {
        break;
      }
      pos++;
      if (c == '"') {
        doubleQuoted(arg);
      } else if (c == '\'') {
        singleQuoted(arg);
      } else {
        arg.append(c);
      }
    }
    return arg.finish();
  }

  private void doubleQuoted(Arg arg) throws ValueException {
    while (pos < line.length()) {
      char c = line.charAt(pos);
      if (c == '\\' && pos + 3 < line.length() && line.charAt(pos + 1) == 'x'
          && isHex(line.charAt(pos + 2)) && isHex(line.charAt(pos + 3))) {
        arg.appendByte(Integer.parseInt(line.substring(pos + 2, pos + 4), 16));
        pos += 4;
      } else if (c == '\\' && pos + 1 < line.length()) {
        arg.append(unescape(line.charAt(pos + 1)));
        pos += 2;
      } else if (c == '"') {
        pos++;
        requireSeparator();
        return;
      } else {
        arg.append(c);
        pos++;
      }
    }
    throw new ValueException("unbalanced quotes");
  }

  private void singleQuoted(Arg arg) throws ValueException {
    while (pos < line.length()) {
      char c = line.charAt(pos);
      if (c == '\\' && pos + 1 < line.length() && line.charAt(pos + 1) == '\'') {
        arg.append('\'');
        pos += 2;
      } else if (c == '\'') {
        pos++;
        requireSeparator();
        return;
      } else {
        arg.append(c);
        pos++;
      }
    }
    throw new ValueException("unbalanced quotes");
  }

  private void requireSeparator() throws ValueException {
    if (pos < line.length() && !isSpace(line.charAt(pos))) {
      throw new ValueException("a closing quote must be followed by a space or the end of the line");
    }
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> (char) 7;
      default -> c;
    };
  }

  /** C's isspace. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Characters plus runs of {@code \xHH} bytes, which must spell UTF-8 since values become Java strings. */
  private static final class Arg {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void append(char c) throws ValueException {
      flushBytes();
      text.append(c);
    }

    void appendByte(int b) {
      bytes.write(b);
    }

    String finish() throws ValueException {
      flushBytes();
      return text.toString();
    }

    private void flushBytes() throws ValueException {
      if (bytes.size() == 0) {
        return;
      }
      try {
        text.append(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes.toByteArray())));
      } catch (CharacterCodingException e) {
        throw new ValueException("\\xHH escapes must spell valid UTF-8 (" + e.getMessage() + ")");
      }
      bytes.reset();
    }
  }
}
