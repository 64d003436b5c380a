package dev.cutover.core.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cutover.core.plan.DeploymentEstimate.Changes;
import dev.cutover.core.plan.DeploymentEstimate.Cost;
import dev.cutover.core.plan.DeploymentEstimate.Entry;
import dev.cutover.core.plan.DeploymentEstimate.HookWindow;
import dev.cutover.core.plan.DeploymentEstimate.StageTiming;
import dev.cutover.core.plan.DeploymentEstimate.Transitions;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.spec.Shifting;
import dev.cutover.core.spec.SpecValidator;

/**
 * A dry run of statemachine/deployment.asl.json over a spec, with no AWS call: the stage timeline, the state
 * transitions and Lambda invocations one run costs (docs/workflow.md, "State transitions per deployment") and
 * their price at {@link PublishedRates}, and the load balancer resources the run changes. Pure: the same spec
 * gives the same estimate.
 *
 * <p>A transition is what Step Functions bills: every state entered (a Map state once, each state inside each
 * iteration once) plus every retry attempt (AWS, Step Functions pricing: "Step Functions counts a state
 * transition each time a step of your workflow is executed ... including retries"). The tests run the state
 * machine on the local engine and hold {@link Transitions#states()} and {@link Transitions#success()} to the
 * history of a run.
 */
public final class DeploymentEstimator {

    /** JudgeHealth's retrier for {@code MetricsNotPublishedYetException} in the ASL (the tests hold them equal). */
    public static final double METRIC_RETRY_INTERVAL_SECONDS = 3;

    public static final double METRIC_RETRY_BACKOFF = 1.5;
    public static final double METRIC_RETRY_MAX_DELAY_SECONDS = 60;
    public static final int METRIC_RETRY_MAX_ATTEMPTS = 21;

    /** template.yaml's Globals MemorySize. */
    public static final int DEFAULT_MEMORY_MB = 1024;

    /** What one invocation is assumed to take, for the GB-seconds: a warm SnapStart function talking to AWS. */
    public static final Duration DEFAULT_INVOCATION = Duration.ofSeconds(1);

    /** The CodeDeploy hooks' functions, each invoked once by a CodeDeploy deployment. */
    static final List<String> HOOKS = List.of(
            "BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic");

    private DeploymentEstimator() {}

    public static DeploymentEstimate estimate(CutoverSpec spec, Entry entry) {
        return estimate(spec, entry, DEFAULT_MEMORY_MB, DEFAULT_INVOCATION);
    }

    public static DeploymentEstimate estimate(CutoverSpec spec, Entry entry, int memoryMb, Duration assumedInvocation) {
        Shifting shifting = spec.shifting();
        boolean staged = shifting.mode() == Shifting.Mode.STAGED;
        boolean standalone = entry == Entry.STANDALONE;

        List<StageTiming> timeline = new ArrayList<>();
        // the hook-window rule's own terms: each stage's bake, or with metric gates the latest it is judged
        List<Duration> terms = SpecValidator.hookWindowTerms(spec);
        Duration clock = Duration.ZERO;
        int metricRetries = 0;
        boolean metricGates = !spec.health().metricGates().isEmpty();
        for (int i = 0; i < shifting.stages().size(); i++) {
            Shifting.Stage stage = shifting.stages().get(i);
            Duration judgedAfter = terms.get(i);
            int retries = metricGates ? retriesCovering(judgedAfter.minus(stage.bake())) : 0;
            metricRetries += retries;
            // a gated stage shifts when a person approves: at the latest when its gate times out
            Duration approval = stage.approvalTimeout().orElse(Duration.ZERO);
            Duration shiftAt = clock.plus(approval);
            timeline.add(new StageTiming(
                    i,
                    stage.percent(),
                    stage.approvalTimeout(),
                    shiftAt,
                    stage.bake(),
                    shiftAt.plus(judgedAfter),
                    retries));
            clock = shiftAt.plus(judgedAfter);
        }
        // the validator's rule: stages (approval timeouts included) + safety margin <= hook window
        Duration needed = clock.plus(shifting.safetyMargin());
        HookWindow hookWindow = new HookWindow(
                shifting.hookWindow(),
                shifting.safetyMargin(),
                needed,
                shifting.hookWindow().minus(needed));

        List<String> states = staged ? successStates(spec, standalone) : List.of();
        // rolled back after judging the last stage: the states up to its JudgeHealth (not its NeedsLongerBake and
        // StageJudged), then Rollback and DeploymentFailed
        int rollbackInLast = staged ? states.indexOf("IsStandaloneAfter") - 2 + 2 : 0;
        // the statistical judge's worst case: every stage inconclusive until its last extension, each one three more
        // states (ExtendBake, JudgeHealth, NeedsLongerBake); the timeline's terms already count their time
        int extensionStates = staged && spec.health().judge() == HealthGates.Judge.STATISTICAL
                ? shifting.stages().size() * spec.health().statistical().maxExtensions() * 3
                : 0;
        Transitions transitions =
                new Transitions(states, states.size(), staged ? metricRetries : 0, rollbackInLast, extensionStates);

        Map<String, Integer> invocations = new LinkedHashMap<>();
        if (entry == Entry.CODEDEPLOY) {
            HOOKS.forEach(hook -> invocations.put(hook, 1));
        }
        if (staged) {
            for (String state : states) {
                functionOf(state).ifPresent(function -> invocations.merge(function, 1, Integer::sum));
            }
        }
        int requests = invocations.values().stream().mapToInt(Integer::intValue).sum();
        Cost cost = cost(transitions, requests, metricRetries, memoryMb, assumedInvocation);

        Routing routing = spec.routing();
        Changes changes = new Changes(
                routing.productionListenerArn(),
                routing.productionRuleArn(),
                routing.targetGroupArns(),
                routing.testListenerArn(),
                routing.dns(),
                routing.dns().map(SpecValidator::dnsMinimumBake));
        return new DeploymentEstimate(
                spec.service(),
                entry,
                staged,
                staged ? timeline : List.of(),
                staged && spec.rollback().hasWindow()
                        ? Optional.of(spec.rollback().window())
                        : Optional.empty(),
                hookWindow,
                transitions,
                invocations,
                cost,
                changes,
                SpecValidator.notes(spec));
    }

