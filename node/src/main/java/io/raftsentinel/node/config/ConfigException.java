package io.raftsentinel.node.config;

import java.util.List;

/**
 * Everything wrong with a configuration, one error per entry, in file order (for example
 * {@code node.conf:7: port must be an integer between 1 and 65535, got 'abc'}). The message is the
 * errors joined by newlines, ready to print before exiting.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> errors;

  public ConfigException(List<String> errors) {
    super(String.join("\n", requireSome(errors)));
    this.errors = List.copyOf(errors);
  }

  public ConfigException(String error, Throwable cause) {
    super(error, cause);
    this.errors = List.of(error);
  }

  /** The individual errors, never empty. */
  public List<String> errors() {
    return errors;
  }

  private static List<String> requireSome(List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    return errors;
  }
}
