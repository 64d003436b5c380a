package dev.cutover.handlers;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.CodeDeployHookStatusReporter;
import dev.cutover.aws.SsmSpecRepository;
import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.hook.LifecycleHook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Lambda does with the handlers: instantiate them with no arguments, then invoke. */
class ProductionWiringTest {

    @Test
    void theNoArgumentConstructorsDoNotTouchTheEnvironment() {
        List<CodeDeployHookHandler> handlers = List.of(
                new BeforeInstallHandler(),
                new AfterInstallHandler(),
                new AfterAllowTestTrafficHandler(),
                new BeforeAllowTrafficHandler(),
                new AfterAllowTrafficHandler());

        assertThat(handlers).extracting(CodeDeployHookHandler::hook).containsExactly(LifecycleHook.values());
        assertThat(new EcsLifecycleHookHandler()).isInstanceOf(RequestHandler.class);
    }

    @Test
    void aMalformedEventIsRejectedBeforeAnyDependencyIsBuilt() {
        assertThatThrownBy(() -> new AfterInstallHandler()
                        .handleRequest(
                                Map.of("LifecycleEventHookExecutionId", ""), new FakeContext(Duration.ofSeconds(30))))
                .isInstanceOf(InvalidHookEventException.class)
                .hasMessageContaining("DeploymentId is missing")
                .hasMessageContaining("LifecycleEventHookExecutionId is blank");
    }

    @Test
    void withoutTheSpecParameterVariableTheHookStillWiresAndEveryLoadNamesTheVariable() {
        try (AwsClients aws = AwsClients.forEndpoint(
                URI.create("http://127.0.0.1:9"),
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            HookDependencies deps = HookDependencies.fromEnvironment(aws, name -> null);

            assertThat(deps.ports().statusReporter()).isInstanceOf(CodeDeployHookStatusReporter.class);
            assertThatThrownBy(() -> deps.ports().specs().load(deps.specReference()))
                    .isInstanceOf(SpecException.class)
                    .hasMessageContaining("CUTOVER_SPEC_PARAMETER")
                    .hasMessageContaining("not set");
        }
    }

    @Test
    void theSpecComesFromTheNamedSsmParameter() {
        try (AwsClients aws = AwsClients.forEndpoint(
                URI.create("http://127.0.0.1:9"),
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            HookDependencies deps = HookDependencies.fromEnvironment(
                    aws, name -> name.equals("CUTOVER_SPEC_PARAMETER") ? " /cutover/orders/spec " : null);

            assertThat(deps.ports().specs()).isInstanceOf(SsmSpecRepository.class);
            assertThat(deps.specReference()).isEqualTo("/cutover/orders/spec");
        }
    }
}
