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
        return new CutoverSpec(
                full.version(),
                full.service(),
                full.routing(),
                shifting,
                full.health(),
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
        CutoverSpec spec = withShifting(new Shifting(
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

        assertThat(SpecValidator.validate(withShifting(new Shifting(
                        Shifting.Mode.STAGED, stages, Shifting.DEFAULT_HOOK_WINDOW, Duration.ofSeconds(300)))))
                .isEmpty();
        assertThat(SpecValidator.validate(withShifting(new Shifting(
                        Shifting.Mode.ALL_AT_ONCE, stages, Shifting.DEFAULT_HOOK_WINDOW, Duration.ofSeconds(3000)))))
                .isEmpty();
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
                r.healthyTargetsWait());
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
