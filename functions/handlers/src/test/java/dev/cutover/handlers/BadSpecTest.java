package dev.cutover.handlers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/** An unusable spec fails the hook, with the spec's own errors as the reason, and runs no check. */
class BadSpecTest {

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of(
                        new SpecException(
                                "ssm:/cutover/orders",
                                "(document)",
                                "parameter not found: create it or set CUTOVER_SPEC_PARAMETER"),
                        "spec: invalid Cutover spec ssm:/cutover/orders (1 error): (document): parameter not found: "
                                + "create it or set CUTOVER_SPEC_PARAMETER"),
                Arguments.of(
                        new SpecException(
                                "ssm:/cutover/orders", "routing.minHealthyTargets", "must be at least 1, found 0"),
                        "spec: invalid Cutover spec ssm:/cutover/orders (1 error): routing.minHealthyTargets: "
                                + "must be at least 1, found 0"),
                Arguments.of(
                        new SpecException(
                                "ssm:/cutover/orders",
                                List.of(
                                        new FieldError("stages[2].percent", "must end at 100, found 90"),
                                        new FieldError(
                                                "smokeTests.tests[0].expectStatus", "must be 100..599, found 999"),
                                        new FieldError("health.alarms[1]", "must not be blank"))),
                        "spec: invalid Cutover spec ssm:/cutover/orders (3 errors): stages[2].percent: must end at "
                                + "100, found 90; smokeTests.tests[0].expectStatus: must be 100..599, found 999; "
                                + "health.alarms[1]: must not be blank"),
                Arguments.of(
                        new SpecException(
                                "ssm:/cutover/orders",
                                "(document)",
                                "not YAML or JSON: mapping values are not allowed here\n at line 3, column 9"),
                        "spec: invalid Cutover spec ssm:/cutover/orders (1 error): (document): not YAML or JSON: "
                                + "mapping values are not allowed here; at line 3, column 9"));
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void reportsFailedWithTheSpecErrors(SpecException bad, String reason) {
        Fixture fx = new Fixture().allPass();
        when(fx.specs.load(Fixture.SPEC_PARAMETER)).thenThrow(bad);
        Map<String, Object> event = Fixture.event("codedeploy-after-allow-traffic.json");

        Map<String, Object> response = new AfterAllowTrafficHandler(fx.dependencies())
                .handleRequest(event, new FakeContext(Duration.ofMinutes(5)));

        assertThat(response).containsEntry("status", "Failed").containsEntry("reason", reason);
        HookExecution ids = HookEventParser.parse(event);
        verify(fx.reporter, times(1)).report(ids, HookStatus.FAILED);
        verifyNoMoreInteractions(fx.reporter);
        verifyNoInteractions(fx.smoke, fx.alarms);
    }
}
