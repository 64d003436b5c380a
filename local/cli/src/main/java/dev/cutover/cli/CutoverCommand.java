package dev.cutover.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cutover}: the top-level command; each area of the tool is a subcommand. */
@Command(
        name = "cutover",
        mixinStandardHelpOptions = true,
        version = "cutover 0.1.0",
        description = "Blue/green deployments on AWS, and the tools to run them locally.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {DemoCommand.class, InvokeCommand.class, ServeCommand.class, StatesCommand.class})
public final class CutoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
