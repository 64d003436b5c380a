package dev.cutover.core.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.DnsRecords;

/**
 * What one deployment of a spec will do and cost, before it runs: {@link DeploymentEstimator#estimate}.
 *
 * @param service      the spec's service
 * @param entry        how the workflow is started
 * @param staged       false for {@code shifting.mode: allAtOnce}: CodeDeploy shifts, no workflow runs
 * @param timeline     one entry per stage, in order
 * @param rollbackWindow how long blue is kept after the promotion ({@code rollback.windowMinutes}), if at all
 * @param hookWindow   the timeline against CodeDeploy's lifecycle hook window
 * @param transitions  the state transitions Step Functions bills
 * @param invocations  Lambda invocations per function, on the success path without retries
 * @param cost         the price of one successful run at {@link PublishedRates}
 * @param changes      the load balancer resources the workflow changes
 * @param notes        what the validator says about the spec (extended bakes)
 */
public record DeploymentEstimate(
        String service,
        Entry entry,
        boolean staged,
        List<StageTiming> timeline,
        Optional<Duration> rollbackWindow,
        HookWindow hookWindow,
        Transitions transitions,
        Map<String, Integer> invocations,
        Cost cost,
        Changes changes,
        List<String> notes) {

    public DeploymentEstimate {
        timeline = List.copyOf(timeline);
        invocations = Collections.unmodifiableMap(new LinkedHashMap<>(invocations));
        notes = List.copyOf(notes);
    }

    /** How the workflow starts: by the BeforeAllowTraffic hook, or as a standalone execution. */
    public enum Entry {
        CODEDEPLOY,
        STANDALONE
    }

    /**
     * One stage on the clock, from the shift of the first stage.
     *
     * @param index       0-based stage index
     * @param percent     green's share after the shift
     * @param approvalTimeout when present, the shift waits for a person's approval, at most this long
     * @param shiftAt     when the shift happens at the latest (every earlier gate answered only at its timeout)
     * @param bake        the spec's bake
     * @param judgedBy    the latest the stage is judged (the bake, extended by metric gates to whole published
     *                    periods)
     * @param metricWaitRetries how many JudgeHealth retries waiting for published metrics that takes at most
     */
    public record StageTiming(
            int index,
            int percent,
            Optional<Duration> approvalTimeout,
            Duration shiftAt,
            Duration bake,
            Duration judgedBy,
            int metricWaitRetries) {}

    /**
     * @param window   the spec's {@code shifting.hookWindowSeconds} (CodeDeploy's one hour)
     * @param margin   {@code shifting.safetyMargin}
     * @param needed   the stages' time (approval timeouts included) plus the margin, as the validator counts it
     * @param headroom {@code window - needed}; negative when it does not fit
     */
    public record HookWindow(Duration window, Duration margin, Duration needed, Duration headroom) {
        public boolean fits() {
            return !headroom.isNegative();
        }
    }

    /**
     * @param states            the states entered on the success path (what the history's {@code *StateEntered}
     *                          events count)
     * @param success           billed transitions of a successful run without retries
     * @param metricWaitRetries the most JudgeHealth retries while CloudWatch publishes the bake's periods (each
     *                          billed as one more transition)
     * @param rollbackInLastStage the most a run rolled back in its last stage bills, without retries
     * @param bakeExtensions    the most states the statistical judge's bake extensions add (three each: ExtendBake,
     *                          JudgeHealth, NeedsLongerBake); 0 with thresholds
     */
    public record Transitions(
            List<String> states, int success, int metricWaitRetries, int rollbackInLastStage, int bakeExtensions) {
        public Transitions {
            states = List.copyOf(states);
        }

        public Transitions(List<String> states, int success, int metricWaitRetries, int rollbackInLastStage) {
            this(states, success, metricWaitRetries, rollbackInLastStage, 0);
        }

        /**
         * A successful run that waits as long as it may for every stage's metrics and, with the statistical judge,
         * extends every stage's bake as often as it may.
         */
        public int successAtMost() {
            return success + metricWaitRetries + bakeExtensions;
        }
    }

    /**
     * @param transitions        Step Functions, success path without retries
     * @param transitionsAtMost  with every metric wait retry
     * @param lambdaRequests     Lambda requests, success path
     * @param lambdaDuration     Lambda GB-seconds at the assumed duration per invocation, priced
     * @param total              everything, success path without retries
     * @param assumedInvocation  the duration assumed for each invocation
     * @param memoryMb           the functions' memory size
     * @param lambdaGbSeconds    Lambda GB-seconds, success path: invocations x assumed duration x memory in GB
     */
    public record Cost(
            BigDecimal transitions,
            BigDecimal transitionsAtMost,
            BigDecimal lambdaRequests,
            BigDecimal lambdaDuration,
            BigDecimal total,
            Duration assumedInvocation,
            int memoryMb,
            BigDecimal lambdaGbSeconds) {}

    /**
     * @param listener     the production listener whose forward weights move (its default action)
     * @param rule         the listener rule shifted instead, when the spec names one
     * @param targetGroups the two target groups the weights move between
     * @param testListener the test listener, which the workflow only reads through smoke tests
     * @param dns          with {@code routing.type: route53}, the weighted records whose weights move instead of the
     *                     listener's, and the shortest bake their TTL allows
     */
    public record Changes(
            String listener,
            Optional<String> rule,
            List<String> targetGroups,
            String testListener,
            Optional<DnsRecords> dns,
            Optional<Duration> dnsMinimumBake) {
        public Changes {
            targetGroups = List.copyOf(targetGroups);
            Objects.requireNonNull(dns, "dns");
            Objects.requireNonNull(dnsMinimumBake, "dnsMinimumBake");
        }
    }
}
