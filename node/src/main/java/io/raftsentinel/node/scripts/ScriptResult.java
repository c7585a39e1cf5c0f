package io.raftsentinel.node.scripts;

/**
 * How a script run ended.
 *
 * @param exitCode the process's exit code; -1 unless {@code outcome} is {@link Outcome#EXITED}
 */
public record ScriptResult(ScriptCall call, Outcome outcome, int exitCode, long durationMs) {

  /** EXITED covers every exit code; the others mean the script did not finish on its own. */
  public enum Outcome { EXITED, TIMED_OUT, NOT_STARTED, DROPPED }

  public boolean succeeded() {
    return outcome == Outcome.EXITED && exitCode == 0;
  }
}
