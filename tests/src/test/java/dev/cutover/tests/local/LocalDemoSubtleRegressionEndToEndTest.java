package dev.cutover.tests.local;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover demo --scenario subtle-regression}: green works 23 ms per order request where blue works 20 ms,
 * 15% slower and far under the 250 ms p99 gate. The threshold judge cannot see it and promotes; with
 * {@code --judge statistical} the rank test of green's latencies against blue's does, and the rollback's reason is
 * the judge's own line.
 */
class LocalDemoSubtleRegressionEndToEndTest {

    @BeforeAll
    static void quietLogs() {
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    private static DemoSummary run(DemoOptions options) {
        DemoSummary summary = new Demo(options).run();
        // in the surefire output file, for whoever reads a failure
        System.out.println(summary.render());
        return summary;
    }

    @Test
    void theThresholdJudgePromotesAGreenFifteenPercentSlowerThanBlueButUnderItsLimits() {
        DemoSummary summary = run(DemoOptions.of(Scenario.SUBTLE_REGRESSION));

        assertThat(summary.outcome()).isEqualTo(DemoSummary.PROMOTED);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(summary.rollback()).isEmpty();
        assertThat(summary.requests().failed()).isZero();
    }

    @Test
    void theStatisticalJudgeRollsItBackAndTheReasonIsItsOneLineExplanation() {
        DemoSummary summary = run(DemoOptions.of(Scenario.SUBTLE_REGRESSION).withJudge(HealthGates.Judge.STATISTICAL));

        assertThat(summary.outcome()).isEqualTo(DemoSummary.ROLLED_BACK);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.rollback().orElseThrow().reason())
                .contains("statistical latency worse: blue median ")
                .contains("green slower in ")
                .contains("confidence ")
                .contains("(needs 95.0%)")
                .doesNotEndWith(" | ");
    }
}
