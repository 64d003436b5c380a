package dev.cutover.cli;

import java.time.Instant;

import picocli.CommandLine.Command;

/** {@code cutover approve}: lets a deployment waiting at an approval gate go on. */
@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Approve the stage a deployment waits at: the workflow shifts it and goes on.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:approved",
            "2:usage",
            "4:no such deployment, nothing waits for approval, or the gate expired (AWS refused the token)"
        })
final class ApproveCommand extends ApprovalCommand {

    @Override
    String answer(OperatorApi api, String taskToken, Instant at) {
        api.approve(
                taskToken,
                OperatorApi.JSON.createObjectNode().put("approvedBy", who).put("at", at.toString()));
        return "approved";
    }
}
