package dev.cutover.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.CloudWatchAlarmStateReader;
import dev.cutover.aws.CloudWatchTargetGroupMetrics;
import dev.cutover.aws.ElbTrafficRouter;
import dev.cutover.aws.Route53TrafficRouter;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.plan.DeploymentEstimate;
import dev.cutover.core.plan.DeploymentEstimate.Entry;
import dev.cutover.core.plan.DeploymentEstimate.StageTiming;
import dev.cutover.core.plan.DeploymentEstimator;
import dev.cutover.core.plan.GateCheck;
import dev.cutover.core.plan.PublishedRates;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;
import dev.cutover.core.traffic.RoutingTypeRouter;

/**
 * {@code cutover plan}: what a deployment of a spec will do and cost, with no AWS call; with {@code --check-gates},
 * whether each gate would pass on today's data ({@link GateCheck}).
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "A dry run of the deployment workflow over a spec, with no AWS call: the stage timeline (shift, bake, "
                    + "judge, cumulative) against CodeDeploy's hook window; the state transitions Step Functions "
                    + "bills and the Lambda invocations one run makes, and their price at AWS's published rates "
                    + "(" + PublishedRates.REGION + ", read " + PublishedRates.READ_ON + "); the listener or rule "
                    + "and the target groups it changes. With --check-gates it also reads today's data (AWS, or "
                    + "--endpoint-url): each health gate and alarm of the spec judged on the live (blue) target "
                    + "group's numbers over the last bake-length window, as if green behaved like blue does now.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:planned (with --check-gates: no gate fails on today's data)",
            "1:with --check-gates: a gate or alarm fails on blue's own numbers, so every deployment would roll back",
            "2:usage or invalid spec (file and field on standard error)",
            "4:with --check-gates: the route, alarms or metrics could not be read (unreachable, no credentials, "
                    + "refused), or the production route is split"
        })
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The Cutover spec (YAML or JSON).")
    Path specFile;

    @Option(
            names = "--codedeploy",
            description = "Plan a run started by CodeDeploy's BeforeAllowTraffic hook (default: a standalone "
                    + "execution, which adds pre- and post-traffic checks).")
    boolean codeDeploy;

    @Option(
            names = "--memory-mb",
            paramLabel = "MB",
            defaultValue = "" + DeploymentEstimator.DEFAULT_MEMORY_MB,
            description = "The functions' memory size (default: template.yaml's ${DEFAULT-VALUE}).")
    int memoryMb;

    @Option(
            names = "--invocation-ms",
            paramLabel = "MILLIS",
            defaultValue = "1000",
            description = "The duration assumed per Lambda invocation (default ${DEFAULT-VALUE} ms).")
    long invocationMillis;

    @Option(
            names = "--check-gates",
            description = "Also judge each health gate and alarm on today's data: the live (blue) target group is"
                    + " the one the production route sends 100% to, read with --region, --profile and"
                    + " --endpoint-url. Off by default: plan makes no AWS call.")
    boolean checkGates;

    @Mixin
    AwsConnection aws;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (memoryMb < 128 || invocationMillis < 1) {
            err.println("cutover plan: --memory-mb must be at least 128 and --invocation-ms at least 1");
            return ExitCode.USAGE;
        }
        CutoverSpec parsed;
        try {
            parsed = SpecParser.parse(specFile);
        } catch (SpecException e) {
            for (FieldError error : e.errors()) {
                err.println(e.source() + ": " + error.path() + ": " + error.reason());
            }
            err.println("cutover plan: the spec " + specFile + " is invalid");
            return ExitCode.USAGE;
        }
        DeploymentEstimate plan = DeploymentEstimator.estimate(
                parsed,
                codeDeploy ? Entry.CODEDEPLOY : Entry.STANDALONE,
                memoryMb,
                Duration.ofMillis(invocationMillis));
        Optional<GateCheck.Report> gates = Optional.empty();
        if (checkGates) {
            try {
                gates = Optional.of(checkGates(parsed));
            } catch (AwsOptions.UsageException e) {
                err.println("cutover plan: " + e.getMessage());
                return ExitCode.USAGE;
            } catch (InvalidWorkflowInputException e) {
                err.println("cutover plan --check-gates: no live target group to measure: " + e.getMessage());
                return ExitCode.NOT_FOUND_OR_REFUSED;
            } catch (DependencyException | SdkException e) {
                err.println("cutover plan --check-gates: cannot read the route, alarms or metrics at "
                        + aws.describeEndpoint() + ": " + firstLine(e.getMessage()));
                return ExitCode.NOT_FOUND_OR_REFUSED;
            }
        }
        if (output.json()) {
            Map<String, Object> json = toJson(plan);
            gates.ifPresent(report -> json.put("gateCheck", GateCheckOutput.toJson(report)));
            try {
                spec.commandLine()
                        .getOut()
                        .println(OperatorApi.JSON
                                .writer(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            spec.commandLine().getOut().print(text(plan));
            gates.ifPresent(report -> spec.commandLine().getOut().print(GateCheckOutput.text(report)));
        }
        return gates.filter(GateCheck.Report::wouldFail).isPresent() ? ExitCode.FAILED : ExitCode.OK;
    }

    /** Today's data through the workflow's own AWS adapters, each call retried at most twice. */
    private GateCheck.Report checkGates(CutoverSpec parsed) {
        AwsClients.Builder builder = AwsClients.builder()
                .region(aws.resolveRegion())
                .credentialsProvider(aws.credentials())
                .maxAttempts(3);
        if (aws.endpointUrl != null) {
            builder.endpointOverride(aws.endpointUrl);
        }
        try (AwsClients clients = builder.build()) {
            return new GateCheck(
                            new RoutingTypeRouter(
                                    new ElbTrafficRouter(clients.elbv2()), new Route53TrafficRouter(clients::route53)),
                            new CloudWatchAlarmStateReader(clients.cloudWatch()),
                            new CloudWatchTargetGroupMetrics(clients.cloudWatch()),
                            Clock.systemUTC())
                    .check(parsed);
        }
    }

    private static String firstLine(String message) {
        String text = message == null ? "no message" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static Map<String, Object> toJson(DeploymentEstimate plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("service", plan.service());
        json.put("entry", plan.entry().name());
        json.put("staged", plan.staged());
        List<Map<String, Object>> stages = new ArrayList<>();
        for (StageTiming s : plan.timeline()) {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("index", s.index());
            stage.put("percent", s.percent());
            stage.put(
                    "approvalTimeoutSeconds",
                    s.approvalTimeout().map(Duration::toSeconds).orElse(null));
            stage.put("shiftAtSeconds", s.shiftAt().toSeconds());
            stage.put("bakeSeconds", s.bake().toSeconds());
            stage.put("judgedBySeconds", s.judgedBy().toSeconds());
            stage.put("metricWaitRetries", s.metricWaitRetries());
            stages.add(stage);
        }
        json.put("timeline", stages);
        json.put(
                "rollbackWindowSeconds",
                plan.rollbackWindow().map(Duration::toSeconds).orElse(null));
        json.put(
                "hookWindow",
                Map.of(
                        "windowSeconds", plan.hookWindow().window().toSeconds(),
                        "marginSeconds", plan.hookWindow().margin().toSeconds(),
                        "neededSeconds", plan.hookWindow().needed().toSeconds(),
                        "headroomSeconds", plan.hookWindow().headroom().toSeconds(),
                        "fits", plan.hookWindow().fits()));
        Map<String, Object> transitions = new LinkedHashMap<>();
        transitions.put("success", plan.transitions().success());
        transitions.put("metricWaitRetriesAtMost", plan.transitions().metricWaitRetries());
        transitions.put("bakeExtensionsAtMost", plan.transitions().bakeExtensions());
        transitions.put("successAtMost", plan.transitions().successAtMost());
        transitions.put("rollbackInLastStage", plan.transitions().rollbackInLastStage());
        transitions.put("states", plan.transitions().states());
        json.put("stateTransitions", transitions);
        json.put("lambdaInvocations", plan.invocations());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("currency", "USD");
        cost.put("region", PublishedRates.REGION);
        cost.put("ratesReadOn", PublishedRates.READ_ON);
        cost.put("stateTransitions", plan.cost().transitions());
        cost.put("stateTransitionsAtMost", plan.cost().transitionsAtMost());
        cost.put("lambdaRequests", plan.cost().lambdaRequests());
        cost.put("lambdaDuration", plan.cost().lambdaDuration());
        cost.put("lambdaGbSeconds", plan.cost().lambdaGbSeconds());
        cost.put("total", plan.cost().total());
        cost.put("memoryMb", plan.cost().memoryMb());
        cost.put("assumedInvocationMillis", plan.cost().assumedInvocation().toMillis());
        cost.put("sources", List.of(PublishedRates.STEP_FUNCTIONS_PAGE, PublishedRates.LAMBDA_PAGE));
        json.put("cost", cost);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("listener", plan.changes().listener());
        changes.put("rule", plan.changes().rule().orElse(null));
        changes.put("targetGroups", plan.changes().targetGroups());
        changes.put("testListener", plan.changes().testListener());
        plan.changes().dns().ifPresent(dns -> {
            Map<String, Object> records = new LinkedHashMap<>();
            records.put("hostedZoneId", dns.hostedZoneId());
            records.put("recordName", dns.recordName());
            records.put("recordType", dns.type().name());
            records.put("setIdentifiers", dns.setIdentifiers());
            records.put("cachingSeconds", dns.cachingBound().toSeconds());
            records.put(
                    "minimumBakeSeconds",
                    plan.changes().dnsMinimumBake().orElseThrow().toSeconds());
            changes.put("dns", records);
        });
        json.put("changes", changes);
        json.put("notes", plan.notes());
        return json;
    }

    static String text(DeploymentEstimate plan) {
        StringBuilder t = new StringBuilder();
        String entry = plan.entry() == Entry.CODEDEPLOY
                ? "started by CodeDeploy's BeforeAllowTraffic hook"
                : "a standalone execution";
        t.append("plan for ").append(plan.service()).append(", ").append(entry).append('\n');
        if (!plan.staged()) {
            t.append("shifting.mode is all-at-once: CodeDeploy shifts the traffic itself and no workflow runs;"
                    + " only the lifecycle hooks are invoked.\n");
        } else {
            timeline(t, plan);
            transitions(t, plan);
        }
        invocationsAndCost(t, plan);
        changes(t, plan);
        for (String note : plan.notes()) {
            t.append("note: ").append(note).append('\n');
        }
        return t.toString();
    }

    private static void timeline(StringBuilder t, DeploymentEstimate plan) {
        t.append("\ntimeline, from the first shift\n");
        boolean gated =
                plan.timeline().stream().anyMatch(s -> s.approvalTimeout().isPresent());
        t.append(String.format(
                Locale.ROOT,
                "  %-6s %-8s %s%-10s %-8s %-14s %s%n",
                "stage",
                "green",
                gated ? String.format(Locale.ROOT, "%-12s ", "approval") : "",
                "shift at",
                "bake",
                "judged by",
                "metric-wait retries"));
        for (StageTiming s : plan.timeline()) {
            String approval = s.approvalTimeout()
                    .map(a -> "<= " + DeploymentView.human(a))
                    .orElse("-");
            t.append(String.format(
                    Locale.ROOT,
                    "  %-6d %-8s %s%-10s %-8s %-14s %d%n",
                    s.index() + 1,
                    s.percent() + "%",
                    gated ? String.format(Locale.ROOT, "%-12s ", approval) : "",
                    DeploymentView.human(s.shiftAt()),
                    DeploymentView.human(s.bake()),
                    DeploymentView.human(s.judgedBy()),
                    s.metricWaitRetries()));
        }
        if (gated) {
            t.append("  (shift at: the latest, each gate answered only when it times out)\n");
        }
        plan.rollbackWindow()
                .ifPresent(window -> t.append("  rollback window: blue is kept ")
                        .append(DeploymentView.human(window))
                        .append(" after the promotion; an alarm of the spec inside it rolls back\n"));
        DeploymentEstimate.HookWindow w = plan.hookWindow();
        Duration stages = w.needed().minus(w.margin());
        t.append("  hook window: ")
                .append(DeploymentView.human(stages))
                .append(" of stages + ")
                .append(DeploymentView.human(w.margin()))
                .append(" safety margin = ")
                .append(DeploymentView.human(w.needed()))
                .append(w.fits() ? " <= " : " > ")
                .append(DeploymentView.human(w.window()))
                .append(
                        w.fits()
                                ? " (" + DeploymentView.human(w.headroom()) + " to spare)"
                                : " (" + DeploymentView.human(w.headroom().negated()) + " too long)")
                .append(
                        plan.entry() == Entry.CODEDEPLOY
                                ? "\n"
                                : "; a standalone execution has no hook window, shown as under CodeDeploy\n");
    }

    private static void transitions(StringBuilder t, DeploymentEstimate plan) {
        DeploymentEstimate.Transitions tr = plan.transitions();
        t.append("\nstate transitions (Step Functions Standard bills every state entered and every retry)\n");
        t.append("  success: ").append(tr.success()).append(": ").append(String.join(", ", tr.states()));
        t.append('\n');
        if (tr.metricWaitRetries() > 0) {
            t.append("  waiting for CloudWatch to publish the bakes' metrics: up to ")
                    .append(tr.metricWaitRetries())
                    .append(" JudgeHealth retries more, ")
                    .append(tr.successAtMost() - tr.bakeExtensions())
                    .append(" in all\n");
        }
        if (tr.bakeExtensions() > 0) {
            t.append("  the statistical judge extending every inconclusive bake as often as it may: up to ")
                    .append(tr.bakeExtensions())
                    .append(" more (ExtendBake, JudgeHealth, NeedsLongerBake each time), ")
                    .append(tr.successAtMost())
                    .append(" in all\n");
        }
        t.append("  rolled back after judging the last stage: ")
                .append(tr.rollbackInLastStage())
                .append(" at most, before retries\n");
    }

    private static void invocationsAndCost(StringBuilder t, DeploymentEstimate plan) {
        int requests =
                plan.invocations().values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        plan.invocations().forEach((function, count) -> parts.add(function + " " + count));
        t.append("\nLambda invocations of a successful run: ").append(requests).append(" (");
        t.append(String.join(", ", parts)).append(")\n");
        DeploymentEstimate.Cost c = plan.cost();
        t.append("\ncost of one successful run, USD, free tiers not deducted\n");
        if (plan.staged()) {
            t.append("  Step Functions   ")
                    .append(plan.transitions().success())
                    .append(" transitions x $")
                    .append(PublishedRates.STATE_TRANSITIONS_PER_1000)
                    .append("/1,000 = $")
                    .append(usd(c.transitions()))
                    .append(
                            plan.transitions().metricWaitRetries() > 0
                                    ? " (up to $" + usd(c.transitionsAtMost()) + " with every metric wait)"
                                    : "")
                    .append('\n');
        }
        t.append("  Lambda requests  ")
                .append(requests)
                .append(" x $")
                .append(PublishedRates.LAMBDA_REQUESTS_PER_MILLION)
                .append("/1M = $")
                .append(usd(c.lambdaRequests()))
                .append('\n');
        t.append("  Lambda duration  ")
                .append(requests)
                .append(" x ")
                .append(c.assumedInvocation().toMillis())
                .append(" ms (assumed) x ")
                .append(c.memoryMb())
                .append(" MB = ")
                .append(c.lambdaGbSeconds().toPlainString())
                .append(" GB-s at $")
                .append(PublishedRates.LAMBDA_ARM_PER_GB_SECOND)
                .append("/GB-s (arm64) = $")
                .append(usd(c.lambdaDuration()))
                .append('\n');
        t.append("  total            $").append(usd(c.total())).append('\n');
        t.append("  rates: ")
                .append(PublishedRates.STEP_FUNCTIONS_PAGE)
                .append(", ")
                .append(PublishedRates.LAMBDA_PAGE)
                .append(" (")
                .append(PublishedRates.REGION)
                .append(", read ")
                .append(PublishedRates.READ_ON)
                .append(")\n");
    }

    private static void changes(StringBuilder t, DeploymentEstimate plan) {
        DeploymentEstimate.Changes ch = plan.changes();
        t.append("\nwhat it changes\n");
        if (ch.dns().isPresent()) {
            long ttl = ch.dns().get().cachingBound().toSeconds();
            t.append("  DNS records      ")
                    .append(ch.dns().get())
                    .append(": their weights (listener ")
                    .append(ch.listener())
                    .append(" is not changed)\n")
                    .append("  DNS caching      up to ")
                    .append(ttl)
                    .append(" s per answer: each bake >= ")
                    .append(ttl)
                    .append(" + margin ")
                    .append(ttl)
                    .append(" = ")
                    .append(ch.dnsMinimumBake().orElseThrow().toSeconds())
                    .append(" s; after a rollback clients may reach green for up to ")
                    .append(ttl)
                    .append(" s\n");
        } else if (ch.rule().isPresent()) {
            t.append("  listener rule    ")
                    .append(ch.rule().get())
                    .append(": its forward weights (on listener ")
                    .append(ch.listener())
                    .append(")\n");
        } else {
            t.append("  listener         ").append(ch.listener()).append(": its default action's forward weights\n");
        }
        t.append("  target groups    ")
                .append(String.join(", ", ch.targetGroups()))
                .append(": blue is the one taking 100% when the run starts, green the other\n");
        t.append("  test listener    ")
                .append(ch.testListener())
                .append(": not changed by the workflow (smoke tests call it)\n");
    }

    private static String usd(BigDecimal amount) {
        return amount.toPlainString();
    }
}
