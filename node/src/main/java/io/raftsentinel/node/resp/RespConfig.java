package io.raftsentinel.node.resp;

/**
 * Settings of the RESP endpoint.
 *
 * @param bind the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, 0 for any free one (see {@link RespServer#port()})
 * @param requirepass the password clients must AUTH with; null or empty for none
 * @param announceIp the address this node advertises (SENTINEL CONFIG GET announce-ip); "" for none
 * @param announcePort the port this node advertises, 0 for none
 */
public record RespConfig(String bind, int port, String requirepass, String announceIp, int announcePort) {

  public RespConfig {
    if (bind == null || bind.isBlank()) {
      throw new IllegalArgumentException("bind address is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
    if (announcePort < 0 || announcePort > 65535) {
      throw new IllegalArgumentException("announce port " + announcePort + " is outside 0..65535");
    }
    requirepass = requirepass == null ? "" : requirepass;
    announceIp = announceIp == null ? "" : announceIp;
  }

  public boolean authRequired() {
    return !requirepass.isEmpty();
  }

  /** Secrets are never printed. */
  @Override
  public String toString() {
    return "RespConfig[bind=" + bind + ", port=" + port + ", requirepass=" + (authRequired() ? "******" : "")
        + ", announceIp=" + announceIp + ", announcePort=" + announcePort + "]";
  }
}
