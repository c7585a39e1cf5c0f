package io.raftsentinel.node.tls;

import java.io.IOException;

/** TLS material that cannot be used; the message names the option and the file. */
public final class TlsException extends IOException {
  private static final long serialVersionUID = 1L;

  TlsException(String message) {
    super(message);
  }

  TlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
