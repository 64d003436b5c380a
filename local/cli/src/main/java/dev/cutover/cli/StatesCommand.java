package dev.cutover.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cutover states}: Amazon States Language tools (the in-process engine). */
@Command(
        name = "states",
        mixinStandardHelpOptions = true,
        description = "Run Amazon States Language state machines in-process.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {StatesRunCommand.class, StatesTestStateCommand.class})
public final class StatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
