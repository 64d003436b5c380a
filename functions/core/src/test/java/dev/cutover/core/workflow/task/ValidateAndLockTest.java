package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.RoutingScope;
import dev.cutover.core.workflow.SpecReference;
import dev.cutover.core.workflow.WorkflowInput;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static dev.cutover.testing.WorkflowFixture.PARAMETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ValidateAndLock state: the spec and input checked, the lock taken, the ledger opened. */
class ValidateAndLockTest extends WorkflowTaskTest {

    @Test
    void aSecondDeploymentOfTheServiceFailsFastNamingTheHolderAndTouchesNoTraffic() {
        planFromHook();

        assertThatThrownBy(() -> tasks.validateAndLock()
                        .run(
                                WorkflowFixture.standaloneInput("orders-hotfix"),
                                WorkflowFixture.execution("orders-hotfix")))
                .isInstanceOf(DeploymentInProgressException.class)
                .hasMessageContaining("locked by deployment " + CODEDEPLOY_ID)
                .satisfies(e -> assertThat(((DeploymentInProgressException) e).holderDeploymentId())
                        .isEqualTo(CODEDEPLOY_ID));
        assertThat(fx.router.requested(fx.routing())).isEmpty();
        assertThat(fx.ledger.find("orders-hotfix")).isEmpty();
        assertThat(fx.lock.holder("orders"))
                .hasValueSatisfying(l -> assertThat(l.deploymentId()).isEqualTo(CODEDEPLOY_ID));
    }

    @Test
    void theLockLastsTheTotalBakePlusTheMarginAndLapsesForADeadExecution() {
        planFromHook();
        Duration lease = Duration.ofSeconds(180).plus(ValidateAndLock.LOCK_MARGIN);

        assertThat(fx.lock.holder("orders").orElseThrow().expiresAt())
                .isEqualTo(java.time.Instant.parse("2026-03-01T10:00:00Z").plus(lease));
        fx.clock.advance(lease);
        DeploymentPlan next = tasks.validateAndLock()
                .run(WorkflowFixture.standaloneInput("orders-next"), WorkflowFixture.execution("orders-next"));
        assertThat(fx.lock.holder("orders").orElseThrow().deploymentId()).isEqualTo(next.deploymentId());
    }

    @Test
    void anApprovalGateAndARollbackWindowArePlannedAndTheLeaseCoversTheGate() {
        fx.specs.put(
                WorkflowFixture.PARAMETER,
                WorkflowFixture.specJson("{\"windowMinutes\": 30}")
                        .replace(
                                "{\"percent\": 50, \"bakeSeconds\": 60}",
                                "{\"percent\": 50, \"bakeSeconds\": 60, \"approval\": {\"timeoutMinutes\": 20}}"));

        DeploymentPlan plan = planFromHook();

        assertThat(plan.stages())
                .extracting(PlannedStage::approvalTimeoutSeconds)
                .containsExactly(java.util.Optional.empty(), java.util.Optional.of(1200L), java.util.Optional.empty());
        assertThat(plan.rollbackWindowSeconds()).isEqualTo(1800);
        assertThat(fx.lock.holder("orders").orElseThrow().expiresAt())
                .as("bakes 180 s + the gate's 1200 s + the margin")
                .isEqualTo(java.time.Instant.parse("2026-03-01T10:00:00Z")
                        .plus(Duration.ofSeconds(180 + 1200))
                        .plus(ValidateAndLock.LOCK_MARGIN));
    }

    @Test
    void aRetriedValidateAndLockKeepsTheLockAndTheLedgerEntry() {
        DeploymentPlan first = planFromHook();
        fx.clock.advance(Duration.ofSeconds(5));
        DeploymentPlan again = planFromHook();

        assertThat(again).isEqualTo(first);
        assertThat(fx.ledger.all()).hasSize(1);
    }

