package io.raftsentinel.node.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a node config file in Redis {@code sentinel.conf} syntax (see {@link ArgSplitter} for quoting;
 * directives are case-insensitive; {@code #} starts a comment) into a validated {@link NodeConfig}.
 * Never throws anything but {@link ConfigException}, which lists every error found, in file order:
 * line errors as {@code FILE:LINE: ...}, then rule violations as {@code FILE: ...}. Stateless and
 * thread-safe.
 */
public final class ConfigParser {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigParser.class);

  private ConfigParser() {}

  /** Reads, parses and validates {@code file}. */
  public static NodeConfig load(Path file) throws ConfigException {
    return load(file, Map.of());
  }

  /** Reads and parses {@code file}, applies {@link ConfigOverrides} flags, then validates the result. */
  public static NodeConfig load(Path file, Map<String, String> overrides) throws ConfigException {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(name + ": permission denied", e);
    } catch (MalformedInputException e) {
      throw new ConfigException(name + ": not valid UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read: " + e, e);
    }
    return parse(name, text, overrides).config();
  }

  /** Parses and validates {@code text}; {@code fileName} prefixes every error. */
  public static ParsedConfig parse(String fileName, String text) throws ConfigException {
    return parse(fileName, text, Map.of());
  }

  /**
   * Parses {@code text}, applies the overrides, validates, and logs at INFO which directives were
   * ignored.
   */
  public static ParsedConfig parse(String fileName, String text, Map<String, String> overrides)
      throws ConfigException {
    List<String> errors = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    ConfigBuilder builder = new ConfigBuilder();
    // A byte-order mark (some Windows editors write one) is not part of the first directive.
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String[] lines = body.split("\n", -1);
    String firstTlsLine = null;
    boolean tlsLine = false;
    boolean tlsLineFailed = false;
    for (int i = 0; i < lines.length; i++) {
      String where = fileName + ":" + (i + 1) + ": ";
      try {
        List<String> args = ArgSplitter.split(lines[i]);
        tlsLine = !args.isEmpty() && args.get(0).toLowerCase(Locale.ROOT).startsWith("tls-");
        if (tlsLine && firstTlsLine == null) {
          firstTlsLine = where;
        }
        if (!args.isEmpty()) {
          String skipped = builder.apply(args);
          if (skipped != null) {
            ignored.add(where + skipped);
          }
        }
      } catch (ValueException e) {
        errors.add(where + e.getMessage());
        tlsLineFailed |= tlsLine;
      }
      tlsLine = false;
    }
    NodeConfig config = ConfigOverrides.apply(builder.build(), overrides, errors);
    for (String violation : config.violations()) {
      // A required directive that was present but bad has already been reported at its line.
      boolean reported = builder.seen().stream().anyMatch(d -> violation.equals(ConfigValidator.required(d)));
      if (!reported) {
        boolean tlsViolation = violation.startsWith(ConfigValidator.TLS_INCOMPLETE);
        if (tlsViolation && tlsLineFailed) {
          continue; // a tls-* line with a bad value is already reported; the set is not also "partial"
        }
        errors.add((tlsViolation && firstTlsLine != null ? firstTlsLine : fileName + ": ") + violation);
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    if (!ignored.isEmpty()) {
      LOG.info("{}: ignored {} Sentinel directive(s) that have no meaning for raft-sentinel: {}", fileName,
          ignored.size(), ignored);
    }
    return new ParsedConfig(config, ignored);
  }
}
