package dev.cutover.handlers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.cutover.core.error.InvalidHookEventException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * The handlers log one JSON object per line through {@code log4j2.xml}'s layout, and every line of an invocation,
 * the checks' lines on the worker thread included, carries the deployment id and the hook.
 */
class StructuredLoggingTest {

    final ObjectMapper json = new ObjectMapper();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context;
    OutputStreamAppender capture;

    @BeforeEach
    void captureWithTheConfiguredLayout() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender configured = config.getAppender("JsonAppender");
        assertThat(configured).as("log4j2.xml's JsonAppender").isNotNull();
        assertThat(configured.getLayout().getClass().getSimpleName()).isEqualTo("JsonTemplateLayout");
        capture = OutputStreamAppender.newBuilder()
                .setName("capture")
                .setLayout(configured.getLayout())
                .setTarget(out)
                .build();
        capture.start();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        context.getConfiguration().getRootLogger().removeAppender(capture.getName());
        capture.stop();
        context.updateLoggers();
    }

    List<JsonNode> lines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                JsonNode node = json.readTree(line);
                assertThat(node.isObject())
                        .as("a JSON object per line: %s", line)
                        .isTrue();
                lines.add(node);
            }
        }
        return lines;
    }

    @Test
    void everyLineOfAnInvocationIsJsonWithTheDeploymentIdAndHook() throws IOException {
        Fixture fx = new Fixture().allPass();
        when(fx.smoke.run(any(), any(), any())).thenAnswer(call -> {
            LoggerFactory.getLogger("dev.cutover.core.check.smoke.SmokeTestRunner")
                    .info("GET /health -> 200 in 12 ms");
            return List.of(Fixture.pass("smoke:health"));
        });
        Map<String, Object> event = Fixture.event("codedeploy-after-allow-test-traffic.json");

        new AfterAllowTestTrafficHandler(fx.dependencies())
                .handleRequest(event, new FakeContext(Duration.ofMinutes(5), "orders-after-allow-test-traffic"));

        List<JsonNode> lines = lines();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.path("deploymentId").asText()).isEqualTo("d-7QXK2M4RB");
            assertThat(line.path("hook").asText()).isEqualTo("AfterAllowTestTraffic");
            assertThat(line.path("lifecycleEventHookExecutionId").asText())
                    .isEqualTo(event.get("LifecycleEventHookExecutionId"));
            assertThat(line.path("function_name").asText()).isEqualTo("orders-after-allow-test-traffic");
            assertThat(line.path("level").asText()).isNotBlank();
            assertThat(line.path("timestamp").asText()).isNotBlank();
        });
        JsonNode fromWorker = lines.stream()
                .filter(l -> l.path("message").asText().startsWith("GET /health"))
                .findFirst()
                .orElseThrow();
        assertThat(fromWorker.path("check").asText()).isEqualTo("smoke-tests(test listener)");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.path("message").asText())
                        .isEqualTo("PASS smoke:health in 7 ms: smoke:health fine"));
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("INFO");
            assertThat(l.path("message").asText()).isEqualTo("AfterAllowTestTraffic Succeeded: all 1 check passed");
        });
    }

    @Test
    void aFailedVerdictIsAnErrorLineAndAStackTraceStaysOnItsLine() throws IOException {
        Fixture fx = new Fixture().allPass();
        when(fx.alarms.states(any())).thenThrow(new IllegalStateException("CloudWatch client closed"));

        new AfterAllowTrafficHandler(fx.dependencies())
                .handleRequest(
                        Fixture.event("codedeploy-after-allow-traffic.json"), new FakeContext(Duration.ofMinutes(5)));

        List<JsonNode> lines = lines();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("level").asText()).isEqualTo("ERROR");
            assertThat(l.path("message").asText())
                    .startsWith("AfterAllowTraffic Failed: alarms: threw "
                            + "IllegalStateException: CloudWatch client closed");
            assertThat(l.path("deploymentId").asText()).isEqualTo("d-7QXK2M4RB");
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(l.path("error").path("stack").asText()).contains("AlarmCheck");
            assertThat(l.path("hook").asText()).isEqualTo("AfterAllowTraffic");
        });
    }

    @Test
    void nothingOfAnInvocationStaysInTheLoggingContext() {
        Fixture fx = new Fixture().allPass();

        new BeforeInstallHandler(fx.dependencies())
                .handleRequest(Fixture.event("codedeploy-before-install.json"), new FakeContext(Duration.ofMinutes(5)));

        Map<String, String> left = MDC.getCopyOfContextMap();
        assertThat(left == null ? Map.of() : left).isEmpty();
    }

    @Test
    void anEventThatCannotBeReportedIsLoggedWithTheHook() throws IOException {
        Fixture fx = new Fixture().allPass();
        try {
            new AfterInstallHandler(fx.dependencies())
                    .handleRequest(Map.of("DeploymentId", 7), new FakeContext(Duration.ofMinutes(5)));
        } catch (InvalidHookEventException expected) {
            // logged, then thrown for the on-failure destination
        }

        assertThat(lines()).singleElement().satisfies(l -> {
            assertThat(l.path("level").asText()).isEqualTo("ERROR");
            assertThat(l.path("hook").asText()).isEqualTo("AfterInstall");
            assertThat(l.path("message").asText())
                    .contains("cannot be reported to CodeDeploy")
                    .contains("DeploymentId must be a string, found a number (7)");
        });
    }

    @Test
    void ecsLinesCarryTheServiceDeploymentAndStage() throws IOException {
        Fixture fx = new Fixture().allPass();

        new EcsLifecycleHookHandler(fx.dependencies())
                .handleRequest(
                        Fixture.event("ecs-lifecycle-hook-post-test-traffic-shift.json"),
                        new FakeContext(Duration.ofMinutes(1)));

        assertThat(lines()).isNotEmpty().allSatisfy(l -> {
            assertThat(l.path("deploymentId").asText()).isEqualTo("Qm3vX8kT2pLrW9nYc4HdA");
            assertThat(l.path("hook").asText()).isEqualTo("AfterAllowTestTraffic");
            assertThat(l.path("lifecycleStage").asText()).isEqualTo("POST_TEST_TRAFFIC_SHIFT");
            assertThat(l.path("ecsExecutionId").asText()).isNotBlank();
        });
    }
}
