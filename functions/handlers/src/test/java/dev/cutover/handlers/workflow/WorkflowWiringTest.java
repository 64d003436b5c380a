package dev.cutover.handlers.workflow;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.DynamoDbDeploymentLedger;
import dev.cutover.aws.DynamoDbDeploymentLock;
import dev.cutover.aws.SfnWorkflowExecutions;
import dev.cutover.aws.SsmSpecRepository;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.workflow.RoutingScope;
import dev.cutover.handlers.AlarmTriggerHandler;
import dev.cutover.handlers.wiring.SpecTopicNotifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Lambda does with the workflow handlers, and how they are wired from the environment. */
class WorkflowWiringTest {

    AwsClients aws;

    @BeforeEach
    void clients() {
        aws = AwsClients.forEndpoint(
                URI.create("http://127.0.0.1:9"),
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void theNoArgumentConstructorsDoNotTouchTheEnvironment() {
        List<WorkflowTaskHandler> handlers = List.of(
                new ValidateAndLockHandler(),
                new PreTrafficChecksHandler(),
                new ShiftTrafficHandler(),
                new JudgeHealthHandler(),
                new PostTrafficChecksHandler(),
                new FinalizeHandler(),
                new RollbackHandler(),
                new AlarmTriggerHandler());

        assertThat(handlers)
                .extracting(WorkflowTaskHandler::task)
                .containsExactly(
                        "ValidateAndLock",
                        "PreTrafficChecks",
                        "ShiftTraffic",
                        "JudgeHealth",
                        "PostTrafficChecks",
                        "Finalize",
                        "Rollback",
                        "AlarmTrigger");
    }

    @Test
    void everyVariableSetWiresTheAwsAdapters() {
        Map<String, String> env = Map.of(
                "CUTOVER_LEDGER_TABLE",
                "cutover-orders-ledger",
                "CUTOVER_SPEC_PARAMETER",
                "/cutover/orders/spec",
                "CUTOVER_STATE_MACHINE_ARN",
                TaskFixture.STATE_MACHINE,
                "CUTOVER_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:cutover-orders",
                "CUTOVER_PRODUCTION_LISTENER_ARN",
                TaskFixture.LISTENER,
                "CUTOVER_PRODUCTION_RULE_ARN",
                "",
                "CUTOVER_TARGET_GROUP_A_ARN",
                TaskFixture.BLUE_TG,
                "CUTOVER_TARGET_GROUP_B_ARN",
                TaskFixture.GREEN_TG);

        WorkflowDependencies deps = WorkflowDependencies.fromEnvironment(aws, env::get);

        assertThat(deps.ports().lock()).isInstanceOf(DynamoDbDeploymentLock.class);
        assertThat(deps.ports().ledger()).isInstanceOf(DynamoDbDeploymentLedger.class);
        assertThat(deps.ports().executions()).isInstanceOf(SfnWorkflowExecutions.class);
        // the stack's topic (SNS), and the spec's when it names another
        assertThat(deps.ports().notifier())
                .isInstanceOf(SpecTopicNotifier.class)
                .hasToString("stack topic arn:aws:sns:us-east-1:123456789012:cutover-orders and the spec's");
        assertThat(deps.ports().specs()).isInstanceOf(SsmSpecRepository.class);
        assertThat(deps.scope())
                .isEqualTo(new RoutingScope(
                        Optional.of(TaskFixture.LISTENER),
                        Optional.of(""),
                        Set.of(TaskFixture.BLUE_TG, TaskFixture.GREEN_TG)));
        assertThat(deps.alarmTrigger(deps.workflow())).isNotNull();
    }

    @Test
    void aMissingTableIsNamedAtFirstUseNotAtWiring() {
        WorkflowDependencies deps = WorkflowDependencies.fromEnvironment(aws, name -> null);

        // no stack topic: only a spec's topic can be told
        assertThat(deps.ports().notifier()).hasToString("stack topic (none) and the spec's");
        assertThat(deps.scope()).isEqualTo(RoutingScope.ANY);
        assertThatThrownBy(() -> deps.ports().ledger().find("d-ABCDEF123"))
                .isInstanceOf(FunctionMisconfiguredException.class)
                .hasMessageContaining("CUTOVER_LEDGER_TABLE is not set");
        assertThatThrownBy(() -> deps.ports().lock().holder("orders"))
                .hasMessageContaining("CUTOVER_LEDGER_TABLE is not set");
        assertThat(deps.ports().ledger().toString()).contains("CUTOVER_LEDGER_TABLE");
    }

    @Test
    void theAlarmTriggerNamesTheVariablesItMisses() {
        WorkflowDependencies deps = WorkflowDependencies.fromEnvironment(
                aws, name -> name.equals("CUTOVER_LEDGER_TABLE") ? "cutover-orders-ledger" : null);

        assertThatThrownBy(() -> deps.alarmTrigger(deps.workflow()))
                .isInstanceOf(FunctionMisconfiguredException.class)
                .hasMessageContaining("CUTOVER_SPEC_PARAMETER is not set");
        WorkflowDependencies withSpec = WorkflowDependencies.fromEnvironment(
                aws, name -> name.equals("CUTOVER_SPEC_PARAMETER") ? "/cutover/orders/spec" : null);
        assertThatThrownBy(() -> withSpec.alarmTrigger(withSpec.workflow()))
                .hasMessageContaining("CUTOVER_STATE_MACHINE_ARN is not set");
        assertThatThrownBy(() -> withSpec.ports().executions().isRunning("x"))
                .hasMessageContaining("CUTOVER_STATE_MACHINE_ARN is not set");
    }
}
