package io.raftsentinel.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code raft-sentinel}: the runnable jar's entry point. Exit codes: 0 ok, 1 error, 2 usage. */
@Command(name = "raft-sentinel", mixinStandardHelpOptions = true, version = "raft-sentinel 0.1.0",
    description = "A Redis Sentinel replacement whose decisions go through Raft.",
    subcommands = {
        RunCommand.class,
        ReadCommands.Status.class,
        ReadCommands.Masters.class,
        ReadCommands.Master.class,
        ReadCommands.Replicas.class,
        ReadCommands.Nodes.class,
        ReadCommands.History.class,
        ChangeCommands.Failover.class,
        ChangeCommands.Switchover.class,
        ChangeCommands.Monitor.class,
        ChangeCommands.Remove.class,
        ChangeCommands.Set.class,
        ChangeCommands.Reset.class,
        ChangeCommands.Pause.class,
        ChangeCommands.Resume.class,
        MembersCommands.class,
        WatchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests set its out/err and call {@code execute}. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("error: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return CommandLine.ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println("error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    });
    return cl;
  }

  /** Without a subcommand: usage on stderr, a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
