package dev.cutover.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.cutover.core.error.DemoException;
import dev.cutover.core.port.model.MetricTiming;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.runtime.dashboard.DashboardControls;
import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.HtmlReport;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoRouting;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.Scenario;

/** {@code cutover demo}: a whole blue/green deployment of a sample service on this machine, with real traffic. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Deploy a sample service from blue (v1) to green (v2) on this machine, with real traffic, and show what "
                    + "Cutover decides.",
            "",
            "Starts an embedded PostgreSQL, blue and green apps, a weighted router (production and test listeners) "
                    + "and a load generator on 127.0.0.1, then runs CodeDeploy's lifecycle locally: BeforeInstall "
                    + "(migrations), AfterInstall (target health), AfterAllowTestTraffic (smoke tests), "
                    + "BeforeAllowTraffic (data sync, then the staged shift 10%% -> 50%% -> 100%% by the deployment "
                    + "workflow, judged by metric gates and alarms) and AfterAllowTraffic. The handlers and "
                    + "statemachine/deployment.asl.json are the ones deployed to AWS.",
            "",
            "Scenarios:",
            "  healthy        green is fine: promoted to 100%%",
            "  faulty-5xx     green fails 1 order request in 10: alarm, rollback",
            "  slow           green adds 400 ms per request: latency alarm, rollback",
            "  smoke-fail     green's /health says DOWN: smoke test fails, green gets no production traffic",
            "  bad-migration  a destructive migration: BeforeInstall's expand guard refuses it",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the deployment ran to the system's decision (promoted or rolled back)",
            "1:the local runtime itself failed (the reason, naming the component, on standard error)",
            "2:invalid usage"
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            defaultValue = "healthy",
            description = "What goes wrong with green (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(
            names = "--judge",
            paramLabel = "JUDGE",
            defaultValue = "threshold",
            description = "How green is judged after each bake: threshold (the metric gates' limits) or statistical"
                    + " (green compared with blue by rank and exact tests first, then the limits; default:"
                    + " ${DEFAULT-VALUE}).")
    String judge;

    @Option(
            names = "--rps",
            paramLabel = "N",
            defaultValue = "" + DemoOptions.DEFAULT_RPS,
            description = "Requests per second sent to the production listener (default: ${DEFAULT-VALUE}).")
    int rps;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "" + DemoOptions.DEFAULT_CONCURRENCY,
            description = "Most requests outstanding at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--bake",
            paramLabel = "SECONDS",
            split = ",",
            defaultValue = "6,6,4",
            description = "Bake time of the 10%%, 50%% and 100%% stages (default: ${DEFAULT-VALUE}).")
    List<Integer> bakes;

    @Option(
            names = "--deployments",
            paramLabel = "N",
            defaultValue = "1",
            description = "Deployments run back to back on one world (v2, v3, ...), each of the new version behind"
                    + " the target group that is not live (default: ${DEFAULT-VALUE}).")
    int deployments;

    @Option(
            names = "--routing",
            paramLabel = "elb|dns",
            defaultValue = "elb",
            description = "How production is switched: elb (the router's weights, at once) or dns (two weighted"
                    + " records with a 2 s TTL; each client resolves through its own caching resolver)"
                    + " (default: ${DEFAULT-VALUE}).")
    String routing;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    Path summaryJson;

    @Option(
            names = "--aws-timing",
            description = "Judge metrics with CloudWatch's timing scaled down 20 times: 3 s periods, published 6 s"
                    + " after they end (CloudWatch: 60 s and about 120 s).")
    boolean awsTiming;

    @Mixin
    DashboardOptions dashboardOptions = new DashboardOptions();

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Also write the run as one self-contained HTML file (inline CSS and SVG charts, no"
                    + " script, no network).")
    Path report;

    @Option(names = "--quiet", description = "Print only the summary, not the live progress.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also print the handlers' and libraries' logs on standard error.")
    boolean verbose;

    /** @throws IllegalArgumentException naming the judges */
    static HealthGates.Judge judge(String name) {
        for (HealthGates.Judge j : HealthGates.Judge.values()) {
            if (j.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return j;
            }
        }
        throw new IllegalArgumentException("--judge must be threshold or statistical, got '" + name + "'");
    }

    @Override
    public Integer call() {
        DemoOptions options;
        DemoRouting switching;
        try {
            switching = DemoRouting.parse(routing);
            Scenario chosen = Scenario.parse(scenario);
            options = new DemoOptions(
                            chosen,
                            rps,
                            concurrency,
                            bakes.stream().map(Duration::ofSeconds).toList(),
                            java.util.Optional.empty())
                    .withDeployments(deployments)
                    .withJudge(judge(judge));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("cutover demo: " + e.getMessage());
            return 2;
        }
        PrintStream progress = printStream(spec.commandLine().getOut());
        if (!quiet) {
            options = options.withProgress(progress);
        }
        // found now rather than after the whole deployment ran
        for (Map.Entry<String, Path> output : outputs().entrySet()) {
            Optional<String> problem = unwritable(output.getValue());
            if (problem.isPresent()) {
                spec.commandLine()
                        .getErr()
                        .println("cutover demo: " + output.getKey() + " " + output.getValue() + ": cannot be written ("
                                + problem.get() + ")");
                return 2;
            }
        }
        Demo demo = new Demo(options, awsTiming ? Demo.AWS_TIMING : MetricTiming.IMMEDIATE).routeBy(switching);
        DeploymentFeed feed = new DeploymentFeed(Clock.systemUTC());
        if (dashboardOptions.dashboard || report != null) {
            demo.publishTo(feed);
        }
        DashboardServer server;
        try {
            server = dashboardOptions.start(
                    feed, () -> controls(demo), spec.commandLine().getOut());
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("cutover demo: " + e.getMessage());
            return 2;
        }
        DemoSummary summary;
        try {
            summary = demo.run();
        } catch (DemoException e) {
            spec.commandLine().getErr().println("cutover demo: " + e.getMessage());
            close(server);
            return 1;
        }
        progress.print(summary.render());
        progress.flush();
        if (report != null) {
            try {
                Files.writeString(report, HtmlReport.render(summary.toJson(), feed.events()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine()
                        .getErr()
                        .println("cutover demo: cannot write the report to " + report + ": " + e.getMessage());
                close(server);
                return 1;
            }
            progress.println("report: " + report.toAbsolutePath());
        }
        dashboardOptions.linger(server, spec.commandLine().getOut());
        close(server);
        if (summaryJson != null) {
            try {
                Files.writeString(summaryJson, summary.toJsonText() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                spec.commandLine()
                        .getErr()
                        .println("cutover demo: cannot write the summary to " + summaryJson + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** The files the run will write, by option. */
    private Map<String, Path> outputs() {
        Map<String, Path> outputs = new LinkedHashMap<>();
        if (summaryJson != null) {
            outputs.put("--summary-json", summaryJson);
        }
        if (report != null) {
            outputs.put("--report", report);
        }
        return outputs;
    }

    /**
     * Why a file cannot be written, found by opening it for appending (never truncating what is there; a file
     * created for the check is removed again), or empty when it can.
     */
    static Optional<String> unwritable(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.of("it is a directory");
        }
        boolean existed = Files.exists(file);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // opened: writable
        } catch (NoSuchFileException e) {
            return Optional.of("its directory does not exist");
        } catch (AccessDeniedException e) {
            return Optional.of("permission denied");
        } catch (FileSystemException e) {
            return Optional.of(e.getReason() == null ? e.getClass().getSimpleName() : e.getReason());
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
        if (!existed) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                return Optional.of("it could be created but not removed again: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The dashboard's buttons: the demo's own abort, approve and deny. */
    private static DashboardControls controls(Demo demo) {
        return DashboardControls.of(demo::abort, demo::approve, demo::deny);
    }

    private static void close(DashboardServer server) {
        if (server != null) {
            server.close();
        }
    }

    /** A PrintStream over picocli's writer, so Main.run's streams (and tests) see the progress. */
    private static PrintStream printStream(java.io.PrintWriter writer) {
        return new PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        writer.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        writer.write(new String(b, off, len, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void flush() {
                        writer.flush();
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }
}
