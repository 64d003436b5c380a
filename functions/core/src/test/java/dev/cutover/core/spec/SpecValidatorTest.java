package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** The cross-field rules applied to specs built in code. */
class SpecValidatorTest {

    private final CutoverSpec full =
            SpecParser.parse(SpecDocuments.valid("full.yaml").file());

    private CutoverSpec withShifting(Shifting shifting) {
        return with(shifting, full.health());
    }

    /** Without metric gates: the bakes are the stages' times as written. */
    private CutoverSpec alarmsOnly(Shifting shifting) {
        return with(shifting, new HealthGates(full.health().alarms(), List.of()));
    }

    private CutoverSpec with(Shifting shifting, HealthGates health) {
        return new CutoverSpec(
                full.version(),
                full.service(),
                full.routing(),
                shifting,
                health,
                full.smokeTests(),
                full.migrations(),
                full.dataSync(),
                full.notifications(),
                full.rollback());
    }

    private static Shifting.Stage stage(int percent, long bakeSeconds) {
        return new Shifting.Stage(percent, Duration.ofSeconds(bakeSeconds));
    }

    @Test
    void aParsedSpecKeepsEveryRule() {
        assertThat(SpecValidator.validate(full)).isEmpty();
    }

    @Test
    void stagesMustIncreaseAndEndAt100() {
        CutoverSpec spec = withShifting(new Shifting(
                Shifting.Mode.STAGED,
                List.of(stage(20, 0), stage(20, 0), stage(10, 0), stage(60, 0)),
                Shifting.DEFAULT_HOOK_WINDOW,
                Shifting.DEFAULT_SAFETY_MARGIN));

        assertThat(SpecValidator.validate(spec))
                .containsExactly(
                        new FieldError(
                                "shifting.stages[1].percent",
                                "20 is not greater than the previous stage's 20; stages must strictly increase"),
                        new FieldError(
                                "shifting.stages[2].percent",
                                "10 is not greater than the previous stage's 20; stages must strictly increase"),
                        new FieldError(
                                "shifting.stages[3].percent",
                                "the last stage must send 100 percent of traffic to green, got 60"));
    }

    @Test
    void hookWindowArithmeticIsSpelledOut() {
        CutoverSpec spec = alarmsOnly(new Shifting(
                Shifting.Mode.STAGED,
                List.of(stage(10, 300), stage(50, 600), stage(100, 2400)),
                Shifting.DEFAULT_HOOK_WINDOW,
                Duration.ofSeconds(301)));

        assertThat(SpecValidator.validate(spec))
                .containsExactly(new FieldError(
                        "shifting.stages",
                        "total bake time 3300 s (300 + 600 + 2400) + safety margin 301 s = 3601 s, which exceeds the"
                                + " CodeDeploy hook window of 3600 s by 1 s; shorten the bake times or the safety margin,"
                                + " or use fewer stages"));
    }

    @Test
    void hookWindowIsInclusiveAndOnlyBindsStagedMode() {
        List<Shifting.Stage> stages = List.of(stage(10, 300), stage(50, 600), stage(100, 2400));

        assertThat(SpecValidator.validate(alarmsOnly(new Shifting(
                        Shifting.Mode.STAGED, stages, Shifting.DEFAULT_HOOK_WINDOW, Duration.ofSeconds(300)))))
                .isEmpty();
        assertThat(SpecValidator.validate(withShifting(new Shifting(
                        Shifting.Mode.ALL_AT_ONCE, stages, Shifting.DEFAULT_HOOK_WINDOW, Duration.ofSeconds(3000)))))
                .isEmpty();
    }

    @Test
    void withMetricGatesTheHookWindowCountsThePublicationWaitAndTheExtendedShortBakes() {
        // 300 + 600 + 2400 + 300 = 3600 fits the bakes alone; each stage's 120 s publication wait does not
        CutoverSpec spec = withShifting(new Shifting(
                Shifting.Mode.STAGED,
                List.of(stage(10, 300), stage(50, 600), stage(90, 2400), stage(100, 0)),
                Shifting.DEFAULT_HOOK_WINDOW,
                Duration.ofSeconds(0)));

        assertThat(SpecValidator.validate(spec))
                .containsExactly(new FieldError(
                        "shifting.stages",
                        "with metric gates each stage takes up to max(bake, 2 x 60 s CloudWatch period) + 120 s"
                                + " publication delay (a shorter bake is extended): (300 + 120) + (600 + 120) +"
                                + " (2400 + 120) + (0 -> 120 + 120) = 3900 s, + safety margin 0 s = 3900 s, which"
                                + " exceeds the CodeDeploy hook window of 3600 s by 300 s; shorten the bake times or"
                                + " the safety margin, or use fewer stages"));
    }

