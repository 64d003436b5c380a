package dev.cutover.core.spec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.field.Problems;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.MetricTiming;

/**
 * The rules of a spec that relate one field to another (stage order, the hook-window budget, distinct target
 * groups...), which the published JSON Schema cannot express. {@link SpecParser} applies each rule while it reads,
 * to whatever values were readable, so one run reports every error; {@link #validate(CutoverSpec)} applies them
 * all to a spec built in code.
 *
 * <p>Each rule takes values that may be {@code null} (they failed their own, field-level check, which has been
 * reported already) and skips what it cannot judge, so no error is reported twice.
 */
public final class SpecValidator {

    private SpecValidator() {}

    /** Every cross-field rule, applied to a complete spec; empty when it keeps them all. */
    public static List<FieldError> validate(CutoverSpec spec) {
        Problems problems = new Problems();
        Routing routing = spec.routing();
        differentListeners(
                problems, "routing.testListenerArn", routing.productionListenerArn(), routing.testListenerArn());
        ruleOnListener(
                problems,
                "routing.productionRuleArn",
                routing.productionRuleArn().orElse(null),
                routing.productionListenerArn());

        Shifting shifting = spec.shifting();
        List<Integer> percents =
                shifting.stages().stream().map(Shifting.Stage::percent).collect(Collectors.toList());
        List<Long> bakes =
                shifting.stages().stream().map(s -> s.bake().toSeconds()).collect(Collectors.toList());
        stages(problems, "shifting.stages", percents);
        if (spec.health().metricGates().isEmpty()) {
            hookWindow(
                    problems,
                    "shifting.stages",
                    shifting.mode(),
                    bakes,
                    shifting.stages().stream()
                            .map(st -> st.approvalTimeout()
                                    .orElse(java.time.Duration.ZERO)
                                    .toSeconds())
                            .collect(Collectors.toList()),
                    shifting.hookWindow().toSeconds(),
                    shifting.safetyMargin().toSeconds());
        } else {
            metricTiming(problems, shifting, spec.health(), MetricTiming.CLOUDWATCH_ALB);
        }

        dnsBakes(problems, "shifting.stages", routing, shifting);

        rollbackWindow(
                problems,
                "rollback.windowMinutes",
                spec.rollback().window(),
                spec.rollback().codeDeployTerminationWait());

        unique(problems, "health.alarms", "", "alarm name", spec.health().alarms());

        SmokeTests smoke = spec.smokeTests();
        unique(
                problems,
                "smokeTests.tests",
                ".name",
                "test name",
                smoke.tests().stream().map(SmokeTests.SmokeTest::name).collect(Collectors.toList()));
        Set<String> hosts = callableHosts(smoke.allowedHosts(), routing.productionUrl(), routing.testUrl());
        for (int i = 0; i < smoke.tests().size(); i++) {
            String target = smoke.tests().get(i).target();
            if (!target.startsWith("/")) {
                smokeUrlHost(problems, "smokeTests.tests[" + i + "].url", URI.create(target), hosts);
            }
        }

        loopbackTargets(problems, routing, smoke);

        spec.dataSync()
                .ifPresent(sync -> differentSecrets(
                        problems,
                        "dataSync.greenDatabaseSecret",
                        sync.blueDatabaseSecret(),
                        sync.greenDatabaseSecret()));
        if (spec.rollback().mode() == RollbackPolicy.Mode.GRADUAL) {
            rollbackSteps(problems, "rollback.steps", spec.rollback().steps());
        }
        return problems.all();
    }

    /**
     * With DNS records, the shortest bake a stage may have: the records' caching bound (their TTL, or the alias
     * target's) plus a margin of one more of it. After a change, a resolver that cached the previous answer just
     * before it keeps serving that answer for up to one TTL, so for the first TTL of a bake the old split still
     * reaches clients; the margin then gives the judge at least one more TTL in which every client resolves at the
     * new weights. A fixed margin (say 60 s) would be too long for a 5 s TTL and too short to matter for a 1 h one.
     */
    public static Duration dnsMinimumBake(DnsRecords records) {
        return records.cachingBound().multipliedBy(2);
    }

