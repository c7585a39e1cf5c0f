package io.raftsentinel.node.config;

import java.util.List;
import java.util.Objects;

/**
 * A parsed and validated config plus the Sentinel directives that were accepted but ignored, each as
 * {@code FILE:LINE: directive} (for example {@code sentinel.conf:3: daemonize}).
 */
public record ParsedConfig(NodeConfig config, List<String> ignored) {

  public ParsedConfig {
    Objects.requireNonNull(config, "config");
    ignored = List.copyOf(ignored);
  }
}
