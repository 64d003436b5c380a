package dev.cutover.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.cutover.runtime.dashboard.HtmlReport;
import dev.cutover.runtime.dashboard.LedgerQueries;

/** {@code cutover report}: a deployment as the ledger recorded it, as one self-contained HTML file. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a deployment as the ledger recorded it (status, reason, target groups, every stage reached with "
                    + "its weights and verdict, a pending approval, the rollback window), then the service's history, as one HTML file with no "
                    + "script and no link, to attach to a change ticket or a CI run.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:usage, or the file cannot be written", "4:no such deployment, or AWS refused"})
final class ReportCommand extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id.")
    String deploymentId;

    @Option(names = "--file", paramLabel = "FILE", description = "Where to write the HTML (default: standard output).")
    Path file;

    @Override
    int run(OperatorApi api) {
        JsonNode record = api.deployment(deploymentId)
                .orElseThrow(() -> new OperatorApi.NotFoundException("the ledger has no deployment " + deploymentId));
        String html = HtmlReport.renderRecord(
                record, api.history(record.path("service").asText(), LedgerQueries.HISTORY_LIMIT));
        if (file == null) {
            out().print(html);
            out().flush();
            return ExitCode.OK;
        }
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail(ExitCode.USAGE, "cannot write the report to " + file + ": " + e.getMessage());
        }
        err().println("report of " + deploymentId + " (" + record.path("status").asText() + ") written to " + file);
        return ExitCode.OK;
    }
}