    /** Each stage's bake is at least {@link #dnsMinimumBake}: the error gives the arithmetic. */
    static void dnsBakes(Problems problems, String stagesPath, Routing routing, Shifting shifting) {
        if (routing.dns().isEmpty()) {
            return;
        }
        DnsRecords records = routing.dns().get();
        long ttl = records.cachingBound().toSeconds();
        long minimum = dnsMinimumBake(records).toSeconds();
        String ttlSource = records.ttl().isPresent()
                ? "routing.dns.ttlSeconds " + ttl
                : "the alias target's TTL " + ttl + " s (routing.dns.recordType A)";
        for (int i = 0; i < shifting.stages().size(); i++) {
            long bake = shifting.stages().get(i).bake().toSeconds();
            if (bake < minimum) {
                problems.add(
                        stagesPath + "[" + i + "].bakeSeconds",
                        "stage " + (i + 1) + " bake " + bake + " s < " + ttlSource
                                + (records.ttl().isPresent() ? " s" : "")
                                + " + margin " + ttl + " s = " + minimum + " s: resolvers may answer with the"
                                + " previous weights for up to one TTL after each change, and the bake must then"
                                + " still see one TTL of traffic at the new weights; raise bakeSeconds to " + minimum
                                + " or lower the TTL");
            }
        }
    }

    /** A test listener that is the production listener would send test traffic to customers and vice versa. */
    static void differentListeners(Problems problems, String testPath, String production, String test) {
        if (production != null && production.equals(test)) {
            problems.add(testPath, "must differ from productionListenerArn: the test listener routes only to green");
        }
    }

    /** Shifting a rule of another listener would move some other service's traffic. */
    static void ruleOnListener(Problems problems, String rulePath, String rule, String listener) {
        if (rule == null || listener == null) {
            return;
        }
        Arns.listenerOf(rule).ifPresent(owner -> {
            if (!owner.equals(listener)) {
                problems.add(rulePath, "belongs to listener " + owner + ", not to productionListenerArn " + listener);
            }
        });
    }

    /** Comparing a store with itself always passes, which would hide every difference. */
    static void differentSecrets(Problems problems, String greenPath, String blue, String green) {
        if (blue != null && blue.equals(green)) {
            problems.add(
                    greenPath,
                    "must differ from blueDatabaseSecret: comparing a database with itself proves" + " nothing");
        }
    }

    /**
     * Stage percentages strictly increase and the last is 100.
     *
     * @param percents one per stage, null for a stage whose percent was unreadable
     */
    static void stages(Problems problems, String stagesPath, List<Integer> percents) {
        Integer previous = null;
        for (int i = 0; i < percents.size(); i++) {
            Integer percent = percents.get(i);
            if (percent == null) {
                continue;
            }
            if (previous != null && percent <= previous) {
                problems.add(
                        stagesPath + "[" + i + "].percent",
                        percent + " is not greater than the previous stage's " + previous
                                + "; stages must strictly increase");
            }
            previous = Math.max(percent, previous == null ? percent : previous);
        }
        Integer last = percents.isEmpty() ? null : percents.get(percents.size() - 1);
        if (last != null && last != 100) {
            problems.add(
                    stagesPath + "[" + (percents.size() - 1) + "].percent",
                    "the last stage must send 100 percent of traffic to green, got " + last);
        }
    }

    /**
     * In staged mode the workflow runs inside CodeDeploy's BeforeAllowTraffic hook, which must be answered
     * within the hook window: every bake plus the margin kept for checks and shifts has to fit.
     *
     * @param bakeSeconds one per stage, null for an unreadable one (then nothing is judged)
     */
    static void hookWindow(
            Problems problems,
            String stagesPath,
            Shifting.Mode mode,
            List<Long> bakeSeconds,
            List<Long> approvalSeconds,
            Long windowSeconds,
            Long marginSeconds) {
        if (mode != Shifting.Mode.STAGED
                || windowSeconds == null
                || marginSeconds == null
                || bakeSeconds.isEmpty()
                || bakeSeconds.contains(null)) {
            return;
        }
        long totalBake = bakeSeconds.stream().mapToLong(Long::longValue).sum();
        long totalApproval = approvalSeconds.stream().mapToLong(Long::longValue).sum();
        long needed = totalBake + totalApproval + marginSeconds;
        if (needed > windowSeconds) {
            String terms = bakeSeconds.stream().map(String::valueOf).collect(Collectors.joining(" + "));
            String approvals = totalApproval == 0
                    ? ""
                    : " + approval timeouts " + totalApproval + " s ("
                            + approvalSeconds.stream()
                                    .filter(a -> a > 0)
                                    .map(String::valueOf)
                                    .collect(Collectors.joining(" + "))
                            + ")";
            problems.add(
                    stagesPath,
                    "total bake time " + totalBake + " s (" + terms + ")" + approvals + " + safety margin "
                            + marginSeconds + " s = " + needed + " s, which exceeds the CodeDeploy hook window of "
                            + windowSeconds + " s by " + (needed - windowSeconds) + " s; shorten the bake times"
                            + (totalApproval == 0 ? "" : ", the approval timeouts") + " or the"
                            + " safety margin, or use fewer stages");
        }
    }

