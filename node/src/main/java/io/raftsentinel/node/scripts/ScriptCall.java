package io.raftsentinel.node.scripts;

import java.nio.file.Path;
import java.util.List;

/**
 * One script run: the executable, its arguments, and a label for the log (e.g. the event that caused it).
 */
public record ScriptCall(Path script, List<String> args, String cause) {
  public ScriptCall {
    args = List.copyOf(args);
  }
}
