package dev.cutover.core.workflow.task;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.check.AlarmCheck;
import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.core.error.ChecksFailedException;
import dev.cutover.core.port.AlarmStateReader;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.SpecResolver;

/**
 * The PreTrafficChecks and PostTrafficChecks states of a standalone execution (a CodeDeploy-started one has its
 * hooks do this): the smoke tests against a listener, and the spec's alarms quiet. The two differ only in the
 * listener, so they share this class.
 */
public final class TrafficChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficChecks.class);

    private final SpecResolver specs;
    private final SmokeTestRunner smokeTests;
    private final AlarmStateReader alarms;
    private final Clock clock;

    public TrafficChecks(SpecResolver specs, SmokeTestRunner smokeTests, AlarmStateReader alarms, Clock clock) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.smokeTests = Objects.requireNonNull(smokeTests, "smokeTests");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * PreTrafficChecks, before any production traffic moves: the smoke tests against the test listener.
     *
     * @param budget the time the checks may take
     * @return every result (all passed)
     * @throws ChecksFailedException naming every failed check
     */
    public List<CheckResult> preTraffic(DeploymentPlan plan, Duration budget) {
        CutoverSpec spec = specs.specOf(plan);
        return run(
                "pre-traffic",
                "smoke-tests(test listener)",
                spec,
                spec.routing().testUrl(),
                budget);
    }

    /**
     * PostTrafficChecks, at 100% green: the smoke tests against the production listener.
     *
     * @throws ChecksFailedException naming every failed check
     */
    public List<CheckResult> postTraffic(DeploymentPlan plan, Duration budget) {
        CutoverSpec spec = specs.specOf(plan);
        return run(
                "post-traffic",
                "smoke-tests(production listener)",
                spec,
                spec.routing().productionUrl(),
                budget);
    }

    private List<CheckResult> run(String phase, String smokeName, CutoverSpec spec, URI listener, Duration budget) {
        Deadline deadline = Deadline.after(clock, budget);
        List<CheckResult> results = new ArrayList<>();
        if (spec.smokeTests().tests().isEmpty()) {
            results.add(CheckResult.pass(smokeName, "no smoke tests configured", Duration.ZERO));
        } else {
            List<CheckResult> smoke = smokeTests.run(listener, spec.smokeTests(), deadline);
            if (smoke == null || smoke.isEmpty()) {
                results.add(CheckResult.fail(
                        smokeName,
                        "the smoke test runner returned no results for "
                                + spec.smokeTests().tests().size() + " configured tests against " + listener,
                        Duration.ZERO));
            } else {
                results.addAll(smoke);
            }
        }
        results.add(new AlarmCheck(alarms, clock).check(spec.health()));
        results.forEach(r -> LOG.info("{} {}", phase, r));
        if (results.stream().anyMatch(r -> !r.passed())) {
            throw new ChecksFailedException(phase, results);
        }
        return results;
    }
}
