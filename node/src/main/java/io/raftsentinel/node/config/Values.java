package io.raftsentinel.node.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Readers for single values. Each takes a label naming the value ({@code port}, {@code sentinel
 * monitor quorum}, {@code --port:}) and throws a {@link ValueException} reading
 * {@code <label> must be ..., got '<input>'}.
 */
final class Values {
  static final int MAX_NAME_LENGTH = 256;
  static final int MAX_HOST_LENGTH = 255;
  static final long MAX_MILLIS = Integer.MAX_VALUE;

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern RAFT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int SHOWN_CHARS = 64;

  private Values() {}

  static int integer(String label, String text, int min, int max) throws ValueException {
    if (INTEGER.matcher(text).matches()) {
      long v = Long.parseLong(text);
      if (v >= min && v <= max) {
        return (int) v;
      }
    }
    throw new ValueException(label + " must be an integer between " + min + " and " + max + ", got " + show(text));
  }

  static int port(String label, String text) throws ValueException {
    return integer(label, text, 1, 65535);
  }

  /** A whole number of milliseconds, 1 .. 2^31-1 (about 24 days), as Sentinel's int-sized fields. */
  static Duration millis(String label, String text) throws ValueException {
    if (INTEGER.matcher(text).matches()) {
      long v = Long.parseLong(text);
      if (v >= 1 && v <= MAX_MILLIS) {
        return Duration.ofMillis(v);
      }
    }
    throw new ValueException(
        label + " must be a number of milliseconds between 1 and " + MAX_MILLIS + ", got " + show(text));
  }

  /** A whole number of bytes, 0 .. 2^62. */
  static long bytes(String label, String text) throws ValueException {
    if (INTEGER.matcher(text).matches()) {
      long v = Long.parseLong(text);
      if (v >= 0 && v <= (1L << 62)) {
        return v;
      }
    }
    throw new ValueException(label + " must be a number of bytes between 0 and " + (1L << 62) + ", got " + show(text));
  }

  /** A fraction between 0 and 1 inclusive, e.g. 0.5. */
  static double fraction(String label, String text) throws ValueException {
    if (text.matches("(0|1)(\\.[0-9]{1,6})?|\\.[0-9]{1,6}")) {
      double v = Double.parseDouble(text);
      if (v >= 0 && v <= 1) {
        return v;
      }
    }
    throw new ValueException(label + " must be a fraction between 0 and 1 such as 0.5, got " + show(text));
  }

  static String raftId(String label, String text) throws ValueException {
    if (!RAFT_ID.matcher(text).matches()) {
      throw new ValueException(label + " must be 1 to 64 characters from A-Z a-z 0-9 . _ -, got " + show(text));
    }
    return text;
  }

  /** Same rule as the state machine: events are space-separated text, so no spaces or control chars. */
  static String masterName(String label, String text) throws ValueException {
    if (text.isEmpty() || text.length() > MAX_NAME_LENGTH || !printableNoSpace(text)) {
      throw new ValueException(label + " must be 1 to " + MAX_NAME_LENGTH
          + " characters without spaces or control characters, got " + show(text));
    }
    return text;
  }

  static String host(String label, String text) throws ValueException {
    if (text.isEmpty() || text.length() > MAX_HOST_LENGTH || !printableNoSpace(text)) {
      throw new ValueException(label + " must be an IP address or hostname of 1 to " + MAX_HOST_LENGTH
          + " characters without spaces, got " + show(text));
    }
    return text;
  }

  /** {@code HOST:PORT}, or {@code [IPV6]:PORT}; a bare IPv6 literal is ambiguous and refused. */
  static HostPort hostPort(String label, String text) throws ValueException {
    String expected = label + " must be HOST:PORT (IPv6 as [ADDRESS]:PORT) with a port between 1 and 65535, got "
        + show(text);
    String host;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new ValueException(expected);
      }
      host = text.substring(1, close);
      portText = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw new ValueException(expected);
      }
      host = text.substring(0, colon);
      portText = text.substring(colon + 1);
    }
    if (host.isEmpty() || host.length() > MAX_HOST_LENGTH || !printableNoSpace(host)
        || !INTEGER.matcher(portText).matches()) {
      throw new ValueException(expected);
    }
    long port = Long.parseLong(portText);
    if (port < 1 || port > 65535) {
      throw new ValueException(expected);
    }
    return new HostPort(host, (int) port);
  }

  static Path path(String label, String text) throws ValueException {
    if (!text.isEmpty()) {
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        throw new ValueException(label + " must be a valid path (" + e.getReason() + "), got " + show(text));
      }
    }
    throw new ValueException(label + " must be a non-empty path, got " + show(text));
  }

  /** The input as shown in an error: single-quoted, control characters escaped, long input cut. */
  static String show(String text) {
    return "'" + printable(text) + "'";
  }

  /** The input with control characters escaped and long input cut, safe to put in a log line. */
  static String printable(String text) {
    StringBuilder b = new StringBuilder();
    int limit = Math.min(text.length(), SHOWN_CHARS);
    if (limit > 0 && limit < text.length() && Character.isHighSurrogate(text.charAt(limit - 1))) {
      limit--; // never cut a character in half
    }
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (c < ' ' || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (text.length() > SHOWN_CHARS) {
      b.append("...");
    }
    return b.toString();
  }

  private static boolean printableNoSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
