package io.raftsentinel.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the node writes its log: {@code text} (human-readable lines, the default) or {@code json}
 * (one JSON object per line). Set by the {@code log-format} directive; the environment variable
 * {@value #ENV} overrides it.
 */
public enum LogFormat {
  TEXT, JSON;

  /** Environment variable that overrides the {@code log-format} directive. */
  public static final String ENV = "RAFT_SENTINEL_LOG_FORMAT";

  /** {@code text} or {@code json}, any case; empty when it is neither. */
  public static Optional<LogFormat> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  /**
   * The {@code log-format} declared in a config file (the last valid one), read before logging starts
   * so the first log line already has the right format. Anything unreadable or malformed is ignored
   * here: the full parse reports it.
   */
  public static Optional<LogFormat> declaredIn(Path configFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(configFile);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    Optional<LogFormat> found = Optional.empty();
    for (String line : lines) {
      try {
        List<String> args = ArgSplitter.split(line);
        if (args.size() == 2 && args.get(0).equalsIgnoreCase("log-format")) {
          Optional<LogFormat> f = parse(args.get(1));
          found = f.isPresent() ? f : found;
        }
      } catch (ValueException e) {
        // reported by the full parse
      }
    }
    return found;
  }

  /** The directive's spelling. */
  public String directiveValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
