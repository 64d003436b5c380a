package dev.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover abort}: a safe stop, through the stack's Abort function. */
@Command(
        name = "abort",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Stop a deployment safely: the workflow's own rollback (100%% blue, ledger ABORTED, lock released, "
                    + "CodeDeploy told, notified), then the execution is stopped. Whatever state the execution is "
                    + "in (shifting, baking, waiting for approval), traffic is never left split.",
            "A deployment that had already finished is left as it is, and the exit code is its outcome's.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "3:aborted now",
            "0:had already finished, promoted (nothing changed)",
            "1:had already finished, rolled back or failed (nothing changed)",
            "2:usage",
            "4:no such deployment, or AWS refused"
        })
final class AbortCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id.")
    String deploymentId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded in the ledger and notified.")
    String reason;

    @Option(names = "--requested-by", paramLabel = "WHO", description = "Who asks (default: the user name).")
    String requestedBy = System.getProperty("user.name", "cutover-cli");

    @Override
    int run(OperatorApi api) {
        String why = reason == null || reason.isBlank() ? "aborted by " + requestedBy : reason;
        err().println("aborting " + deploymentId + ": " + why);
        JsonNode result = api.abort(deploymentId, why, requestedBy);
        String outcome = result.path("outcome").asText();
        String status = result.path("status").asText();
        if (output.json()) {
            printJson(result);
        } else {
            JsonNode weights = result.path("weights");
            out().println(deploymentId + ": " + outcome + " (status " + status + ", blue "
                    + weights.path("blue").asText("?") + " / green "
                    + weights.path("green").asText("?")
                    + (result.path("executionStopped").asBoolean() ? ", execution stopped" : "") + ")");
            if (!result.path("message").asText("").isBlank()) {
                out().println(result.path("message").asText());
            }
        }
        return outcome.equals("ABORTED") ? ExitCode.ABORTED : ExitCode.ofStatus(status);
    }
}
