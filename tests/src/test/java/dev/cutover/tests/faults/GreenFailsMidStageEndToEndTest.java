package dev.cutover.tests.faults;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.adapters.LocalCodeDeploy.HookRecord;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault matrix, end to end on the local runtime (`cutover demo`'s world: embedded PostgreSQL, the sample apps, the
 * weighted router over real HTTP, the load generator, the real handlers and state machine, the local CodeDeploy):
 * green, healthy through its smoke tests and the first stage, fails right after the shift to 50%. Load-sensitive like
 * the other demo tests (300 requests per second keep the shared machine's latency under the p99 alarm): run one at a
 * time.
 */
class GreenFailsMidStageEndToEndTest {

    @BeforeAll
    static void quietLogs() {
        LocalLogging.configure("warn");
    }

    private static DemoSummary run(Demo.GreenFault fault) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoSummary summary = new Demo(DemoOptions.of(Scenario.HEALTHY)
                        .withRps(300)
                        .withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8)))
                .failGreenAt(50, fault)
                .run();
        System.out.println(progress.toString(StandardCharsets.UTF_8));
        System.out.println(summary.render());
        return summary;
    }

    /** All blue, as the ledger's outcome says; BeforeAllowTraffic, the hook the workflow answers, Failed once. */
    private static void assertRolledBackWithOneFailedHook(DemoSummary summary) {
        assertThat(summary.outcome()).isEqualTo(DemoSummary.ROLLED_BACK);
        assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(summary.hooks())
                .extracting(HookRecord::name, HookRecord::status)
                .endsWith(org.assertj.core.groups.Tuple.tuple("BeforeAllowTraffic", "Failed"));
        assertThat(summary.hooks()).extracting(HookRecord::name).doesNotHaveDuplicates();
        assertThat(summary.stages()).extracting(s -> s.path("percent").asInt()).containsExactly(10, 50);
    }

    @Test
    void greenCrashingWhileTheShiftTo50PercentBakesIsRolledBackByItsFailedRequests() {
        DemoSummary summary = run(Demo.GreenFault.CRASH);

        assertRolledBackWithOneFailedHook(summary);
        assertThat(summary.rollback().orElseThrow().reason()).contains("5xx");
    }

    @Test
    void greenHangingWhileTheShiftTo50PercentBakesIsRolledBackAsTooFewRequestsToJudge() {
        DemoSummary summary = run(Demo.GreenFault.HANG);

        // a hung green answers nothing within the bake: too few requests to judge, which fails closed
        assertRolledBackWithOneFailedHook(summary);
        assertThat(summary.rollback().orElseThrow().reason()).contains("INCONCLUSIVE");
    }
}
