package dev.cutover.runtime.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.spec.HealthGates;

/**
 * How to run a demo.
 *
 * @param scenario    what goes wrong with green
 * @param rps         requests per second the load generator sends to the production listener
 * @param concurrency most requests outstanding at once
 * @param bakes       each stage's bake (10%, 50%, 100%)
 * @param progress    where the live progress and the events go; empty for none
 * @param deployments what each deployment run back to back on one world does (v2, v3, ...); empty means one
 *                    deployment of {@code scenario}
 * @param judge       the spec's {@code health.judge}: thresholds (the default) or the statistical comparison of
 *                    green with blue
 */
public record DemoOptions(
        Scenario scenario,
        int rps,
        int concurrency,
        List<Duration> bakes,
        Optional<PrintStream> progress,
        List<Scenario> deployments,
        HealthGates.Judge judge) {

    public static final int MAX_DEPLOYMENTS = 10;

    public static final int DEFAULT_RPS = 1000;
    public static final int DEFAULT_CONCURRENCY = 64;
    public static final List<Duration> DEFAULT_BAKES =
            List.of(Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(4));

    public DemoOptions {
        Objects.requireNonNull(scenario, "scenario");
        if (rps < 10 || rps > 20_000) {
            throw new IllegalArgumentException("--rps must be 10..20000, got " + rps);
        }
        if (concurrency < 1 || concurrency > 1_000) {
            throw new IllegalArgumentException("--concurrency must be 1..1000, got " + concurrency);
        }
        bakes = List.copyOf(bakes);
        if (bakes.size() != 3 || bakes.stream().anyMatch(b -> b.isNegative() || b.toSeconds() > 600)) {
            throw new IllegalArgumentException("three bakes of 0..600 s are needed (10%, 50%, 100%), got " + bakes);
        }
        Objects.requireNonNull(progress, "progress");
        deployments = deployments.isEmpty() ? List.of(scenario) : List.copyOf(deployments);
        if (deployments.size() > MAX_DEPLOYMENTS) {
            throw new IllegalArgumentException(
                    "--deployments must be 1.." + MAX_DEPLOYMENTS + ", got " + deployments.size());
        }
        Objects.requireNonNull(judge, "judge");
    }

    public DemoOptions(
            Scenario scenario,
            int rps,
            int concurrency,
            List<Duration> bakes,
            Optional<PrintStream> progress,
            List<Scenario> deployments) {
        this(scenario, rps, concurrency, bakes, progress, deployments, HealthGates.Judge.THRESHOLD);
    }

    public DemoOptions(
            Scenario scenario, int rps, int concurrency, List<Duration> bakes, Optional<PrintStream> progress) {
        this(scenario, rps, concurrency, bakes, progress, List.of());
    }

    /** {@code n} deployments back to back, each behaving as {@link #scenario}. */
    public DemoOptions withDeployments(int n) {
        if (n < 1 || n > MAX_DEPLOYMENTS) {
            throw new IllegalArgumentException("--deployments must be 1.." + MAX_DEPLOYMENTS + ", got " + n);
        }
        return withDeploymentScenarios(java.util.Collections.nCopies(n, scenario));
    }

    /** One deployment per scenario, back to back on one world. */
    public DemoOptions withDeploymentScenarios(List<Scenario> scenarios) {
        return new DemoOptions(scenario, rps, concurrency, bakes, progress, scenarios, judge);
    }

    /** The defaults for a scenario, printing nothing. */
    public static DemoOptions of(Scenario scenario) {
        return new DemoOptions(scenario, DEFAULT_RPS, DEFAULT_CONCURRENCY, DEFAULT_BAKES, Optional.empty());
    }

    public DemoOptions withRps(int newRps) {
        return new DemoOptions(scenario, newRps, concurrency, bakes, progress, deployments, judge);
    }

    public DemoOptions withConcurrency(int newConcurrency) {
        return new DemoOptions(scenario, rps, newConcurrency, bakes, progress, deployments, judge);
    }

    public DemoOptions withBakes(List<Duration> newBakes) {
        return new DemoOptions(scenario, rps, concurrency, newBakes, progress, deployments, judge);
    }

    /** The same run judged by {@code judge} ({@code --judge}). */
    public DemoOptions withJudge(HealthGates.Judge newJudge) {
        return new DemoOptions(scenario, rps, concurrency, bakes, progress, deployments, newJudge);
    }

    public DemoOptions withProgress(PrintStream out) {
        return new DemoOptions(scenario, rps, concurrency, bakes, Optional.of(out), deployments, judge);
    }
}
