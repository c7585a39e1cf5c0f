package io.raftsentinel.node.logging;

import io.raftsentinel.node.config.LogFormat;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Chooses the log format before the first logger exists. SLF4J binds its provider once, at the first
 * {@code LoggerFactory} call, so {@link #select} must run before anything logs; afterwards
 * {@link #active()} tells which format is really in use.
 */
public final class LogSetup {
  static final String PROVIDER_PROPERTY = "slf4j.provider";
  private static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  private LogSetup() {}

  /**
   * The format to use: the environment variable {@value LogFormat#ENV} when it names one, else the
   * config file's {@code log-format}, else text.
   */
  public static LogFormat choose(String env, Optional<LogFormat> fromConfig) {
    return LogFormat.parse(env).or(() -> fromConfig).orElse(LogFormat.TEXT);
  }

  /**
   * Points SLF4J at the JSON provider for {@link LogFormat#JSON} (unless a provider was already
   * chosen with {@code -Dslf4j.provider}); text needs nothing. Call before the first logger is made.
   */
  public static void select(LogFormat format) {
    if (format == LogFormat.JSON && System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, JsonLogProvider.class.getName());
      // SLF4J otherwise prints a plain-text line about the explicit provider before the first JSON one.
      if (System.getProperty(VERBOSITY_PROPERTY) == null) {
        System.setProperty(VERBOSITY_PROPERTY, "WARN");
      }
    }
  }

  /** The format SLF4J is actually bound to (binding it now if it was not yet). */
  public static LogFormat active() {
    return LoggerFactory.getILoggerFactory().getLogger(LogSetup.class.getName()) instanceof JsonLogger
        ? LogFormat.JSON : LogFormat.TEXT;
  }
}
