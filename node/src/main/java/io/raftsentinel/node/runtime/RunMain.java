package io.raftsentinel.node.runtime;

import io.raftsentinel.node.config.ConfigOverrides;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal process entry point, {@code RunMain --config FILE [--port N ...]}, used by {@code bin/demo}
 * and the Docker image until the full CLI ({@code io.raftsentinel.node.cli.Main run}) replaces it.
 * Accepts the same override flags as the config ({@link ConfigOverrides#OPTIONS}).
 */
public final class RunMain {
  private RunMain() {}

  public static void main(String[] args) {
    Path config = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println(usage());
        return;
      }
      if (i + 1 >= args.length) {
        fail(a + " expects a value");
      }
      String value = args[++i];
      if (a.equals("--config")) {
        config = Path.of(value);
      } else if (ConfigOverrides.OPTIONS.contains(a)) {
        overrides.put(a, value);
      } else {
        fail("unknown option '" + a + "'");
      }
    }
    if (config == null) {
      fail("--config FILE is required");
    }
    int code = NodeLauncher.run(config, overrides);
    // On a normal stop the JVM is already shutting down (SIGTERM); exit() would only block.
    if (code != 0) {
      System.exit(code);
    }
  }

  private static String usage() {
    return "usage: RunMain --config FILE [" + String.join(" N] [", ConfigOverrides.OPTIONS) + " N]";
  }

  private static void fail(String message) {
    System.err.println("error: " + message);
    System.err.println(usage());
    System.exit(2);
  }
}