    /** The states a successful run enters, in order, as the history lists them. */
    static List<String> successStates(CutoverSpec spec, boolean standalone) {
        List<String> states = new ArrayList<>(List.of("ValidateAndLock", "IsStandalone"));
        if (standalone) {
            states.add("PreTrafficChecks");
        }
        states.add("Stages");
        for (Shifting.Stage stage : spec.shifting().stages()) {
            states.add("NeedsApproval");
            if (stage.approvalTimeout().isPresent()) {
                states.add("AwaitApproval");
            }
            states.addAll(List.of("ShiftTraffic", "Bake", "JudgeHealth", "NeedsLongerBake", "StageJudged"));
        }
        states.add("IsStandaloneAfter");
        if (standalone) {
            states.add("PostTrafficChecks");
        }
        states.addAll(List.of("Finalize", "HasRollbackWindow"));
        if (spec.rollback().hasWindow()) {
            states.addAll(List.of("RollbackWindow", "CloseRollbackWindow"));
        }
        states.add("DeploymentSucceeded");
        return states;
    }

    /** The function a Task state invokes (template.yaml's logical name), empty for the other states. */
    static Optional<String> functionOf(String state) {
        return switch (state) {
            case "IsStandalone",
                    "Stages",
                    "NeedsApproval",
                    "Bake",
                    "NeedsLongerBake",
                    "ExtendBake",
                    "StageJudged",
                    "IsStandaloneAfter",
                    "HasRollbackWindow",
                    "RollbackWindow",
                    "DeploymentSucceeded" -> Optional.empty();
            case "AwaitApproval" -> Optional.of("RequestApproval");
            default -> Optional.of(state);
        };
    }

    /**
     * The fewest retries of JudgeHealth whose back-off delays add up to {@code wait} (3 s x 1.5^n, at most 60 s
     * each, at most {@link #METRIC_RETRY_MAX_ATTEMPTS}): how many times a stage is judged again while CloudWatch
     * publishes the bake's last period.
     */
    static int retriesCovering(Duration wait) {
        double waited = 0;
        int retries = 0;
        while (waited < wait.toSeconds() && retries < METRIC_RETRY_MAX_ATTEMPTS) {
            waited += Math.min(
                    METRIC_RETRY_INTERVAL_SECONDS * Math.pow(METRIC_RETRY_BACKOFF, retries),
                    METRIC_RETRY_MAX_DELAY_SECONDS);
            retries++;
        }
        return retries;
    }

    private static Cost cost(
            Transitions transitions, int requests, int metricRetries, int memoryMb, Duration invocation) {
        BigDecimal perTransition = PublishedRates.STATE_TRANSITIONS_PER_1000.divide(BigDecimal.valueOf(1000));
        BigDecimal states = perTransition.multiply(BigDecimal.valueOf(transitions.success()));
        BigDecimal statesAtMost = perTransition.multiply(BigDecimal.valueOf(transitions.successAtMost()));
        BigDecimal requestCost = PublishedRates.LAMBDA_REQUESTS_PER_MILLION
                .multiply(BigDecimal.valueOf(requests))
                .divide(BigDecimal.valueOf(1_000_000));
        BigDecimal gbSeconds = BigDecimal.valueOf(memoryMb)
                .divide(BigDecimal.valueOf(1024), 10, RoundingMode.HALF_UP)
                .multiply(BigDecimal.valueOf(invocation.toMillis()).divide(BigDecimal.valueOf(1000)))
                .multiply(BigDecimal.valueOf(requests));
        BigDecimal duration = gbSeconds.multiply(PublishedRates.LAMBDA_ARM_PER_GB_SECOND);
        return new Cost(
                scale(states),
                scale(statesAtMost),
                scale(requestCost),
                scale(duration),
                scale(states.add(requestCost).add(duration)),
                invocation,
                memoryMb,
                gbSeconds.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros());
    }

    private static BigDecimal scale(BigDecimal usd) {
        return usd.setScale(8, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
