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
        footerHeading = "%nExit codes of deploy, status, history, abort, approve, deny and plan:%n",
        footer = {
            "  0  promoted, or done",
            "  1  rolled back or failed",
            "  2  usage or invalid input",
            "  3  aborted",
            "  4  not found or refused",
            "Each command's --help says what its codes mean for it."
        },
        subcommands = {
            DemoCommand.class,
            InvokeCommand.class,
            ServeCommand.class,
            StatesCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            HistoryCommand.class,
            AbortCommand.class,
            ApproveCommand.class,
            DenyCommand.class,
            PlanCommand.class,
            ReportCommand.class
        })
public final class CutoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
