package io.raftsentinel.node.runtime;

import io.raftsentinel.node.config.ConfigException;
import io.raftsentinel.node.config.ConfigParser;
import io.raftsentinel.node.config.LogFormat;
import io.raftsentinel.node.config.NodeConfig;
import io.raftsentinel.node.logging.LogSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code raft-sentinel run}: loads the config, starts the node, waits for SIGTERM. */
public final class NodeLauncher {

  private NodeLauncher() {}

  /**
   * Runs a node until the process is asked to stop (SIGTERM/SIGINT close it in order). Returns the
   * process exit code: 1 when the configuration is invalid or the node could not start. Never calls
   * System.exit itself.
   */
  public static int run(Path configFile, Map<String, String> overrides) {
    return run(configFile, overrides, NodeOptions.DEFAULTS);
  }

  /** As {@link #run(Path, Map)}, with options an embedder injects (tests: a wall clock they step, routes
   * through a proxy, fault hooks). */
  public static int run(Path configFile, Map<String, String> overrides, NodeOptions options) {
    // Before the first logger: SLF4J binds its output format once.
    LogFormat format = LogSetup.choose(System.getenv(LogFormat.ENV), LogFormat.declaredIn(configFile));
    LogSetup.select(format);
    Logger log = LoggerFactory.getLogger(NodeLauncher.class);
    NodeConfig config;
    try {
      config = ConfigParser.load(configFile, overrides);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    if (LogSetup.active() != format) {
      log.warn("log-format {} is not in effect: logging was bound before the config was read", format
          .directiveValue());
    }
    log.info("Effective configuration:\n{}", config.describe());
    SentinelNode node;
    try {
      node = SentinelNode.start(config, options);
    } catch (IOException | RuntimeException e) {
      System.err.println("error: node " + config.raftId() + " could not start: " + RaftStatusReader.rootMessage(e));
      log.error("Start-up failed", e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Shutting down node {}", config.raftId());
      node.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
