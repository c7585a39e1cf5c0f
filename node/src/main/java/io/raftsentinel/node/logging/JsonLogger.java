package io.raftsentinel.node.logging;

import java.io.PrintStream;
import java.time.Clock;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that writes each enabled event as one {@link JsonLine} to standard error. Thread-safe. */
final class JsonLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final transient Level threshold;
  private final transient Clock clock;
  private final transient PrintStream out;

  JsonLogger(String name, Level threshold, Clock clock, PrintStream out) {
    this.name = name;
    this.threshold = threshold;
    this.clock = clock;
    this.out = out;
  }

  private boolean enabled(Level level) {
    return threshold != null && level.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable error) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    String line = JsonLine.render(clock.instant(), level.name(), name, Thread.currentThread().getName(), message,
        error);
    // One println per event: PrintStream serialises it, so lines from different threads never interleave.
    out.println(line);
  }
}
