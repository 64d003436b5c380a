package dev.cutover.core.plan;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cutover.core.plan.DeploymentEstimate.Entry;
import dev.cutover.core.plan.DeploymentEstimate.StageTiming;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cutover plan}'s arithmetic over the repository's example specs. */
class DeploymentEstimatorTest {

    @Test
    void approvalGatesAndARollbackWindowAddTheirStatesTimeAndInvocations() {
        // functions/core/src/test/resources/specs/valid/approval-and-window.yaml: 10% after an approval of at most
        // 30 min, bake 300 s; 100%, bake 0 s; a 30 min rollback window
        DeploymentEstimate plan = DeploymentEstimator.estimate(
                SpecParser.parse(
                        root().resolve("functions/core/src/test/resources/specs/valid/approval-and-window.yaml")),
                Entry.CODEDEPLOY);

        assertThat(plan.transitions().states())
                .containsExactly(
                        "ValidateAndLock",
                        "IsStandalone",
                        "Stages",
                        "NeedsApproval",
                        "AwaitApproval",
                        "ShiftTraffic",
                        "Bake",
                        "JudgeHealth",
                        "NeedsLongerBake",
                        "StageJudged",
                        "NeedsApproval",
                        "ShiftTraffic",
                        "Bake",
                        "JudgeHealth",
                        "NeedsLongerBake",
                        "StageJudged",
                        "IsStandaloneAfter",
                        "Finalize",
                        "HasRollbackWindow",
                        "RollbackWindow",
                        "CloseRollbackWindow",
                        "DeploymentSucceeded");
        assertThat(plan.transitions().success())
                .as("6N + A + 7, + 2 for the window")
                .isEqualTo(6 * 2 + 1 + 7 + 2);
        assertThat(plan.invocations()).containsEntry("RequestApproval", 1).containsEntry("CloseRollbackWindow", 1);
        assertThat(plan.timeline().get(0).approvalTimeout()).contains(Duration.ofMinutes(30));
        assertThat(plan.timeline().get(0).shiftAt()).as("at the latest").isEqualTo(Duration.ofMinutes(30));
        assertThat(plan.timeline().get(1).shiftAt()).isEqualTo(Duration.ofSeconds(1800 + 300));
        assertThat(plan.hookWindow().needed())
                .as("the validator's sum: bakes + approval timeouts + margin")
                .isEqualTo(Duration.ofSeconds(300 + 0 + 1800 + 300));
        assertThat(plan.rollbackWindow()).contains(Duration.ofMinutes(30));
    }

