package io.raftsentinel.node.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One log event as one line of JSON: {@code {"time":..., "level":..., "logger":..., "thread":...,
 * "message":...}} plus {@code "exception"} (the stack trace) when there is one. Keys always in this
 * order; no line breaks inside the line. Pure and thread-safe.
 */
final class JsonLine {
  private JsonLine() {}

  static String render(Instant time, String level, String logger, String thread, String message, Throwable error) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"time\":");
    string(b, time.toString());
    b.append(",\"level\":");
    string(b, level);
    b.append(",\"logger\":");
    string(b, logger);
    b.append(",\"thread\":");
    string(b, thread);
    b.append(",\"message\":");
    string(b, message == null ? "" : message);
    if (error != null) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      b.append(",\"exception\":");
      string(b, trace.toString().stripTrailing());
    }
    return b.append('}').toString();
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