    /**
     * The rollback window must end before CodeDeploy deletes the original (blue) task set: it deletes it
     * {@code terminationWaitTimeInMinutes} after the deployment succeeds (AWS CodeDeploy API Reference,
     * BlueInstanceTerminationOption: "For an Amazon ECS deployment, the number of minutes before deleting the original
     * (blue) task set"), and the deployment succeeds after Finalize answered BeforeAllowTraffic, when the window
     * opens; so blue still serves for the whole window when {@code window <= terminationWait}.
     */
    static void rollbackWindow(Problems problems, String path, Duration window, Optional<Duration> terminationWait) {
        if (terminationWait.isPresent() && window.compareTo(terminationWait.get()) > 0) {
            problems.add(
                    path,
                    window.toMinutes() + " min is longer than rollback.codeDeployTerminationWaitMinutes "
                            + terminationWait.get().toMinutes() + " min: CodeDeploy deletes the original (blue) task"
                            + " set " + terminationWait.get().toMinutes() + " min after the deployment succeeds, so"
                            + " the last " + window.minus(terminationWait.get()).toMinutes() + " min of the window"
                            + " would roll back to a blue with no tasks; raise the deployment group's"
                            + " terminationWaitTimeInMinutes (and this field) or shorten the window");
        }
    }

    /**
     * With metric gates, each stage is judged over whole, published CloudWatch periods
     * ({@code dev.cutover.core.health.MetricWindow}): a stage baking {@code B} is judged at the latest
     * {@code max(B, 2P) + D} after its shift ({@code P} the period, {@code D} the publication delay), so a bake
     * shorter than two periods is extended, never refused. The hook-window check counts the extended times, and
     * {@code health.metricsWaitSeconds} must cover the longest wait after a bake, {@code max(B, 2P) + D - B}.
     */
    static void metricTiming(Problems problems, Shifting shifting, HealthGates health, MetricTiming timing) {
        long p = timing.period().toSeconds();
        long d = timing.publicationDelay().toSeconds();
        List<Long> bakes = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        long worstWait = -1;
        int worstStage = -1;
        for (int i = 0; i < shifting.stages().size(); i++) {
            long bake = shifting.stages().get(i).bake().toSeconds();
            long judged = timing.longestJudgedAfter(Duration.ofSeconds(bake)).toSeconds();
            bakes.add(judged + extensionSeconds(health));
            terms.add((bake >= 2 * p ? "(" + bake + " + " + d + ")" : "(" + bake + " -> " + 2 * p + " + " + d + ")")
                    + extensionTerm(health));
            if (judged - bake > worstWait) {
                worstWait = judged - bake;
                worstStage = i;
            }
        }
        if (worstStage >= 0 && health.metricsWait().toSeconds() < worstWait) {
            long bake = shifting.stages().get(worstStage).bake().toSeconds();
            problems.add(
                    "health.metricsWaitSeconds",
                    "stage " + (worstStage + 1) + " (bake " + bake + " s) is judged over whole " + p + " s CloudWatch"
                            + " periods published " + d + " s after they end: at most max(" + bake + ", 2 x " + p
                            + ") + " + d + " = " + (bake + worstWait) + " s after its shift, " + worstWait
                            + " s after its bake; health.metricsWaitSeconds "
                            + health.metricsWait().toSeconds()
                            + " s is shorter: raise it to at least " + worstWait + " or lengthen the bake");
        }
        if (shifting.mode() != Shifting.Mode.STAGED) {
            return;
        }
        long total = bakes.stream().mapToLong(Long::longValue).sum();
        long approvals = shifting.totalApprovalTimeout().toSeconds();
        long margin = shifting.safetyMargin().toSeconds();
        long window = shifting.hookWindow().toSeconds();
        long needed = total + approvals + margin;
        if (needed > window) {
            problems.add(
                    "shifting.stages",
                    "with metric gates each stage takes up to max(bake, 2 x " + p + " s CloudWatch period) + " + d
                            + " s publication delay (a shorter bake is extended): " + String.join(" + ", terms)
                            + " = " + total + " s,"
                            + (approvals == 0 ? "" : " + approval timeouts " + approvals + " s,")
                            + " + safety margin " + margin + " s = " + needed
                            + " s, which exceeds the CodeDeploy hook window of " + window + " s by " + (needed - window)
                            + " s; shorten the bake times or the safety margin, or use fewer stages");
        }
    }

