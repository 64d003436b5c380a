package dev.cutover.handlers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class EcsLifecycleHookHandlerTest {

    static final String GREEN_REVISION =
            "arn:aws:ecs:us-east-1:123456789012:service-revision/orders-cluster/orders/4863226416794238001";
    static final String BLUE_REVISION =
            "arn:aws:ecs:us-east-1:123456789012:service-revision/orders-cluster/orders/1177429086347195502";

    final Fixture fx = new Fixture().allPass();
    final EcsLifecycleHookHandler handler = new EcsLifecycleHookHandler(fx.dependencies());

    Map<String, Object> invoke(Map<String, Object> event) {
        return handler.handleRequest(event, new FakeContext(Duration.ofSeconds(40)));
    }

    /** The sample POST_TEST_TRAFFIC_SHIFT event moved to another stage. */
    static Map<String, Object> at(String stage) {
        Map<String, Object> event = new HashMap<>(Fixture.event("ecs-lifecycle-hook-post-test-traffic-shift.json"));
        event.put("lifecycleStage", stage);
        return event;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cutover(Map<String, Object> answer) {
        return (Map<String, Object>) ((Map<String, Object>) answer.get("hookDetails")).get("cutover");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> checks(Map<String, Object> answer) {
        return (List<Map<String, Object>>) cutover(answer).get("checks");
    }

    static Stream<Arguments> stages() {
        return Stream.<Arguments>of(
                Arguments.of("PRE_SCALE_UP", "BeforeInstall", List.of("migrations"), (Consumer<Fixture>)
                        f -> verify(f.migrations)
                                .migrate(Fixture.DB, Specs.full().migrations().get())),
                Arguments.of("POST_SCALE_UP", "AfterInstall", List.of("target-health"), (Consumer<Fixture>)
                        f -> verify(f.targets).describe(Specs.GREEN_TG)),
                Arguments.of("POST_TEST_TRAFFIC_SHIFT", "AfterAllowTestTraffic", List.of("smoke:health"), (Consumer<
                                Fixture>)
                        f -> verify(f.smoke).run(eq(Specs.TEST_URL), any(), any())),
                Arguments.of(
                        "PRE_PRODUCTION_TRAFFIC_SHIFT", "BeforeAllowTraffic", List.of("data-sync:orders"), (Consumer<
                                        Fixture>)
                                f -> verify(f.dataSync)
                                        .check(
                                                Fixture.BLUE,
                                                Fixture.GREEN,
                                                Specs.full().dataSync().get())),
                Arguments.of("PRODUCTION_TRAFFIC_SHIFT", "BeforeAllowTraffic", List.of("data-sync:orders"), (Consumer<
                                Fixture>)
                        f -> verify(f.dataSync).check(any(), any(), any())),
                Arguments.of(
                        "POST_PRODUCTION_TRAFFIC_SHIFT",
                        "AfterAllowTraffic",
                        List.of("smoke:health", "alarms"),
                        (Consumer<Fixture>) f -> verify(f.smoke).run(eq(Specs.PRODUCTION_URL), any(), any())));
    }

    @ParameterizedTest(name = "{0} runs {1}''s checks")
    @MethodSource("stages")
    void eachStageRunsItsHooksChecksAndAnswersWithoutReporting(
            String stage, String hook, List<String> names, Consumer<Fixture> ran) {
        Map<String, Object> answer = invoke(at(stage));

        assertThat(answer).containsEntry("hookStatus", "SUCCEEDED").doesNotContainKey("callBackDelay");
        assertThat(cutover(answer)).containsEntry("stage", stage).containsEntry("hook", hook);
        assertThat(checks(answer)).extracting(c -> c.get("name")).containsExactlyElementsOf(names);
        assertThat(checks(answer))
                .allSatisfy(c -> assertThat(c).containsEntry("passed", true).containsKey("detail"));
        ran.accept(fx);
        verifyNoInteractions(fx.reporter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RECONCILE_SERVICE", "TEST_TRAFFIC_SHIFT"})
    void stagesWithNothingToCheckSucceedWithoutLoadingTheSpec(String stage) {
        Map<String, Object> answer = invoke(at(stage));

        assertThat(answer).containsEntry("hookStatus", "SUCCEEDED");
        assertThat(cutover(answer).get("reason")).isEqualTo("nothing to check at lifecycle stage " + stage);
        verifyNoInteractions(fx.specs, fx.reporter);
    }

    @Test
    void anUnknownStageFailsClosedSayingCutoverDoesNotKnowIt() {
        Map<String, Object> answer = invoke(at("POST_SOMETHING_NEW"));

        assertThat(answer).containsEntry("hookStatus", "FAILED").doesNotContainKey("callBackDelay");
        assertThat((String) cutover(answer).get("reason"))
                .startsWith("lifecycle stage POST_SOMETHING_NEW is one Cutover does not know")
                .contains("PRE_PRODUCTION_TRAFFIC_SHIFT");
        verifyNoInteractions(fx.specs);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "post_test_traffic_shift",
                "Post_Test_Traffic_Shift",
                "POST_TEST_TRAFIC_SHIFT",
                "POST-TEST-TRAFFIC-SHIFT",
                "PRE_PRODUCTION_TRAFFIC_SHIFT_",
                "reconcile_service",
                "POST_TEST_TRAFFIC_SHIFT\u200b"
            })
    void aLowerCaseOrMisspeltStageFailsNamingItAndEveryStageCutoverKnows(String stage) {
        Map<String, Object> answer = invoke(at(stage));

        assertThat(answer).containsEntry("hookStatus", "FAILED").doesNotContainKey("callBackDelay");
        String reason = (String) cutover(answer).get("reason");
        assertThat(reason)
                .startsWith("lifecycle stage " + stage.replace("\u200b", "\\u200b") + " is one Cutover does not know");
        for (EcsLifecycleStage known : EcsLifecycleStage.values()) {
            assertThat(reason).contains(known.name());
        }
        verifyNoInteractions(fx.specs, fx.reporter, fx.smoke, fx.migrations, fx.dataSync);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029", "\u202e", "\u200b", "\u0007"})
    void anExecutionIdWithALineOrFormatSeparatorFailsNamingTheField(String separator) {
        Map<String, Object> event = at("POST_TEST_TRAFFIC_SHIFT");
        event.put("executionId", "a0b1c2d3" + separator + "e4f5");

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat((String) cutover(answer).get("reason"))
                .contains("executionId")
                .contains(String.format("U+%04X", (int) separator.charAt(0)))
                .doesNotContain(separator);
        verifyNoInteractions(fx.specs, fx.smoke);
    }

    @Test
    void aProductionTrafficShiftDuringRollbackHasNothingToCheck() {
        Map<String, Object> event = at("PRODUCTION_TRAFFIC_SHIFT");
        event.put(
                "executionDetails",
                Map.of(
                        "targetServiceRevisionArn",
                        GREEN_REVISION,
                        "productionTrafficWeights",
                        Map.of(GREEN_REVISION, 0, BLUE_REVISION, 100)));

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("hookStatus", "SUCCEEDED");
        assertThat((String) cutover(answer).get("reason")).startsWith("rollback");
        verifyNoInteractions(fx.specs, fx.dataSync);
    }

    @Test
    void thePreProductionSampleIsNotMistakenForARollback() {
        Map<String, Object> answer = invoke(Fixture.event("ecs-lifecycle-hook-pre-production-traffic-shift.json"));

        assertThat(answer).containsEntry("hookStatus", "SUCCEEDED");
        verify(fx.dataSync).check(any(), any(), any());
    }

    @Test
    void answersInProgressWhileGreenIsStillShortOfHealthyTargets() {
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(1, 2));
        Instant first = fx.clock.instant();

        Map<String, Object> answer = invoke(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));

        assertThat(answer).containsEntry("hookStatus", "IN_PROGRESS").containsEntry("callBackDelay", 30);
        assertThat(cutover(answer))
                .containsEntry("firstAttemptAt", first.toString())
                .containsEntry("attempt", 1)
                .containsEntry("stage", "POST_SCALE_UP");
        assertThat(checks(answer)).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("name", "target-health").containsEntry("passed", false);
            assertThat((String) c.get("detail")).contains("1 of 2 targets healthy (need 2)");
        });
    }

    @Test
    void greenIsTheTargetGroupOfTheRevisionTheHookDeploysAsEcsResolvesIt() {
        // given a spec naming only the pair, and ECS saying the revision being deployed sits behind the first group
        // (the group that was blue in the previous deployment: ECS alternates them)
        Map<String, Object> event = Fixture.event("ecs-lifecycle-hook-post-scale-up.json");
        String revision = (String) ((Map<?, ?>) event.get("executionDetails")).get("targetServiceRevisionArn");
        String first = Specs.pairOnly().routing().targetGroupArns().get(0);
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(Specs.pairOnly()));
        fx.revisions.associate(revision, List.of(first));
        when(fx.targets.describe(first)).thenReturn(new TargetHealth(2, 2));
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(0, 2));

        // when AfterInstall's stage runs
        Map<String, Object> answer = invoke(event);

        // then the revision's group was counted, and it is healthy
        assertThat(answer).containsEntry("hookStatus", "SUCCEEDED");
        verify(fx.targets).describe(first);
    }

    @Test
    void anEcsRevisionEcsDoesNotKnowFailsNamingIt() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenReturn(Fixture.versioned(Specs.pairOnly()));

        Map<String, Object> answer = invoke(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat((String) cutover(answer).get("reason")).contains("service-revision/orders-cluster/orders");
    }

    @Test
    void succeedsOnALaterAttemptOnceGreenIsHealthy() {
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(1, 2));
        Map<String, Object> first = invoke(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(2, 2));
        fx.clock.advance(Duration.ofSeconds(30));

        Map<String, Object> again = invoke(nextInvocation(first));

        assertThat(again).containsEntry("hookStatus", "SUCCEEDED");
        assertThat(cutover(again))
                .containsEntry("attempt", 2)
                .containsEntry("firstAttemptAt", cutover(first).get("firstAttemptAt"));
    }

    @Test
    void failsOnceTheWaitCountedFromTheFirstAttemptIsUsedUp() {
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(1, 2));
        Map<String, Object> first = invoke(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));
        fx.clock.advance(Duration.ofMinutes(6));

        Map<String, Object> again = invoke(nextInvocation(first));

        assertThat(again).containsEntry("hookStatus", "FAILED").doesNotContainKey("callBackDelay");
        assertThat((String) cutover(again).get("reason")).contains("routing.healthyTargetsWait of 300.0 s used up");
    }

    @Test
    void ignoresStateLeftByAnotherStage() {
        when(fx.targets.describe(Specs.GREEN_TG)).thenReturn(new TargetHealth(1, 2));
        Map<String, Object> event = new HashMap<>(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));
        event.put(
                "hookDetails",
                Map.of(
                        "cutover",
                        Map.of("stage", "PRE_SCALE_UP", "firstAttemptAt", "2026-03-01T08:00:00Z", "attempt", 7)));
        Instant now = fx.clock.instant();

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("hookStatus", "IN_PROGRESS");
        assertThat(cutover(answer)).containsEntry("attempt", 1).containsEntry("firstAttemptAt", now.toString());
    }

    @Test
    void aLoadBalancerThatCannotBeAskedFailsRatherThanWaiting() {
        when(fx.targets.describe(anyString()))
                .thenThrow(new DependencyException("ELBv2 DescribeTargetHealth: " + "AccessDenied"));

        Map<String, Object> answer = invoke(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat((String) cutover(answer).get("reason")).contains("AccessDenied");
    }

    @Test
    void failsWithTheFailedChecksInHookDetails() {
        when(fx.smoke.run(any(), any(), any()))
                .thenReturn(List.of(Fixture.fail("smoke:health", "GET /health: expected 200, got 503")));

        Map<String, Object> answer = invoke(Fixture.event("ecs-lifecycle-hook-post-test-traffic-shift.json"));

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat(cutover(answer)).containsEntry("reason", "smoke:health: GET /health: expected 200, got 503");
        assertThat(checks(answer))
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .containsEntry("name", "smoke:health")
                        .containsEntry("passed", false)
                        .containsEntry("detail", "GET /health: expected 200, got 503"));
        verifyNoInteractions(fx.reporter);
    }

    @Test
    void failsOnAnInvalidSpec() {
        when(fx.specs.load(Fixture.SPEC_PARAMETER))
                .thenThrow(new SpecException("ssm:/cutover/orders", "routing", "is required"));

        Map<String, Object> answer = invoke(Fixture.event("ecs-lifecycle-hook-post-test-traffic-shift.json"));

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat((String) cutover(answer).get("reason")).contains("routing: is required");
    }

    @Test
    void failsOnAMalformedEventNamingTheField() {
        Map<String, Object> event = new HashMap<>(Fixture.event("ecs-lifecycle-hook-post-test-traffic-shift.json"));
        event.remove("lifecycleStage");
        event.put("executionId", 17);

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat((String) cutover(answer).get("reason"))
                .isEqualTo("invalid ECS lifecycle hook event: "
                        + "executionId must be a string, found a number (17); lifecycleStage is missing");
        verifyNoInteractions(fx.specs);
    }

    @Test
    void failsOnANullEvent() {
        Map<String, Object> answer = handler.handleRequest(null, new FakeContext(Duration.ofSeconds(40)));

        assertThat(answer).containsEntry("hookStatus", "FAILED");
        assertThat((String) cutover(answer).get("reason")).contains("the event is null");
    }

    /** The event ECS sends after an IN_PROGRESS answer: the same, with the answer's hookDetails merged in. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nextInvocation(Map<String, Object> answer) {
        Map<String, Object> event = new HashMap<>(Fixture.event("ecs-lifecycle-hook-post-scale-up.json"));
        event.put("hookDetails", (Map<String, Object>) answer.get("hookDetails"));
        return event;
    }
}
