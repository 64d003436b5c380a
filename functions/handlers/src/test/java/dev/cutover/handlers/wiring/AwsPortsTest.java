package dev.cutover.handlers.wiring;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.SfnWorkflowExecutions;
import dev.cutover.aws.SsmSpecRepository;
import dev.cutover.core.error.FunctionMisconfiguredException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.workflow.RoutingScope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsPortsTest {

    static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-orders";

    final AwsClients aws = AwsClients.forEndpoint(
            URI.create("http://127.0.0.1:9"),
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void blankVariablesCountAsUnset() {
        Environment env = Environment.read(Map.of(
                "CUTOVER_SPEC_PARAMETER",
                "  ",
                "CUTOVER_LEDGER_TABLE",
                "",
                "CUTOVER_STATE_MACHINE_ARN",
                " " + MACHINE + " ")::get);

        assertThat(env.specParameter()).isEmpty();
        assertThat(env.ledgerTable()).isEmpty();
        assertThat(env.stateMachineArn()).contains(MACHINE);
        assertThat(env.scope()).isEqualTo(RoutingScope.ANY);
    }

    @Test
    void withoutTheSpecParameterEveryHookLoadNamesItWhileTheWorkflowMayReadAnyParameter() {
        Environment env = Environment.read(name -> null);

        assertThatThrownBy(() -> AwsPorts.forHooks(aws, env).specs().load("/cutover/orders/spec"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("CUTOVER_SPEC_PARAMETER")
                .hasMessageContaining("not set");
        assertThat(AwsPorts.forWorkflow(aws, env).specs()).isInstanceOf(SsmSpecRepository.class);
    }

    @Test
    void aMalformedStateMachineArnIsNamedAtFirstUse() {
        Ports ports = AwsPorts.forWorkflow(aws, Environment.read(Map.of("CUTOVER_STATE_MACHINE_ARN", "orders")::get));

        assertThatThrownBy(() -> ports.executions().isRunning("x"))
                .isInstanceOf(FunctionMisconfiguredException.class)
                .hasMessageContaining("CUTOVER_STATE_MACHINE_ARN is not usable");
        assertThat(ports.executions().toString()).contains("CUTOVER_STATE_MACHINE_ARN");
    }

    @Test
    void hooksAndWorkflowShareTheAdaptersButNotTheSpecCaching() {
        Environment env = Environment.read(
                Map.of("CUTOVER_STATE_MACHINE_ARN", MACHINE, "CUTOVER_SPEC_PARAMETER", "/cutover/orders/spec")::get);

        Ports hooks = AwsPorts.forHooks(aws, env);
        Ports workflow = AwsPorts.forWorkflow(aws, env);

        assertThat(hooks.executions()).isInstanceOf(SfnWorkflowExecutions.class);
        assertThat(workflow.executions()).isInstanceOf(SfnWorkflowExecutions.class);
        assertThat(hooks.specs()).isInstanceOf(SsmSpecRepository.class).isNotSameAs(workflow.specs());
    }

    @Test
    void theHooksActOnlyOnTheStacksCodeDeployGroupAndRefuseAllWhenOnlyHalfOfItIsNamed() {
        assertThat(AwsPorts.deploymentGuard(aws, Environment.read(name -> null)))
                .isSameAs(DeploymentGuard.ANY);

        DeploymentGuard half = AwsPorts.deploymentGuard(
                aws, Environment.read(Map.of("CUTOVER_CODEDEPLOY_APPLICATION", "orders")::get));
        assertThat(half.refusal("d-ABCDEF123"))
                .hasValueSatisfying(why -> assertThat(why).contains("CUTOVER_CODEDEPLOY_DEPLOYMENT_GROUP"));

        // both named: CodeDeploy is asked (here: nothing listens, so the hook cannot tell and refuses)
        DeploymentGuard both =
                AwsPorts.deploymentGuard(
                        aws,
                        Environment.read(Map.of(
                                "CUTOVER_CODEDEPLOY_APPLICATION",
                                "orders",
                                "CUTOVER_CODEDEPLOY_DEPLOYMENT_GROUP",
                                "orders-dg")::get));
        assertThat(both.refusal("d-ABCDEF123"))
                .hasValueSatisfying(why -> assertThat(why).contains("cannot tell whose deployment d-ABCDEF123"));
    }
}
