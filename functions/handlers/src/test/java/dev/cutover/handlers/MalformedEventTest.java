package dev.cutover.handlers;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * Events a hook cannot act on. Each gets an error naming the field at fault and what was found; Failed is
 * reported whenever both ids are still usable, and nothing is reported when they are not.
 */
class MalformedEventTest {

    static final String DEPLOYMENT = "d-7QXK2M4RB";
    static final String EXECUTION = "eyJlbmNyeXB0ZWREYXRhIjoiTGJkOUFXNEhOIiwibWF0ZXJpYWxTZXRTZXJpYWwiOjF9";

    /**
     * @param reportable the ids Failed must be reported for, or null when nothing can be reported
     * @param expected   fragments the error message must contain (the field name and what was found)
     */
    record Bad(String name, Map<String, Object> event, HookExecution reportable, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Map<String, Object> event(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static Bad bad(String name, Map<String, Object> event, String... expected) {
        return new Bad(name, event, null, Arrays.asList(expected));
    }

    static Bad reportable(
            String name, Map<String, Object> event, String deploymentId, String executionId, String... expected) {
        return new Bad(name, event, new HookExecution(deploymentId, executionId), Arrays.asList(expected));
    }

    static Stream<Bad> badEvents() {
        Map<String, Object> nullDeployment = new HashMap<>();
        nullDeployment.put("DeploymentId", null);
        nullDeployment.put("LifecycleEventHookExecutionId", EXECUTION);
        return Stream.of(
                bad("null event", null, "the event is null", "DeploymentId", "LifecycleEventHookExecutionId"),
                bad(
                        "empty event",
                        event(),
                        "DeploymentId is missing (the event is empty)",
                        "LifecycleEventHookExecutionId is missing"),
                bad(
                        "DeploymentId missing",
                        event("LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId is missing (keys present: [LifecycleEventHookExecutionId])"),
                bad(
                        "execution id missing",
                        event("DeploymentId", DEPLOYMENT),
                        "LifecycleEventHookExecutionId is missing"),
                bad(
                        "DeploymentId a number",
                        event("DeploymentId", 123456789, "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must be a string, found a number (123456789)"),
                bad("DeploymentId null", nullDeployment, "DeploymentId must be a string, found null"),
                bad(
                        "DeploymentId an object",
                        event("DeploymentId", Map.of("id", DEPLOYMENT), "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must be a string, found an object {id=d-7QXK2M4RB}"),
                bad(
                        "DeploymentId an array",
                        event("DeploymentId", List.of(DEPLOYMENT), "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must be a string, found an array [d-7QXK2M4RB]"),
                bad(
                        "DeploymentId a boolean",
                        event("DeploymentId", true, "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must be a string, found a boolean (true)"),
                bad(
                        "execution id a number",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", 42.5),
                        "LifecycleEventHookExecutionId must be a string, found a number (42.5)"),
                bad(
                        "execution id an object",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", Map.of("value", EXECUTION)),
                        "LifecycleEventHookExecutionId must be a string, found an object"),
                bad(
                        "DeploymentId empty",
                        event("DeploymentId", "", "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId is blank (found \"\")"),
                bad(
                        "DeploymentId only whitespace",
                        event("DeploymentId", " \t ", "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId is blank (found \" \\t \")"),
                bad(
                        "execution id blank",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", "  "),
                        "LifecycleEventHookExecutionId is blank"),
                bad(
                        "DeploymentId lower case",
                        event("DeploymentId", "d-7qxk2m4rb", "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must look like d-ABCDE1234",
                        "found \"d-7qxk2m4rb\""),
                bad(
                        "DeploymentId too short",
                        event("DeploymentId", "d-7QXK2M4R", "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must look like d-ABCDE1234",
                        "found \"d-7QXK2M4R\""),
                bad(
                        "DeploymentId without prefix",
                        event("DeploymentId", "7QXK2M4RB1", "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must look like",
                        "found \"7QXK2M4RB1\""),
                bad(
                        "DeploymentId with a space inside",
                        event("DeploymentId", "d-7QXK 2M4RB", "LifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId must look like"),
                bad(
                        "execution id with a space inside",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", "eyJlbmNy eXB0"),
                        "LifecycleEventHookExecutionId must not contain whitespace or control characters"),
                bad(
                        "execution id with a line separator inside",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", "eyJlbmNy\u2028eXB0"),
                        "LifecycleEventHookExecutionId must not contain",
                        "U+2028",
                        "\\u2028"),
                bad(
                        "execution id with a right-to-left override inside",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", "eyJlbmNy\u202eeXB0"),
                        "LifecycleEventHookExecutionId must not contain",
                        "U+202E"),
                bad(
                        "execution id with a zero-width space inside",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", "eyJlbmNy\u200beXB0"),
                        "LifecycleEventHookExecutionId must not contain",
                        "U+200B"),
                reportable(
                        "execution id with a paragraph separator at the end",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", EXECUTION + "\u2029"),
                        DEPLOYMENT,
                        EXECUTION,
                        "LifecycleEventHookExecutionId has leading or trailing whitespace",
                        "\\u2029\""),
                bad(
                        "camelCase keys",
                        event("deploymentId", DEPLOYMENT, "lifecycleEventHookExecutionId", EXECUTION),
                        "DeploymentId is missing (found \"deploymentId\": field names are case-sensitive)",
                        "LifecycleEventHookExecutionId is missing (found \"lifecycleEventHookExecutionId\""),
                bad(
                        "ids nested in another object",
                        event("detail", event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", EXECUTION)),
                        "DeploymentId is missing (keys present: [detail])"),
                bad(
                        "an ECS lifecycle hook event",
                        Fixture.event("ecs-lifecycle-hook-post-test-traffic-shift.json"),
                        "DeploymentId is missing (keys present: [executionDetails, executionId, lifecycleStage, "
                                + "resourceArn])"),
                bad(
                        "both ids of the wrong type",
                        event("DeploymentId", List.of(), "LifecycleEventHookExecutionId", false),
                        "DeploymentId must be a string, found an array []",
                        "LifecycleEventHookExecutionId must be a string, found a boolean (false)"),
                reportable(
                        "DeploymentId with surrounding whitespace",
                        event("DeploymentId", " d-7QXK2M4RB ", "LifecycleEventHookExecutionId", EXECUTION),
                        DEPLOYMENT,
                        EXECUTION,
                        "DeploymentId has leading or trailing whitespace: \" d-7QXK2M4RB \""),
                reportable(
                        "execution id with a trailing newline",
                        event("DeploymentId", DEPLOYMENT, "LifecycleEventHookExecutionId", EXECUTION + "\n"),
                        DEPLOYMENT,
                        EXECUTION,
                        "LifecycleEventHookExecutionId has leading or trailing whitespace",
                        "\\n\""));
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void isRejectedWithAnErrorNamingTheField(Bad bad) {
        Fixture fx = new Fixture().allPass();
        AfterInstallHandler handler = new AfterInstallHandler(fx.dependencies());

        if (bad.reportable() == null) {
            InvalidHookEventException e = catchThrowableOfType(
                    InvalidHookEventException.class,
                    () -> handler.handleRequest(bad.event(), new FakeContext(Duration.ofMinutes(1))));
            assertThat(e).as("rejected").isNotNull();
            assertThat(e.getMessage()).startsWith("invalid CodeDeploy lifecycle hook event: ");
            bad.expected().forEach(fragment -> assertThat(e.getMessage()).contains(fragment));
            assertThat(e.reportable()).isEmpty();
            verify(fx.reporter, never()).report(any(), any());
        } else {
            Map<String, Object> response = handler.handleRequest(bad.event(), new FakeContext(Duration.ofMinutes(1)));
            assertThat(response).containsEntry("status", "Failed");
            bad.expected()
                    .forEach(fragment ->
                            assertThat((String) response.get("reason")).contains(fragment));
            verify(fx.reporter, times(1)).report(bad.reportable(), HookStatus.FAILED);
            verifyNoMoreInteractions(fx.reporter);
        }
        verifyNoInteractions(fx.specs, fx.targets);
    }
}
