package dev.cutover.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover history}: a service's deployments from the ledger, newest first. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List a service's deployments, newest first: id, status, start, duration, the stages reached with "
                    + "their last verdicts, and the reason it ended.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:usage", "4:the ledger has no deployment of the service, or AWS refused"})
final class HistoryCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service.")
    String service;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            description = "At most N deployments (default 20).")
    int limit;

    @Override
    int precheck() {
        return limit < 1 ? fail(ExitCode.USAGE, "--limit must be at least 1, got " + limit) : -1;
    }

    @Override
    int run(OperatorApi api) {
        List<JsonNode> records = api.history(service, limit);
        if (output.json()) {
            printJson(Map.of("deployments", records));
        } else if (!records.isEmpty()) {
            out().print(DeploymentView.table(records, Instant.now()));
        }
        if (records.isEmpty()) {
            return fail(ExitCode.NOT_FOUND_OR_REFUSED, "the ledger has no deployment of " + service);
        }
        return ExitCode.OK;
    }
}