    @Test
    void aBakeShorterThanTheMetricPeriodIsExtendedAndTheMetricsWaitMustCoverIt() {
        Shifting shifting = new Shifting(
                Shifting.Mode.STAGED,
                List.of(stage(10, 300), stage(100, 0)),
                Shifting.DEFAULT_HOOK_WINDOW,
                Shifting.DEFAULT_SAFETY_MARGIN);
        CutoverSpec shortWait = with(
                shifting,
                new HealthGates(full.health().alarms(), full.health().metricGates(), Duration.ofSeconds(239)));

        assertThat(SpecValidator.validate(shortWait))
                .containsExactly(new FieldError(
                        "health.metricsWaitSeconds",
                        "stage 2 (bake 0 s) is judged over whole 60 s CloudWatch periods published 120 s after they"
                                + " end: at most max(0, 2 x 60) + 120 = 240 s after its shift, 240 s after its bake;"
                                + " health.metricsWaitSeconds 239 s is shorter: raise it to at least 240 or lengthen"
                                + " the bake"));
        CutoverSpec enough = withShifting(shifting);
        assertThat(SpecValidator.validate(enough)).isEmpty();
        assertThat(SpecValidator.notes(enough))
                .containsExactly("shifting.stages[1].bakeSeconds: 0 s is shorter than two 60 s CloudWatch periods;"
                        + " the metric gates judge at least one whole period after the shift, so the bake is"
                        + " extended: judged at most max(0, 2 x 60) + 120 = 240 s after the shift, 240 s longer than"
                        + " the bake");
        assertThat(SpecValidator.notes(alarmsOnly(shifting))).isEmpty();
    }

    @Test
    void crossFieldRulesOfOtherSectionsAreChecked() {
        Routing r = full.routing();
        // the rule stays on the old production listener, and the test listener becomes the production one (two
        // equal target groups are refused by Routing itself: SpecParserTest and specs/invalid/same-target-groups)
        Routing sameGroups = new Routing(
                r.testListenerArn(),
                r.productionRuleArn(),
                r.testListenerArn(),
                r.targetGroupArns(),
                r.roles(),
                r.productionUrl(),
                r.testUrl(),
                r.minHealthyTargets(),
                r.healthyTargetsWait(),
                r.dns());
        SmokeTests.SmokeTest first = full.smokeTests().tests().get(0);
        SmokeTests.SmokeTest offHost = new SmokeTests.SmokeTest(
                first.name(),
                first.method(),
                "https://elsewhere.example.net/x",
                first.headers(),
                first.body(),
                first.expectStatus(),
                first.bodyContains(),
                first.jsonPath(),
                first.latencyBudget(),
                first.retries(),
                first.retryBackoff());
        CutoverSpec spec = new CutoverSpec(
                1,
                "orders",
                sameGroups,
                full.shifting(),
                new HealthGates(List.of("a", "b", "a"), List.of()),
                new SmokeTests(List.of(), List.of(first, offHost)),
                full.migrations(),
                full.dataSync().map(d -> new DataSync("db", "db", d.tables())),
                full.notifications(),
                new RollbackPolicy(RollbackPolicy.Mode.GRADUAL, List.of(10, 20), Duration.ofSeconds(5)));

        assertThat(SpecValidator.validate(spec))
                .extracting(FieldError::path)
                .containsExactly(
                        "routing.testListenerArn",
                        "routing.productionRuleArn",
                        "health.alarms[2]",
                        "smokeTests.tests[1].name",
                        "smokeTests.tests[1].url",
                        "dataSync.greenDatabaseSecret",
                        "rollback.steps[1]",
                        "rollback.steps[1]");
    }
}
