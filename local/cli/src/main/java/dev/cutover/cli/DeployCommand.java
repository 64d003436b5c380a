package dev.cutover.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.HtmlReport;
import dev.cutover.runtime.dashboard.LedgerQueries;

/** {@code cutover deploy}: starts a standalone deployment (or finds a CodeDeploy one) and follows it. */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start a standalone deployment: the spec is validated here first, then the deployment workflow is "
                    + "started with the spec inline (--spec) or by its SSM parameter (--spec-parameter), under an "
                    + "execution named after the deployment id. With --wait, follow it until it ends: stage, "
                    + "weights, verdicts with their numbers, time left in the bake, approvals waiting and how to "
                    + "answer them. --codedeploy-deployment follows the workflow a CodeDeploy deployment started.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:promoted (with --wait), or started",
            "1:rolled back or failed",
            "2:usage or invalid spec (file and field on standard error)",
            "3:aborted",
            "4:refused (an execution of that id exists, no state machine, AWS refused or unreachable)"
        })
final class DeployCommand extends OperatorCommand {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** What to deploy or follow: exactly one. */
    static final class Source {
        @Option(names = "--spec", paramLabel = "FILE", description = "The Cutover spec (YAML or JSON), sent inline.")
        Path specFile;

        @Option(
                names = "--spec-parameter",
                paramLabel = "NAME",
                description = "The stack's SSM parameter holding the spec (needs --service).")
        String specParameter;

        @Option(
                names = {"--codedeploy-deployment", "--follow"},
                paramLabel = "ID",
                description = "Follow the deployment with this id (a CodeDeploy deployment's, whose workflow "
                        + "BeforeAllowTraffic started, or one started earlier); start nothing.")
        String codeDeployDeployment;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--service", paramLabel = "NAME", description = "The service (default: the spec's).")
    String service;

    @Option(
            names = "--deployment-id",
            paramLabel = "ID",
            description = "The deployment id, also the execution's name (default: <service>-<UTC time>).")
    String deploymentId;

    @Option(names = "--wait", description = "Follow the deployment until it ends; the exit code is its outcome.")
    boolean wait;

    @Option(
            names = "--poll-interval",
            paramLabel = "MILLIS",
            defaultValue = "1000",
            description = "How often --wait asks (default 1000 ms).")
    long pollMillis;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "When it ends, write the ledger's record of the deployment and the service's history as one"
                    + " self-contained HTML file (as `cutover report`); implies --wait.")
    Path report;

    private CutoverSpec spec;
    private JsonNode specDocument;
    private OperatorFeed feed;

    @Override
    int precheck() {
        if (source.specFile != null) {
            try {
                spec = SpecParser.parse(source.specFile);
                specDocument = YAML.readTree(Files.readString(source.specFile));
            } catch (SpecException e) {
                for (FieldError error : e.errors()) {
                    err().println(e.source() + ": " + error.path() + ": " + error.reason());
                }
                return fail(ExitCode.USAGE, "the spec " + source.specFile + " is invalid; nothing was started");
            } catch (IOException e) {
                return fail(ExitCode.USAGE, "cannot read " + source.specFile + ": " + e.getMessage());
            }
            if (service != null && !service.equals(spec.service())) {
                return fail(
                        ExitCode.USAGE,
                        "--service " + service + " is not the spec's service " + spec.service() + " (" + source.specFile
                                + ": service)");
            }
            service = spec.service();
        } else if (source.specParameter != null && service == null) {
            return fail(ExitCode.USAGE, "--spec-parameter needs --service");
        }
        if (pollMillis < 10) {
            return fail(ExitCode.USAGE, "--poll-interval must be at least 10 ms");
        }
        return -1;
    }

