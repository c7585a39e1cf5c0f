package io.raftsentinel.node.config;

/**
 * One bad value or line, with a message saying what was expected; the caller prefixes where it came
 * from ({@code FILE:LINE:} or {@code --option:}). Carries no stack trace: it is an expected outcome.
 */
final class ValueException extends Exception {
  private static final long serialVersionUID = 1L;

  ValueException(String message) {
    super(message, null, false, false);
  }
}