    /** The most the statistical judge extends one stage's bake while it is inconclusive; 0 for thresholds. */
    private static long extensionSeconds(HealthGates health) {
        return health.judge() == HealthGates.Judge.STATISTICAL
                ? health.statistical().longestExtension().toSeconds()
                : 0;
    }

    /** {@code  + 2 x 60 s extended}: the extensions in the hook-window arithmetic. */
    private static String extensionTerm(HealthGates health) {
        return extensionSeconds(health) == 0
                ? ""
                : " + " + health.statistical().maxExtensions() + " x "
                        + health.statistical().extendBy().toSeconds() + " s extended while inconclusive";
    }

    /**
     * What the hook-window rule counts for each stage of a complete spec, in order: its bake, or with metric gates
     * the latest it is judged after its shift ({@code max(B, 2P) + D}, {@link MetricTiming#longestJudgedAfter}).
     * The rule: their sum plus {@code shifting.safetyMargin} fits in {@code shifting.hookWindow}. For
     * {@code cutover plan}'s timeline.
     */
    public static List<Duration> hookWindowTerms(CutoverSpec spec) {
        boolean metricGates = !spec.health().metricGates().isEmpty();
        // the statistical judge extends an inconclusive bake at most maxExtensions times; each extension's window
        // is published by the time it ends (the first judgement waited for the bake's), so they add up plainly
        Duration extensions = Duration.ofSeconds(extensionSeconds(spec.health()));
        return spec.shifting().stages().stream()
                .map(s -> (metricGates ? MetricTiming.CLOUDWATCH_ALB.longestJudgedAfter(s.bake()) : s.bake())
                        .plus(extensions))
                .collect(Collectors.toList());
    }

    /**
     * What the validator has to say about a valid spec: each bake that metric gates extend, by how much and why.
     * Empty without metric gates.
     */
    public static List<String> notes(CutoverSpec spec) {
        List<String> notes = new ArrayList<>();
        spec.routing().dns().ifPresent(records -> {
            long ttl = records.cachingBound().toSeconds();
            notes.add("routing.dns: traffic is switched by the weights of " + records + "; resolvers cache an answer"
                    + " for up to " + ttl + " s ("
                    + (records.ttl().isPresent() ? "ttlSeconds" : "the alias target's TTL")
                    + "), so every bake is at least " + ttl + " + margin " + ttl + " = "
                    + dnsMinimumBake(records).toSeconds()
                    + " s, and after a rollback clients may keep reaching green for up to " + ttl + " s");
        });
        RollbackPolicy rollback = spec.rollback();
        if (rollback.hasWindow()
                && rollback.codeDeployTerminationWait().isEmpty()
                && spec.shifting().mode() == Shifting.Mode.STAGED) {
            notes.add("rollback.windowMinutes: " + rollback.window().toMinutes() + " min; under CodeDeploy the"
                    + " deployment group's terminationWaitTimeInMinutes must be at least that, or the window outlives"
                    + " the original (blue) task set; declare it as rollback.codeDeployTerminationWaitMinutes to have"
                    + " it checked");
        }
        if (spec.health().metricGates().isEmpty()) {
            return notes;
        }
        MetricTiming timing = MetricTiming.CLOUDWATCH_ALB;
        long p = timing.period().toSeconds();
        long d = timing.publicationDelay().toSeconds();
        List<Shifting.Stage> stages = spec.shifting().stages();
        for (int i = 0; i < stages.size(); i++) {
            long bake = stages.get(i).bake().toSeconds();
            long judged = timing.longestJudgedAfter(Duration.ofSeconds(bake)).toSeconds();
            if (bake < 2 * p) {
                notes.add("shifting.stages[" + i + "].bakeSeconds: " + bake + " s is shorter than two " + p
                        + " s CloudWatch periods; the metric gates judge at least one whole period after the shift,"
                        + " so the bake is extended: judged at most max(" + bake + ", 2 x " + p + ") + " + d + " = "
                        + judged + " s after the shift, " + (judged - bake) + " s longer than the bake");
            }
        }
        return notes;
    }

