package dev.cutover.handlers.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.LockLease;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.task.ValidateAndLock;

import static dev.cutover.handlers.workflow.TaskFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class ValidateAndLockHandlerTest {

    final TaskFixture fx = new TaskFixture();
    final ValidateAndLockHandler handler = new ValidateAndLockHandler(fx.dependencies());

    Map<String, Object> invoke(Map<String, Object> payload) {
        return handler.handleRequest(payload, TaskFixture.context(Duration.ofSeconds(60)));
    }

    static Map<String, Object> wrapped(Map<String, Object> input, String executionName) {
        return Map.of(
                "input",
                input,
                "execution",
                Map.of(
                        "id",
                        TaskFixture.STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + executionName,
                        "name",
                        executionName,
                        "startTime",
                        "2026-03-01T10:00:00.812Z"));
    }

    @Test
    void plansTheSampleAndTakesTheLockForTheTotalBakePlusTheMargin() {
        when(fx.lock.acquire(anyString(), anyString(), any()))
                .thenAnswer(call -> new LockLease(
                        "orders",
                        CODEDEPLOY_ID,
                        Instant.parse("2026-03-01T10:15:03.114Z"),
                        Instant.parse("2026-03-01T11:05:03.114Z")));

        Map<String, Object> plan = invoke(TaskFixture.event("workflow-task-validate-and-lock.json"));

        assertThat(plan)
                .containsEntry("deploymentId", CODEDEPLOY_ID)
                .containsEntry("standalone", false)
                .containsEntry("specParameter", "/cutover/orders/spec:3")
                .containsEntry("specVersion", "3")
                .containsEntry("lockToken", CODEDEPLOY_ID + "@2026-03-01T10:15:03.114Z");
        verify(fx.lock)
                .acquire("orders", CODEDEPLOY_ID, Duration.ofSeconds(1200).plus(ValidateAndLock.LOCK_MARGIN));
        ArgumentCaptor<DeploymentRecord> started = ArgumentCaptor.forClass(DeploymentRecord.class);
        verify(fx.ledger).start(started.capture());
        assertThat(started.getValue().specVersion()).isEqualTo("3");
        assertThat(started.getValue().deploymentId()).isEqualTo(CODEDEPLOY_ID);
        verifyNoInteractions(fx.router);
    }

    @Test
    void aServiceLockedByAnotherDeploymentFailsFastWithItsTypeAndNoTrafficIsTouched() {
        LockLease holder = new LockLease(
                "orders",
                "orders-2026-03-01-001",
                Instant.parse("2026-03-01T09:58:00Z"),
                Instant.parse("2026-03-01T11:03:00Z"));
        when(fx.lock.acquire(anyString(), anyString(), any()))
                .thenThrow(new DeploymentInProgressException(CODEDEPLOY_ID, holder));

        assertThatThrownBy(() -> invoke(TaskFixture.event("workflow-task-validate-and-lock.json")))
                .isExactlyInstanceOf(DeploymentInProgressException.class)
                .hasMessageContaining("locked by deployment orders-2026-03-01-001");
        verify(fx.ledger, never()).start(any());
        verifyNoInteractions(fx.router);
    }

    @Test
    void theStandaloneSampleWithItsInlineSpecIsPlanned() {
        when(fx.lock.acquire(anyString(), anyString(), any()))
                .thenAnswer(call -> new LockLease(
                        "orders",
                        "orders-2026-11-23-001",
                        Instant.parse("2026-03-01T10:15:03Z"),
                        Instant.parse("2026-03-01T11:15:03Z")));

        // standalone: blue is the group the production route sends 100% to
        when(fx.router.read(any())).thenReturn(Weights.ALL_BLUE);
        Map<String, Object> plan =
                invoke(wrapped(TaskFixture.event("workflow-input-standalone.json"), "orders-2026-11-23-001"));

        assertThat(plan).containsEntry("standalone", true).containsKey("spec").doesNotContainKey("specParameter");
        assertThat((String) plan.get("specVersion")).startsWith("sha256:");
        verifyNoInteractions(fx.specs);
    }

    /** events/workflow-inputs.md: each invalid input with the fragment its error must contain. */
    static Stream<org.junit.jupiter.params.provider.Arguments> invalidInputs() throws IOException {
        String index = Files.readString(TaskFixture.eventsDir().resolve("workflow-inputs.md"));
        Matcher row = Pattern.compile(
                        "(?m)^\\|\\s*`(workflow-input-invalid-[^`]+)`\\s*\\|[^|]*\\|\\s*`([^`]+)`\\s*\\|\\s*$")
                .matcher(index);
        Map<String, String> rows = new TreeMap<>();
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(7);
        return rows.entrySet().stream()
                .map(e -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void eachInvalidSampleInputIsRefusedNamingTheField(String file, String fragment) {
        Map<String, Object> input = new LinkedHashMap<>(TaskFixture.event(file));

        assertThatThrownBy(() -> invoke(wrapped(input, CODEDEPLOY_ID)))
                .isInstanceOfAny(SpecException.class, InvalidWorkflowInputException.class)
                .hasMessageContaining(fragment);
        verify(fx.lock, never()).acquire(anyString(), anyString(), any());
        verifyNoInteractions(fx.router);
    }

    @Test
    void anInlineSpecErrorKeepsItsPathUnderSpec() {
        assertThatThrownBy(() ->
                        invoke(wrapped(TaskFixture.event("workflow-input-invalid-stages-not-increasing.json"), "x")))
                .isInstanceOfSatisfying(
                        SpecException.class, e -> assertThat(e.source()).isEqualTo("input.spec"))
                .hasMessageContaining("spec.shifting.stages[2].percent");
    }
}
