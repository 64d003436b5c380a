package dev.cutover.aws;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.aws.testing.RecordingHttpStub.Request;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.HookStatusReporter.Outcome;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

import static dev.cutover.aws.testing.RecordingHttpStub.Response.awsError;
import static dev.cutover.aws.testing.RecordingHttpStub.Response.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PutLifecycleEventHookExecutionStatus at the wire: moto does not implement it. */
class CodeDeployHookStatusReporterTest {

    private static final HookExecution EXECUTION = new HookExecution("d-ABCDEF123", "hook-exec-0001");
    private static final String SUCCESS_BODY = "{\"lifecycleEventHookExecutionId\":\"hook-exec-0001\"}";

    private RecordingHttpStub stub;
    private AwsClients clients;
    private CodeDeployHookStatusReporter reporter;

    @BeforeEach
    void start() throws IOException {
        stub = RecordingHttpStub.start();
        clients = AwsClients.builder()
                .endpointOverride(stub.endpoint())
                .region(MotoServerExtension.REGION)
                .credentialsProvider(MotoServerExtension.CREDENTIALS)
                // the production strategy, with delays small enough for a unit test
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build();
        reporter = new CodeDeployHookStatusReporter(clients.codeDeploy());
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
    }

    @Test
    void sendsTheIdsAndTheStatusAsCodeDeployJson() throws IOException {
        stub.respond(json(200, SUCCESS_BODY));

        assertThat(reporter.report(EXECUTION, HookStatus.SUCCEEDED)).isEqualTo(Outcome.REPORTED);

        assertThat(stub.requests()).hasSize(1);
        Request request = stub.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("X-Amz-Target"))
                .isEqualTo("CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus");
        assertThat(request.header("Content-Type")).startsWith("application/x-amz-json-1.1");
        Map<String, Object> body = new ObjectMapper().readValue(request.body(), new TypeReference<>() {});
        assertThat(body)
                .isEqualTo(Map.of(
                        "deploymentId", "d-ABCDEF123",
                        "lifecycleEventHookExecutionId", "hook-exec-0001",
                        "status", "Succeeded"));
    }

    @Test
    void sendsFailedForAFailedHook() throws IOException {
        stub.respond(json(200, SUCCESS_BODY));

        reporter.report(EXECUTION, HookStatus.FAILED);

        Map<String, Object> body =
                new ObjectMapper().readValue(stub.requests().get(0).body(), new TypeReference<>() {});
        assertThat(body).containsEntry("status", "Failed");
    }

    @Test
    void retriesThrottlingUntilItPasses() {
        stub.respond(
                awsError(400, "ThrottlingException", "Rate exceeded"),
                awsError(400, "ThrottlingException", "Rate exceeded"),
                json(200, SUCCESS_BODY));

        assertThat(reporter.report(EXECUTION, HookStatus.SUCCEEDED)).isEqualTo(Outcome.REPORTED);
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void retriesAServerError() {
        stub.respond(new RecordingHttpStub.Response(500, "text/plain", ""), json(200, SUCCESS_BODY));

        assertThat(reporter.report(EXECUTION, HookStatus.SUCCEEDED)).isEqualTo(Outcome.REPORTED);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void aSecondReportOfTheSameHookIsAlreadyCompletedNotAnError() {
        stub.respond(
                awsError(400, "LifecycleEventAlreadyCompletedException", "The lifecycle event is already completed"));

        assertThat(reporter.report(EXECUTION, HookStatus.SUCCEEDED)).isEqualTo(Outcome.ALREADY_COMPLETED);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void persistentThrottlingFailsAfterMaxAttemptsNamingTheDeployment() {
        stub.respond(awsError(400, "ThrottlingException", "Rate exceeded"));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reporter.report(EXECUTION, HookStatus.SUCCEEDED));

        assertThat(stub.requests()).hasSize(AwsClients.DEFAULT_MAX_ATTEMPTS);
        assertThat(e.getMessage()).contains("d-ABCDEF123", "hook-exec-0001", "ThrottlingException");
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void anUnknownDeploymentFailsAtOnce() {
        stub.respond(awsError(400, "DeploymentDoesNotExistException", "The deployment d-ABCDEF123 does not exist"));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> reporter.report(EXECUTION, HookStatus.FAILED));

        assertThat(stub.requests()).hasSize(1);
        assertThat(e.getMessage()).contains("d-ABCDEF123", "hook-exec-0001", "DeploymentDoesNotExistException");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void aSlowCodeDeployIsGivenUpOnWithinTheInvocationsRemainingTime() {
        stub.delay(Duration.ofSeconds(30)).respond(json(200, SUCCESS_BODY));
        // the handler sets this from Context.getRemainingTimeInMillis(): 3 s left in this invocation
        InvocationDeadline.set(java.time.Instant.now().plusSeconds(3));
        long started = System.nanoTime();
        try {
            DependencyException e = catchThrowableOfType(
                    () -> reporter.report(EXECUTION, HookStatus.FAILED), DependencyException.class);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(e).hasMessageContaining("d-ABCDEF123").hasMessageContaining("time bound");
            // 3 s less the return margin, not 5 attempts of a 15 s socket timeout
            assertThat(took).isLessThan(Duration.ofSeconds(3)).isGreaterThan(Duration.ofSeconds(2));
        } finally {
            InvocationDeadline.clear();
        }
    }

    @Test
    void theTimeBoundFollowsTheRemainingTimeAndIsCappedBothWays() {
        try {
            assertThat(reporter.timeLimit()).isEqualTo(CodeDeployHookStatusReporter.MAX_REPORT_TIME);
            InvocationDeadline.set(java.time.Instant.now().plusSeconds(600));
            assertThat(reporter.timeLimit()).isEqualTo(CodeDeployHookStatusReporter.MAX_REPORT_TIME);
            InvocationDeadline.set(java.time.Instant.now().plusSeconds(4));
            assertThat(reporter.timeLimit())
                    .isLessThanOrEqualTo(Duration.ofMillis(3500))
                    .isGreaterThan(Duration.ofSeconds(3));
            InvocationDeadline.set(java.time.Instant.now().minusSeconds(1));
            assertThat(reporter.timeLimit()).isEqualTo(CodeDeployHookStatusReporter.MIN_REPORT_TIME);
        } finally {
            InvocationDeadline.clear();
        }
    }

    @Test
    void withoutADeadlineASlowCodeDeployIsStillBoundedByTheClientsCallTimeout() {
        stub.delay(Duration.ofSeconds(60)).respond(json(200, SUCCESS_BODY));
        long started = System.nanoTime();

        catchThrowableOfType(() -> reporter.report(EXECUTION, HookStatus.FAILED), DependencyException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(CodeDeployHookStatusReporter.MAX_REPORT_TIME.plusSeconds(2));
    }
}
