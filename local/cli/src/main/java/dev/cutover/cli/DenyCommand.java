package dev.cutover.cli;

import java.time.Instant;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover deny}: refuses an approval gate; the workflow rolls back. */
@Command(
        name = "deny",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Deny the stage a deployment waits at: the workflow rolls back to 100%% blue with the reason.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:denied (the deployment rolls back)",
            "2:usage",
            "4:no such deployment, nothing waits for approval, or the gate expired (AWS refused the token)"
        })
final class DenyCommand extends ApprovalCommand {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; the rollback's reason.")
    String reason;

    @Override
    String answer(OperatorApi api, String taskToken, Instant at) {
        // docs/workflow.md, "Approval gates": the cause Rollback's reason repeats
        api.deny(taskToken, "denied by " + who + (reason == null || reason.isBlank() ? "" : ": " + reason.strip()));
        return "denied";
    }
}