    @Test
    void whenTheLedgerCannotBeOpenedTheLockIsGivenBack() {
        tasks = fx.builder().ledger(new FailingLedger(fx.ledger)).build();

        assertThatThrownBy(this::planFromHook).isInstanceOf(TransientDependencyException.class);
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    @Test
    void aFinishedDeploymentCannotRunAgainUnderTheSameId() {
        DeploymentPlan plan = planFromHook();
        tasks.rollback().run(plan, "HealthGateFailedException: 5xx", BUDGET);

        assertThatThrownBy(this::planFromHook)
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("deploymentId: deployment d-ABCDEF123 already ran and rolled back");
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    @Test
    void anInvalidInlineSpecIsRefusedWithSpecPrefixedPaths() {
        var doc = new ObjectMapper()
                .valueToTree(Map.of(
                        "version",
                        1,
                        "service",
                        "orders",
                        "shifting",
                        Map.of(
                                "stages",
                                List.of(
                                        Map.of("percent", 50, "bakeSeconds", 60),
                                        Map.of("percent", 20, "bakeSeconds", 60)))));
        WorkflowInput input =
                new WorkflowInput("orders", Optional.of("orders-1"), new SpecReference.Inline(doc), Optional.empty());

        assertThatThrownBy(() -> tasks.validateAndLock().run(input, WorkflowFixture.execution("orders-1")))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.source()).isEqualTo("input.spec");
                    assertThat(e.errors())
                            .extracting(dev.cutover.core.error.FieldError::path)
                            .contains("spec.routing", "spec.shifting.stages[1].percent");
                });
        assertThat(fx.lock.holder("orders")).isEmpty();
    }

    @Test
    void theServiceMustBeTheSpecsAndTheExecutionMustBeNamedAfterTheDeployment() {
        WorkflowInput input = new WorkflowInput(
                "payments", Optional.of("pay/1"), new SpecReference.Parameter(PARAMETER), Optional.empty());

        assertThatThrownBy(() -> tasks.validateAndLock().run(input, WorkflowFixture.execution("random-name")))
                .isInstanceOfSatisfying(
                        InvalidWorkflowInputException.class,
                        e -> assertThat(e.errors())
                                .extracting(dev.cutover.core.error.FieldError::path)
                                .containsExactly("service", "deploymentId"))
                .hasMessageContaining("\"payments\" does not match \"orders\"")
                .hasMessageContaining("must run in the execution named \"pay_1-");
    }

    @Test
    void aSpecNamingAnotherListenerThanTheStacksIsRefused() {
        tasks = fx.builder()
                .scope(new RoutingScope(
                        Optional.of(WorkflowFixture.LISTENER.replace("fedcba", "abcdef")),
                        Optional.of(""),
                        java.util.Set.of(WorkflowFixture.BLUE_TG, WorkflowFixture.GREEN_TG)))
                .build();

        assertThatThrownBy(this::planFromHook)
                .isInstanceOf(InvalidWorkflowInputException.class)
                .hasMessageContaining("routing.productionListenerArn: spec /cutover/orders/spec:1 names "
                        + WorkflowFixture.LISTENER + ", but this stack may only shift");
    }

    /** A ledger whose start fails as DynamoDB throttling would. */
    static final class FailingLedger implements dev.cutover.core.port.DeploymentLedger {
        private final dev.cutover.core.port.DeploymentLedger delegate;

        FailingLedger(dev.cutover.core.port.DeploymentLedger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void start(DeploymentRecord record) {
            throw new TransientDependencyException("DynamoDB PutItem throttled", null);
        }

        @Override
        public void stageReached(String deploymentId, StageEntry entry) {
            delegate.stageReached(deploymentId, entry);
        }

        @Override
        public void finish(String deploymentId, Status status, String reason, java.time.Instant at) {
            delegate.finish(deploymentId, status, reason, at);
        }

        @Override
        public Optional<DeploymentRecord> find(String deploymentId) {
            return delegate.find(deploymentId);
        }

        @Override
        public Optional<DeploymentRecord> findInFlight(String service) {
            return delegate.findInFlight(service);
        }

        @Override
        public java.util.List<DeploymentRecord> history(String service, int limit) {
            return delegate.history(service, limit);
        }

        @Override
        public boolean awaitApproval(String deploymentId, dev.cutover.core.port.model.PendingApproval approval) {
            return delegate.awaitApproval(deploymentId, approval);
        }

        @Override
        public boolean clearApproval(String deploymentId, int stageIndex) {
            return delegate.clearApproval(deploymentId, stageIndex);
        }

        @Override
        public boolean openRollbackWindow(String deploymentId, java.time.Instant endsAt) {
            return delegate.openRollbackWindow(deploymentId, endsAt);
        }

        @Override
        public boolean closeRollbackWindow(String deploymentId, java.time.Instant at) {
            return delegate.closeRollbackWindow(deploymentId, at);
        }

        @Override
        public boolean rollBackInsideWindow(String deploymentId, String reason, java.time.Instant at) {
            return delegate.rollBackInsideWindow(deploymentId, reason, at);
        }
    }
}