    /**
     * Reports each repeat of a value at its own path, naming where it first appeared.
     *
     * @param suffix appended to each element's path ({@code .name} when the value is a field of the element)
     * @param values null for an unreadable element
     */
    static void unique(Problems problems, String listPath, String suffix, String what, List<String> values) {
        Map<String, Integer> firstAt = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                continue;
            }
            Integer first = firstAt.putIfAbsent(value, i);
            if (first != null) {
                problems.add(
                        listPath + "[" + i + "]" + suffix,
                        "duplicate " + what + " " + Values.quote(value) + " (also at " + listPath + "[" + first + "]"
                                + suffix + ")");
            }
        }
    }

    /**
     * The hosts a smoke test may call by absolute URL: the allowed hosts and the hosts of the two listener URLs,
     * normalized with {@link AddressRules#normalize(String)}.
     */
    static Set<String> callableHosts(List<String> allowedHosts, URI productionUrl, URI testUrl) {
        List<String> hosts = new ArrayList<>();
        allowedHosts.stream().filter(Objects::nonNull).forEach(hosts::add);
        for (URI url : new URI[] {productionUrl, testUrl}) {
            if (url != null && url.getHost() != null) {
                hosts.add(url.getHost());
            }
        }
        return hosts.stream().map(AddressRules::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** A smoke test URL's host is one of {@code callableHosts}. */
    static void smokeUrlHost(Problems problems, String urlPath, URI url, Set<String> callableHosts) {
        if (url.getHost() == null) {
            return;
        }
        String host = AddressRules.normalize(url.getHost());
        if (!callableHosts.contains(host)) {
            problems.add(
                    urlPath,
                    "host " + url.getHost() + " is not in smokeTests.allowedHosts and is not the host"
                            + " of productionUrl or testUrl; add it to allowedHosts if the test must call it");
        }
    }

    /**
     * Gradual rollback steps strictly decrease and end at 0.
     *
     * @param steps null elements are unreadable steps
     */
    /**
     * Refuses every target on this machine (the listeners' URLs, allowed hosts, test URLs) unless the spec sets
     * {@code smokeTests.allowLoopbackTargets}: on Lambda, 127.0.0.1:9001 is the Runtime API, and anywhere else a
     * loopback URL reaches whatever happens to listen there, not the service.
     */
    static void loopbackTargets(Problems problems, Routing routing, SmokeTests smoke) {
        if (smoke.allowLoopbackTargets()) {
            return;
        }
        loopbackHost(problems, "routing.productionUrl", routing.productionUrl().getHost());
        loopbackHost(problems, "routing.testUrl", routing.testUrl().getHost());
        for (int i = 0; i < smoke.allowedHosts().size(); i++) {
            loopbackHost(
                    problems,
                    "smokeTests.allowedHosts[" + i + "]",
                    smoke.allowedHosts().get(i));
        }
        for (int i = 0; i < smoke.tests().size(); i++) {
            String target = smoke.tests().get(i).target();
            if (!target.startsWith("/")) {
                loopbackHost(
                        problems,
                        "smokeTests.tests[" + i + "].url",
                        URI.create(target).getHost());
            }
        }
    }

    private static void loopbackHost(Problems problems, String path, String host) {
        if (host != null) {
            AddressRules.loopbackProblem(host).ifPresent(reason -> problems.add(path, reason));
        }
    }

    static void rollbackSteps(Problems problems, String stepsPath, List<Integer> steps) {
        Integer previous = null;
        for (int i = 0; i < steps.size(); i++) {
            Integer step = steps.get(i);
            if (step == null) {
                continue;
            }
            if (previous != null && step >= previous) {
                problems.add(
                        stepsPath + "[" + i + "]",
                        step + " is not less than the previous step's " + previous
                                + "; rollback steps must strictly decrease");
            }
            previous = previous == null ? step : Math.min(step, previous);
        }
        Integer last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last != null && last != 0) {
            problems.add(
                    stepsPath + "[" + (steps.size() - 1) + "]",
                    "the last step must be 0 (all traffic back on blue), got " + last);
        }
    }
}