    private static Path root() {
        String configured = System.getProperty("cutover.repo.root", "");
        Path dir = configured.isBlank() ? Path.of("").toAbsolutePath() : Path.of(configured);
        while (!Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** A spec of examples/, found from the working directory up. */
    static CutoverSpec example(String name) {
        return SpecParser.parse(root().resolve("examples/" + name));
    }

    @Test
    void theOrdersTimelineIsTheHookWindowArithmeticOfItsComment() {
        // examples/orders.cutover.yaml: (300 + 120) + (600 + 120) + (900 + 120) + (120 + 120) + 300 = 2700 s <= 3600 s
        DeploymentEstimate plan = DeploymentEstimator.estimate(example("orders.cutover.yaml"), Entry.CODEDEPLOY);

        assertThat(plan.timeline())
                .extracting(
                        StageTiming::percent,
                        s -> s.shiftAt().toSeconds(),
                        s -> s.judgedBy().toSeconds())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(10, 0L, 420L),
                        org.assertj.core.groups.Tuple.tuple(25, 420L, 1140L),
                        org.assertj.core.groups.Tuple.tuple(50, 1140L, 2160L),
                        org.assertj.core.groups.Tuple.tuple(100, 2160L, 2400L));
        assertThat(plan.hookWindow().needed()).isEqualTo(Duration.ofSeconds(2700));
        assertThat(plan.hookWindow().headroom()).isEqualTo(Duration.ofSeconds(900));
        assertThat(plan.hookWindow().fits()).isTrue();
    }

    @Test
    void transitionsFollowDocsWorkflowMdFourStagesCost31UnderCodeDeployAnd33Standalone() {
        CutoverSpec orders = example("orders.cutover.yaml");
        assertThat(DeploymentEstimator.estimate(orders, Entry.CODEDEPLOY)
                        .transitions()
                        .success())
                .isEqualTo(31);
        assertThat(DeploymentEstimator.estimate(orders, Entry.STANDALONE)
                        .transitions()
                        .success())
                .isEqualTo(33);
        assertThat(DeploymentEstimator.estimate(orders, Entry.STANDALONE)
                        .transitions()
                        .rollbackInLastStage())
                .as("standalone, rolled back in stage k = N: 6k + 4")
                .isEqualTo(6 * 4 + 4);
    }

    @Test
    void metricGatesAddTheRetriesDocsWorkflowMdCountsPerStage() {
        // a bake of 120 s or more waits 120 s for publication: 8 retries (147.8 s); a 0 s bake 240 s: 10 (267.8 s)
        assertThat(DeploymentEstimator.retriesCovering(Duration.ofSeconds(120))).isEqualTo(8);
        assertThat(DeploymentEstimator.retriesCovering(Duration.ofSeconds(240))).isEqualTo(10);
        assertThat(DeploymentEstimator.retriesCovering(Duration.ZERO)).isZero();
        DeploymentEstimate plan = DeploymentEstimator.estimate(example("orders.cutover.yaml"), Entry.CODEDEPLOY);
        assertThat(plan.timeline()).extracting(StageTiming::metricWaitRetries).containsExactly(8, 8, 8, 10);
        assertThat(plan.transitions().successAtMost()).isEqualTo(31 + 34);
    }

    @Test
    void withoutMetricGatesTheBakesAreTheTimelineAndNothingWaits() {
        DeploymentEstimate plan = DeploymentEstimator.estimate(example("minimal.cutover.yaml"), Entry.STANDALONE);
        assertThat(plan.timeline()).singleElement().satisfies(stage -> {
            assertThat(stage.judgedBy()).isEqualTo(Duration.ofSeconds(300));
            assertThat(stage.metricWaitRetries()).isZero();
        });
        assertThat(plan.transitions().states())
                .containsExactly(
                        "ValidateAndLock",
                        "IsStandalone",
                        "PreTrafficChecks",
                        "Stages",
                        "NeedsApproval",
                        "ShiftTraffic",
                        "Bake",
                        "JudgeHealth",
                        "NeedsLongerBake",
                        "StageJudged",
                        "IsStandaloneAfter",
                        "PostTrafficChecks",
                        "Finalize",
                        "HasRollbackWindow",
                        "DeploymentSucceeded");
        assertThat(plan.invocations())
                .containsExactly(
                        java.util.Map.entry("ValidateAndLock", 1),
                        java.util.Map.entry("PreTrafficChecks", 1),
                        java.util.Map.entry("ShiftTraffic", 1),
                        java.util.Map.entry("JudgeHealth", 1),
                        java.util.Map.entry("PostTrafficChecks", 1),
                        java.util.Map.entry("Finalize", 1));
    }

    @Test
    void theCostIsTheCountsAtThePublishedRates() {
        DeploymentEstimate plan = DeploymentEstimator.estimate(
                example("orders.cutover.yaml"), Entry.CODEDEPLOY, 1024, Duration.ofSeconds(1));
        // 31 transitions x $0.025 / 1000; 5 hooks + 1 + 4 + 4 + 1 = 15 requests x $0.20 / 1e6; 15 GB-s x arm rate
        assertThat(plan.cost().transitions()).isEqualByComparingTo(new BigDecimal("0.000775"));
        assertThat(plan.invocations().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(15);
        assertThat(plan.cost().lambdaRequests()).isEqualByComparingTo(new BigDecimal("0.000003"));
        assertThat(plan.cost().lambdaDuration()).isEqualByComparingTo(new BigDecimal("0.00020000"));
        assertThat(plan.cost().total())
                .isEqualByComparingTo(plan.cost()
                        .transitions()
                        .add(plan.cost().lambdaRequests())
                        .add(plan.cost().lambdaDuration()));
    }

    @Test
    void itNamesTheListenerAndTargetGroupsTheRunChanges() {
        CutoverSpec minimal = example("minimal.cutover.yaml");
        DeploymentEstimate plan = DeploymentEstimator.estimate(minimal, Entry.STANDALONE);
        assertThat(plan.changes().listener()).isEqualTo(minimal.routing().productionListenerArn());
        assertThat(plan.changes().targetGroups()).isEqualTo(minimal.routing().targetGroupArns());
        assertThat(plan.changes().rule()).isEmpty();
        assertThat(List.of(PublishedRates.STEP_FUNCTIONS_PAGE, PublishedRates.LAMBDA_PAGE))
                .allMatch(url -> url.startsWith("https://aws.amazon.com/"));
    }
}
