package dev.cutover.core.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.hook.BeforeAllowTrafficExtension;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.Shifting;

/**
 * BeforeAllowTraffic's hand-off to the staged shift: when the spec asks for {@link Shifting.Mode#STAGED} shifting
 * and the data-sync checks passed, starts the deployment workflow for this CodeDeploy hook and leaves the hook to
 * it (the workflow reports Succeeded after the last stage, Failed after a rollback).
 *
 * <p>The execution is named after the CodeDeploy deployment ({@link WorkflowExecutions#executionNameFor}) and its
 * input is the same for every delivery of the hook event, so a duplicate delivery finds the execution already
 * started (and, while it runs, does not even run the checks again). A start that fails is a failed check: the hook
 * then reports Failed itself. All-at-once specs and ECS lifecycle hooks (no CodeDeploy hook execution) are left to
 * the plain checks.
 *
 * <p>The execution input: {@code {"service", "specParameter": <the hook's own spec parameter>, "codeDeploy":
 * {"deploymentId", "lifecycleEventHookExecutionId", "hook": "BeforeAllowTraffic"}}}.
 */
public final class WorkflowStarter implements BeforeAllowTrafficExtension {

    /** The name of the check result the hand-off adds to the hook's verdict. */
    public static final String CHECK = "staged-shift";

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowStarter.class);

    private final WorkflowExecutions executions;
    private final String stateMachineArn;
    private final String specParameter;
    private final Clock clock;

    /**
     * @param stateMachineArn the deployment workflow's state machine (to find an execution already started)
     * @param specParameter   the SSM parameter the hook read its spec from; the workflow reads the same
     */
    public WorkflowStarter(WorkflowExecutions executions, String stateMachineArn, String specParameter, Clock clock) {
        this.executions = Objects.requireNonNull(executions, "executions");
        WorkflowExecutions.executionArnFor(stateMachineArn, "probe");
        this.stateMachineArn = stateMachineArn;
        if (specParameter == null || specParameter.isBlank()) {
            throw new IllegalArgumentException("the spec parameter the workflow is to read must be named");
        }
        this.specParameter = specParameter;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An extension for a hook that cannot start the workflow (its configuration is missing): a staged spec's
     * BeforeAllowTraffic fails naming {@code why}, so CodeDeploy rolls back instead of waiting; all-at-once specs
     * and ECS hooks are unaffected.
     */
    public static BeforeAllowTrafficExtension unavailable(String why) {
        Objects.requireNonNull(why, "why");
        return (spec, execution, deadline) -> staged(spec) && execution.isPresent()
                ? Outcome.checks(List.of(
                        CheckResult.fail(CHECK, "cannot start the staged-shift workflow: " + why, Duration.ZERO)))
                : Outcome.nothing();
    }

    /** The input the workflow is started with for this hook execution. */
    public String inputFor(CutoverSpec spec, HookExecution execution) {
        return new WorkflowInput(
                        spec.service(),
                        Optional.empty(),
                        new SpecReference.Parameter(specParameter),
                        Optional.of(new CodeDeployHook(
                                execution.deploymentId(),
                                execution.lifecycleEventHookExecutionId(),
                                LifecycleHook.BEFORE_ALLOW_TRAFFIC)))
                .toJson();
    }

    @Override
    public Optional<Outcome> alreadyHandedOff(CutoverSpec spec, Optional<HookExecution> execution) {
        if (!staged(spec) || execution.isEmpty()) {
            return Optional.empty();
        }
        String arn = WorkflowExecutions.executionArnFor(
                stateMachineArn,
                WorkflowExecutions.executionNameFor(execution.get().deploymentId()));
        try {
            if (executions.isRunning(arn)) {
                LOG.info(
                        "the staged shift of {} is already running ({}): a repeated delivery of the hook",
                        execution.get().deploymentId(),
                        arn);
                return Optional.of(Outcome.handedOff(
                        CheckResult.pass(
                                CHECK,
                                "the staged shift " + arn + " is already running; it reports this hook when it ends",
                                Duration.ZERO),
                        arn));
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether {} is running ({}); running the checks", arn, e.toString());
        }
        return Optional.empty();
    }

    @Override
    public Outcome afterChecksPassed(CutoverSpec spec, Optional<HookExecution> execution, Deadline deadline) {
        return afterChecksPassed(spec, execution, deadline, HandOff.UNRECORDED);
    }

    /**
     * Starts the workflow only while the checks' deadline has not passed, and only once the hand-off is recorded
     * ({@code handOff}): a hook whose waiter gave up reports Failed itself, and then no workflow may start that
     * would later answer for the same hook.
     */
    @Override
    public Outcome afterChecksPassed(
            CutoverSpec spec, Optional<HookExecution> execution, Deadline deadline, HandOff handOff) {
        if (!staged(spec) || execution.isEmpty()) {
            return Outcome.nothing();
        }
        Instant started = clock.instant();
        HookExecution hook = execution.get();
        String name = WorkflowExecutions.executionNameFor(hook.deploymentId());
        String stages =
                spec.shifting().stages().stream().map(s -> s.percent() + "%").collect(Collectors.joining(" -> "));
        if (deadline.expired()) {
            LOG.warn("the checks' deadline {} has passed: not starting the staged shift {}", deadline, name);
            return Outcome.checks(List.of(CheckResult.fail(
                    CHECK,
                    "the checks' deadline (" + deadline.at() + ") passed before the staged-shift workflow " + name
                            + " could start; not started",
                    since(started))));
        }
        String expectedArn = WorkflowExecutions.executionArnFor(stateMachineArn, name);
        if (!handOff.claim(expectedArn)) {
            return Outcome.checks(List.of(CheckResult.fail(
                    CHECK,
                    "the hook ran out of time before the staged-shift workflow " + name + " started; not started",
                    since(started))));
        }
        try {
            String arn = executions.start(name, inputFor(spec, hook));
            LOG.info("started the staged shift {} ({}) for {}", arn, stages, hook.deploymentId());
            return Outcome.handedOff(
                    CheckResult.pass(
                            CHECK,
                            "started the staged shift " + arn + " (" + stages + "); it reports this hook when it ends",
                            since(started)),
                    arn);
        } catch (RuntimeException e) {
            // fail closed: the hook reports Failed, CodeDeploy rolls back
            handOff.withdraw();
            LOG.error("could not start the staged shift {} for {}", name, hook.deploymentId(), e);
            return Outcome.checks(List.of(CheckResult.fail(
                    CHECK,
                    "could not start the staged-shift workflow " + name + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    since(started))));
        }
    }

    private static boolean staged(CutoverSpec spec) {
        return spec.shifting().mode() == Shifting.Mode.STAGED;
    }

    private Duration since(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
