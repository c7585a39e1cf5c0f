package io.raftsentinel.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags that override config directives: {@code --port}, {@code --raft-id},
 * {@code --grpc-port}, {@code --metrics-port}, {@code --raft-dir}, {@code --bind}. Keys may be given
 * with or without the leading {@code --}. Errors read like {@code --port: must be an integer between 1
 * and 65535, got 'abc'}.
 */
public final class ConfigOverrides {

  /** The options understood, in the order they are documented. */
  public static final List<String> OPTIONS =
      List.of("--port", "--raft-id", "--grpc-port", "--metrics-port", "--raft-dir", "--bind");

  private ConfigOverrides() {}

  /**
   * Applies the overrides (in the map's iteration order) and validates the result.
   *
   * @throws ConfigException listing every bad option and every violation of the resulting config
   */
  public static NodeConfig apply(NodeConfig base, Map<String, String> overrides) throws ConfigException {
    List<String> errors = new ArrayList<>();
    NodeConfig result = apply(base, overrides, errors);
    errors.addAll(result.violations());
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return result;
  }

  /** Applies what it can, adding one error per bad option; does not validate. */
  static NodeConfig apply(NodeConfig base, Map<String, String> overrides, List<String> errors) {
    NodeConfig c = base;
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = e.getKey() == null ? "" : e.getKey();
      String option = key.startsWith("--") ? key : "--" + key;
      String label = option + ":";
      String value = e.getValue() == null ? "" : e.getValue();
      try {
        c = switch (option) {
          case "--port" -> c.withPort(Values.port(label, value));
          case "--raft-id" -> c.withRaftId(Values.raftId(label, value));
          case "--grpc-port" -> c.withGrpcPort(Values.port(label, value));
          case "--metrics-port" -> c.withMetricsPort(Values.integer(label, value, 0, 65535));
          case "--raft-dir" -> c.withRaftDir(Values.path(label, value));
          case "--bind" -> c.withBind(Values.host(label, value));
          default -> throw new ValueException(
              Values.printable(option) + ": unknown option; expected one of " + String.join(", ", OPTIONS));
        };
      } catch (ValueException ex) {
        errors.add(ex.getMessage());
      }
    }
    return c;
  }
}
