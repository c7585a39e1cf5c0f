package io.raftsentinel.node.cli;

/** A failure to report as one {@code error: ...} line with exit code 1. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
