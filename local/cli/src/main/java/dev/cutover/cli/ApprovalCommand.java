package dev.cutover.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What approve and deny share: finding the task token of the deployment's pending approval. */
abstract class ApprovalCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id.")
    String deploymentId;

    @Option(names = "--requested-by", paramLabel = "WHO", description = "Who answers (default: the user name).")
    String who = System.getProperty("user.name", "cutover-cli");

    /** Answers the gate with the task token; returns what to report. */
    abstract String answer(OperatorApi api, String taskToken, Instant at);

    @Override
    final int run(OperatorApi api) {
        JsonNode record = api.deployment(deploymentId)
                .orElseThrow(() -> new OperatorApi.NotFoundException("the ledger has no deployment " + deploymentId));
        JsonNode pending = record.path("pendingApproval");
        if (!pending.isObject() || pending.path("taskToken").asText("").isEmpty()) {
            return fail(
                    ExitCode.NOT_FOUND_OR_REFUSED,
                    "nothing waits for approval in " + deploymentId + " (status "
                            + record.path("status").asText() + ")");
        }
        Instant at = Instant.now();
        String answered = answer(api, pending.path("taskToken").asText(), at);
        int stage = pending.path("stageIndex").asInt() + 1;
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("deploymentId", deploymentId);
            result.put("answer", answered);
            result.put("stageIndex", pending.path("stageIndex").asInt());
            result.put("percent", pending.path("percent").asInt());
            result.put("by", who);
            result.put("at", at.toString());
            printJson(result);
        } else {
            out().println(deploymentId + ": stage " + stage + " ("
                    + pending.path("percent").asText() + "%) " + answered + " by " + who);
        }
        return ExitCode.OK;
    }
}