    @Override
    int run(OperatorApi api) {
        if (source.codeDeployDeployment != null) {
            String id = source.codeDeployDeployment;
            String executionArn = api.executionArnOf(id);
            err().println("following CodeDeploy deployment " + id + ": execution " + executionArn);
            return follow(api, id, executionArn);
        }
        String id = deploymentId != null ? deploymentId : service + "-" + ID_TIME.format(Instant.now());
        ObjectNode input =
                OperatorApi.JSON.createObjectNode().put("service", service).put("deploymentId", id);
        if (specDocument != null) {
            input.set("spec", specDocument);
        } else {
            input.put("specParameter", source.specParameter);
        }
        String executionArn = api.start(id, input);
        err().println("started deployment " + id + " of " + service + ": execution " + executionArn);
        if (!following()) {
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("deploymentId", id);
            started.put("executionArn", executionArn);
            started.put("executionStatus", "RUNNING");
            if (output.json()) {
                printJson(started);
            } else {
                out().println(id + " " + executionArn);
            }
            return ExitCode.OK;
        }
        return follow(api, id, executionArn);
    }

    /** --dashboard and --report follow the deployment as --wait does. */
    private boolean following() {
        return wait || report != null || dashboard.dashboard;
    }

    /**
     * Polls the execution and the ledger until the execution ends; reports each change on standard error (and to
     * the dashboard, with --dashboard), then writes --report.
     */
    private int follow(OperatorApi api, String id, String executionArn) {
        DashboardServer page = null;
        if (dashboard.dashboard) {
            feed = new OperatorFeed(
                    new DeploymentFeed(java.time.Clock.systemUTC()),
                    api,
                    id,
                    executionArn,
                    service,
                    spec,
                    System.getProperty("user.name", "cutover-cli"));
            feed.withTraffic(new CloudWatchSamples(
                    api.targetGroupMetrics(),
                    spec == null ? null : spec.routing().productionListenerArn(),
                    java.time.Clock.systemUTC(),
                    message -> {
                        err().println(message);
                        err().flush();
                    }));
            try {
                page = dashboard.start(feed.events(), feed::controls, err());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return fail(ExitCode.USAGE, e.getMessage());
            }
        }
        try {
            int code = poll(api, id, executionArn);
            dashboard.linger(page, err());
            return code;
        } finally {
            if (page != null) {
                page.close();
            }
        }
    }

    private int poll(OperatorApi api, String id, String executionArn) {
        Progress progress = new Progress(api, id, executionArn);
        while (true) {
            DescribeExecutionResponse execution = api.describe(executionArn);
            Optional<JsonNode> record = api.deployment(id);
            record.ifPresent(progress::report);
            if (feed != null) {
                feed.poll(record);
            }
            if (!execution.statusAsString().equals("RUNNING")) {
                // the ledger as the execution left it: the last writes happen before the execution ends
                record = api.deployment(id);
                record.ifPresent(progress::report);
                if (feed != null) {
                    feed.ended(record, execution.statusAsString());
                }
                int code = finish(id, executionArn, execution, record);
                return report == null ? code : writeReport(api, id, record, code);
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(ExitCode.FAILED, "interrupted while following " + id + "; it goes on without us");
            }
        }
    }

