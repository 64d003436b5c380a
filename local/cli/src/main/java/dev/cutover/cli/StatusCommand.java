package dev.cutover.cli;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover status}: where a deployment is, or how a service's last one ended. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show a deployment from the ledger: status, stages with weights and verdicts, a pending approval and "
                    + "how to answer it, the reason it ended. Given a service, its deployment in progress, else "
                    + "its last one.",
            ""
        },
        exitCodeListHeading = "%nExit codes (the deployment's status, so a CI job can gate on it):%n",
        exitCodeList = {
            "0:in progress or promoted",
            "1:rolled back or failed",
            "2:usage",
            "3:aborted",
            "4:no such deployment or service, or AWS refused"
        })
final class StatusCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT|SERVICE", description = "A deployment id or a service name.")
    String target;

    @Override
    int run(OperatorApi api) {
        JsonNode record = api.deployment(target)
                .or(() -> api.lastOf(target))
                .orElseThrow(() -> new OperatorApi.NotFoundException(
                        "the ledger has no deployment " + target + " and no deployment of a service " + target));
        if (output.json()) {
            printJson(Map.of("deployment", record));
        } else {
            out().print(DeploymentView.describe(record, Instant.now()));
        }
        return ExitCode.ofStatus(record.path("status").asText());
    }
}
