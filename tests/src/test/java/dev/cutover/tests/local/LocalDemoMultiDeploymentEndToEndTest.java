package dev.cutover.tests.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.DemoSummary.Deployment;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover demo --deployments N} end to end: deployments back to back on one world, each installing its new
 * version behind the target group that is not live, so blue alternates between the spec's two groups after each
 * promotion and stays put after a rollback.
 */
class LocalDemoMultiDeploymentEndToEndTest {

    private static final List<Duration> SHORT_BAKES =
            List.of(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(2));

    @BeforeAll
    static void quietLogs() {
        LocalLogging.configure("warn");
    }

    private static DemoSummary run(DemoOptions options) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoSummary summary =
                new Demo(options.withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8))).run();
        System.out.println(progress.toString(StandardCharsets.UTF_8));
        System.out.println(summary.render());
        return summary;
    }

    @Test
    void threeHealthyDeploymentsInARowAlternateBlueBetweenTheGroupsWithoutAFailedRequest() {
        DemoSummary summary = run(DemoOptions.of(Scenario.HEALTHY)
                .withRps(500)
                .withBakes(SHORT_BAKES)
                .withDeployments(3));

        List<Deployment> deployments = summary.deployments();
        assertThat(deployments).extracting(Deployment::version).containsExactly("v2", "v3", "v4");
        assertThat(deployments).extracting(Deployment::outcome).containsOnly(DemoSummary.PROMOTED);
        assertThat(deployments).extracting(Deployment::finalWeights).containsOnly(Weights.ALL_GREEN);
        assertThat(deployments).extracting(Deployment::failedRequests).containsOnly(0L);
        String a = deployments.get(0).blueTargetGroup();
        String b = deployments.get(0).greenTargetGroup();
        assertThat(a).isNotEqualTo(b);
        assertThat(deployments).extracting(Deployment::blueTargetGroup).containsExactly(a, b, a);
        assertThat(deployments).extracting(Deployment::greenTargetGroup).containsExactly(b, a, b);
        assertThat(summary.requests().failed()).isZero();
        assertThat(summary.outcome()).isEqualTo(DemoSummary.PROMOTED);
        // each release really ran: v3 and v4 are their own builds, not v2 again, and each deployment's stages are
        // its own (three stages each, ending at 100% on its green)
        assertThat(summary.requests().byRelease()).containsKeys("v1", "v2", "v3", "v4");
        for (int i = 0; i < 3; i++) {
            Deployment d = deployments.get(i);
            assertThat(d.requestsByRelease()).as(d.version()).containsKey(d.version());
            assertThat(d.stages()).as(d.version()).hasSize(3);
            assertThat(d.stages().get(2).path("weights").path("green").asInt())
                    .as(d.version())
                    .isEqualTo(100);
        }
        assertThat(deployments.get(0).requestsByRelease()).doesNotContainKeys("v3", "v4");
        assertThat(deployments.get(2).requestsByRelease()).doesNotContainKeys("v1", "v2");

        JsonNode json = summary.toJson();
        assertThat(json.path("deployments")).hasSize(3);
        assertThat(json.path("deployments").get(1).path("blueTargetGroup").asText())
                .isEqualTo(b);
        assertThat(json.path("deployments")
                        .get(2)
                        .path("finalWeights")
                        .path("green")
                        .asInt())
                .isEqualTo(100);
        assertThat(json.path("outcome").asText()).isEqualTo(DemoSummary.PROMOTED);
    }

    @Test
    void aFaultyMiddleDeploymentRollsBackToTheGroupThatWasLive() {
        DemoSummary summary = run(DemoOptions.of(Scenario.HEALTHY)
                .withRps(500)
                .withBakes(SHORT_BAKES)
                .withDeploymentScenarios(List.of(Scenario.HEALTHY, Scenario.FAULTY_5XX, Scenario.HEALTHY)));

        List<Deployment> deployments = summary.deployments();
        assertThat(deployments)
                .extracting(Deployment::outcome)
                .containsExactly(DemoSummary.PROMOTED, DemoSummary.ROLLED_BACK, DemoSummary.PROMOTED);
        String a = deployments.get(0).blueTargetGroup();
        String b = deployments.get(0).greenTargetGroup();
        // v3 went behind A and rolled back: B (live) keeps all the traffic, and v4 goes behind A again
        assertThat(deployments.get(1).blueTargetGroup()).isEqualTo(b);
        assertThat(deployments.get(1).greenTargetGroup()).isEqualTo(a);
        assertThat(deployments.get(1).finalWeights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(deployments.get(2).blueTargetGroup()).isEqualTo(b);
        assertThat(deployments.get(2).greenTargetGroup()).isEqualTo(a);
        assertThat(deployments.get(2).finalWeights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(deployments.get(0).failedRequests()).isZero();
        assertThat(deployments.get(2).failedRequests()).isZero();
        // the summary's rollback is the last deployment's business: it promoted, so there is none, and the
        // rolled-back v3 never served the production traffic of v4's deployment
        assertThat(summary.rollback()).isEmpty();
        assertThat(deployments.get(2).requestsByRelease()).doesNotContainKey("v3");
    }
}