    /** --report: the ledger's record (as `cutover report` renders it) and the service's history. */
    private int writeReport(OperatorApi api, String id, Optional<JsonNode> record, int code) {
        if (record.isEmpty()) {
            return fail(ExitCode.NOT_FOUND_OR_REFUSED, "the ledger has no deployment " + id + "; no report written");
        }
        String owner = service != null ? service : record.get().path("service").asText();
        String html = HtmlReport.renderRecord(record.get(), api.history(owner, LedgerQueries.HISTORY_LIMIT));
        try {
            Files.writeString(report, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail(ExitCode.USAGE, "cannot write the report to " + report + ": " + e.getMessage());
        }
        err().println("report of " + id + " (" + record.get().path("status").asText() + ") written to " + report);
        return code;
    }

    private int finish(String id, String executionArn, DescribeExecutionResponse execution, Optional<JsonNode> record) {
        String executionStatus = execution.statusAsString();
        String status = record.map(r -> r.path("status").asText()).orElse(null);
        int code = status == null || status.equals("IN_PROGRESS")
                ? ExitCode.ofExecutionStatus(executionStatus)
                : ExitCode.ofStatus(status);
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("deploymentId", id);
            result.put("executionArn", executionArn);
            result.put("executionStatus", executionStatus);
            result.put("error", execution.error());
            result.put("cause", execution.cause());
            result.put("deployment", record.orElse(null));
            printJson(result);
        } else {
            out().println(id + ": " + (status != null ? status : "no ledger record") + " (execution " + executionStatus
                    + ")");
            String reason = record.map(r -> r.path("outcomeReason").asText("")).orElse("");
            if (reason.isBlank() && execution.cause() != null) {
                reason = execution.error() + ": " + execution.cause();
            }
            if (!reason.isBlank()) {
                out().println("reason: " + reason);
            }
        }
        return code;
    }

    /** What has been said already, so that each change is said once. */
    private final class Progress {
        private final OperatorApi api;
        private final String id;
        private final String executionArn;
        private Map<Integer, Duration> bakes;
        private int entriesShown;
        private String statusShown;
        private final Set<Integer> approvalsShown = new HashSet<>();
        private Instant bakeNoticeAt = Instant.EPOCH;
        private int bakeIndexShown = -1;

        Progress(OperatorApi api, String id, String executionArn) {
            this.api = api;
            this.id = id;
            this.executionArn = executionArn;
        }

        void report(JsonNode record) {
            String status = record.path("status").asText();
            if (!status.equals(statusShown)) {
                err().println(id + ": " + status);
                statusShown = status;
            }
            JsonNode entries = record.path("stages");
            for (int i = entriesShown; i < entries.size(); i++) {
                err().println("  " + DeploymentView.stageLine(entries.get(i)));
            }
            entriesShown = entries.size();
            if (entries.size() > 0 && status.equals("IN_PROGRESS")) {
                bake(entries.get(entries.size() - 1));
            }
            JsonNode pending = record.path("pendingApproval");
            if (pending.isObject()
                    && approvalsShown.add(pending.path("stageIndex").asInt())) {
                err().println("  " + DeploymentView.approvalHint(record));
            }
        }

        /** While the last entry is a shift, the bake runs: its time left, every 30 s. */
        private void bake(JsonNode last) {
            Instant shiftedAt = DeploymentView.instant(last.path("at").asText(null));
            int index = last.path("index").asInt();
            if (shiftedAt == null || !last.path("verdict").asText("").startsWith("shifted")) {
                return;
            }
            Duration bake = bakeOf(index);
            if (bake == null) {
                return;
            }
            Instant now = Instant.now();
            Duration left = Duration.between(now, shiftedAt.plus(bake));
            boolean newBake = index != bakeIndexShown;
            if (!left.isNegative()
                    && (newBake || Duration.between(bakeNoticeAt, now).toSeconds() >= 30)) {
                err().println("  baking at " + last.path("percent").asText() + "%: " + DeploymentView.human(left)
                        + " left, then judged");
                bakeNoticeAt = now;
                bakeIndexShown = index;
            }
        }

        /** A stage's bake: from the spec file, else from the plan the execution's ValidateAndLock returned. */
        private Duration bakeOf(int index) {
            if (spec != null) {
                return index < spec.shifting().stages().size()
                        ? spec.shifting().stages().get(index).bake()
                        : null;
            }
            if (bakes == null) {
                // asked once, after a shift: ValidateAndLock has returned the plan by then
                try {
                    bakes = api.plannedBakes(executionArn);
                } catch (SdkException e) {
                    err().println("  (no bake times: the execution's history is not readable: " + e.getMessage() + ")");
                    bakes = Map.of();
                }
            }
            return bakes.get(index);
        }
    }
}
