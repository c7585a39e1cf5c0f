package io.raftsentinel.node.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * The level of each logger, from slf4j-simple's settings so that both formats obey the same knobs:
 * {@code org.slf4j.simpleLogger.defaultLogLevel} and {@code org.slf4j.simpleLogger.log.<prefix>}, as
 * system properties or in {@code simplelogger.properties} on the class path (system properties win).
 * The most specific prefix wins. A level of {@code off} silences a logger (returned as null).
 */
final class LogLevels {
  static final String DEFAULT_KEY = "org.slf4j.simpleLogger.defaultLogLevel";
  static final String LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";

  private final Properties properties;

  LogLevels(Properties properties) {
    this.properties = properties;
  }

  /** From {@code simplelogger.properties} (if any) overlaid with the system properties. */
  static LogLevels fromEnvironment() {
    Properties p = new Properties();
    try (InputStream in = LogLevels.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no file: defaults only
    }
    for (String key : System.getProperties().stringPropertyNames()) {
      p.setProperty(key, System.getProperty(key));
    }
    return new LogLevels(p);
  }

  /** The threshold for {@code logger}: events below it are dropped; null means off. */
  Level threshold(String logger) {
    String name = logger;
    while (true) {
      String v = properties.getProperty(LOGGER_PREFIX + name);
      if (v != null) {
        return parse(v);
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0) {
        break;
      }
      name = name.substring(0, dot);
    }
    return parse(properties.getProperty(DEFAULT_KEY, "info"));
  }

  private static Level parse(String v) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "warn" -> Level.WARN;
      case "error" -> Level.ERROR;
      case "off" -> null;
      default -> Level.INFO;
    };
  }
}
