package dev.cutover.bench.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.plan.DeploymentEstimate;
import dev.cutover.core.plan.DeploymentEstimate.Entry;
import dev.cutover.core.plan.DeploymentEstimator;
import dev.cutover.core.plan.PublishedRates;
import dev.cutover.core.spec.SpecParser;

/**
 * bench/cost.sh's figures: what one deployment costs by number of stages and bake, from {@code cutover plan}'s own
 * estimator ({@link DeploymentEstimator}) at {@link PublishedRates}, for a run started by CodeDeploy's
 * BeforeAllowTraffic hook with the template's 1024 MB functions and 1 s assumed per invocation. Prints the rates
 * as one JSON object, then one JSON object per combination; a combination the spec validator refuses (the bakes do not fit CodeDeploy's one-hour hook
 * window) carries the validator's reason instead of figures.
 *
 * <p>Usage: {@code java -cp cutover-cli.jar:CLASSES dev.cutover.bench.cost.CostTable STAGES... -- BAKES...}
 * (bakes in minutes).
 */
public final class CostTable {

    private CostTable() {}

    public static void main(String[] args) {
        System.out.println(String.format(
                Locale.ROOT,
                "{\"rates\":{\"region\":\"%s\",\"readOn\":\"%s\",\"stepFunctionsPage\":\"%s\",\"lambdaPage\":\"%s\","
                        + "\"usdPer1000StateTransitions\":\"%s\",\"usdPerMillionLambdaRequests\":\"%s\","
                        + "\"usdPerLambdaGbSecondArm64\":\"%s\"}}",
                PublishedRates.REGION,
                PublishedRates.READ_ON,
                PublishedRates.STEP_FUNCTIONS_PAGE,
                PublishedRates.LAMBDA_PAGE,
                PublishedRates.STATE_TRANSITIONS_PER_1000.toPlainString(),
                PublishedRates.LAMBDA_REQUESTS_PER_MILLION.toPlainString(),
                PublishedRates.LAMBDA_ARM_PER_GB_SECOND.toPlainString()));
        int split = List.of(args).indexOf("--");
        List<Integer> stageCounts = List.of(args).subList(0, split).stream().map(Integer::valueOf).toList();
        List<Integer> bakes = List.of(args).subList(split + 1, args.length).stream()
                .map(Integer::valueOf)
                .toList();
        for (int stages : stageCounts) {
            for (int bake : bakes) {
                System.out.println(row(stages, bake));
            }
        }
    }

    private static String row(int stages, int bakeMinutes) {
        String head = String.format(Locale.ROOT, "{\"stages\":%d,\"bakeMinutes\":%d,", stages, bakeMinutes);
        DeploymentEstimate plan;
        try {
            plan = DeploymentEstimator.estimate(
                    SpecParser.parse(spec(stages, bakeMinutes), "bench/cost"),
                    Entry.CODEDEPLOY,
                    DeploymentEstimator.DEFAULT_MEMORY_MB,
                    DeploymentEstimator.DEFAULT_INVOCATION);
        } catch (SpecException e) {
            String reason = e.errors().stream()
                    .map(error -> error.path() + ": " + error.reason())
                    .collect(Collectors.joining("; "));
            return head + "\"valid\":false,\"reason\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        }
        DeploymentEstimate.Cost cost = plan.cost();
        int invocations =
                plan.invocations().values().stream().mapToInt(Integer::intValue).sum();
        BigDecimal atMost = cost.transitionsAtMost().add(cost.lambdaRequests()).add(cost.lambdaDuration());
        return head
                + String.format(
                        Locale.ROOT,
                        "\"valid\":true,\"stateTransitions\":%d,\"stateTransitionsAtMost\":%d,\"lambdaInvocations\":%d,"
                                + "\"lambdaGbSeconds\":%s,\"usd\":%s,\"usdAtMost\":%s,\"usdStateTransitions\":%s,"
                                + "\"usdLambdaRequests\":%s,\"usdLambdaDuration\":%s,\"hookWindowNeededSeconds\":%d}",
                        plan.transitions().success(),
                        plan.transitions().successAtMost(),
                        invocations,
                        cost.lambdaGbSeconds().toPlainString(),
                        cost.total().toPlainString(),
                        atMost.toPlainString(),
                        cost.transitions().toPlainString(),
                        cost.lambdaRequests().toPlainString(),
                        cost.lambdaDuration().toPlainString(),
                        plan.hookWindow().needed().toSeconds());
    }

    /** A spec with {@code stages} stages ending at 100%, each baking {@code bakeMinutes}, judged by alarm and gate. */
    static String spec(int stages, int bakeMinutes) {
        List<Integer> percents = List.of(List.of(100), List.of(10, 100), List.of(10, 50, 100), List.of(10, 25, 50, 100),
                        List.of(5, 10, 25, 50, 100))
                .get(stages - 1);
        String stageLines = IntStream.range(0, stages)
                .mapToObj(i -> "    - { percent: " + percents.get(i) + ", bakeSeconds: "
                        + Duration.ofMinutes(bakeMinutes).toSeconds() + " }\n")
                .collect(Collectors.joining());
        String arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";
        return "version: 1\n"
                + "service: orders\n"
                + "routing:\n"
                + "  productionListenerArn: " + arn + "listener/app/orders/0123456789abcdef/1111111111111111\n"
                + "  testListenerArn: " + arn + "listener/app/orders/0123456789abcdef/2222222222222222\n"
                + "  targetGroupArns: [" + arn + "targetgroup/orders-blue/0123456789abcdef, " + arn
                + "targetgroup/orders-green/fedcba9876543210]\n"
                + "  productionUrl: https://orders.example.com\n"
                + "  testUrl: https://orders.example.com:8443\n"
                + "shifting:\n"
                + "  safetyMarginSeconds: 300\n"
                + "  stages:\n" + stageLines
                + "health:\n"
                + "  alarms: [orders-green-5xx]\n"
                + "  metricGates:\n"
                + "    - { metric: 5xx-rate, threshold: 0.01, maxIncreaseOverBlue: 0.005, minRequests: 200 }\n"
                + "  metricsWaitSeconds: 120\n";
    }
}
