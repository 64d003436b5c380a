package dev.cutover.tests.dashboard;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.adapters.LocalCodeDeploy.HookRecord;
import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's Abort, pressed with the run's token during a healthy demo's first stage: the same abort as
 * {@code cutover abort} (fenced rollback to blue, ledger ABORTED, the execution stopped), so the workflow shifts
 * nothing more, CodeDeploy is told Failed and rolls back, production ends on blue.
 */
class DashboardAbortTest {

    @BeforeAll
    static void quietLogs() {
        LocalLogging.configure("warn");
    }

    @Test
    void abortWithTheTokenStopsTheDeploymentAndPutsProductionBackOnBlue() throws Exception {
        DeploymentFeed feed = new DeploymentFeed(Clock.systemUTC());
        Demo demo = new Demo(DemoOptions.of(Scenario.HEALTHY)
                        .withRps(100)
                        .withBakes(List.of(Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(2))))
                .publishTo(feed);
        CountDownLatch firstShift = new CountDownLatch(1);
        feed.subscribe(e -> {
            if (e.kind().equals("stage") && e.data().has("weights")) {
                firstShift.countDown();
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        try (DashboardServer dashboard = DashboardServer.start(feed, 0, () -> demo::abort)) {
            HttpRequest.Builder abort = HttpRequest.newBuilder(dashboard.uri().resolve("/api/abort"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            // before any deployment runs there is nothing to abort
            assertThat(http.send(
                                    abort.copy()
                                            .header(DashboardServer.TOKEN_HEADER, dashboard.token())
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(409);

            CompletableFuture<DemoSummary> run = CompletableFuture.supplyAsync(demo::run);
            assertThat(firstShift.await(3, TimeUnit.MINUTES))
                    .as("the first stage shifted")
                    .isTrue();
            assertThat(http.send(abort.copy().build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("without the token")
                    .isEqualTo(403);
            HttpResponse<String> pressed = http.send(
                    abort.copy()
                            .header(DashboardServer.TOKEN_HEADER, dashboard.token())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pressed.statusCode()).isEqualTo(202);
            assertThat(pressed.body()).startsWith("aborting deployment d-");
            String deploymentId = pressed.body().split(" ")[2].replace(":", "");

            DemoSummary summary = run.get(3, TimeUnit.MINUTES);
            assertThat(summary.outcome()).isEqualTo(DemoSummary.ROLLED_BACK);
            assertThat(summary.finalWeights()).isEqualTo(Weights.ALL_BLUE);
            HookRecord last = summary.hooks().get(summary.hooks().size() - 1);
            assertThat(last.name()).isEqualTo("BeforeAllowTraffic");
            assertThat(last.status()).isEqualTo("Failed");
            assertThat(last.reason()).contains("rolled back and reported Failed");
            // the ledger says what happened: aborted, by whom asked
            assertThat(summary.deployments().get(0).rollbackReason())
                    .hasValueSatisfying(reason -> assertThat(reason).contains("aborted from the dashboard"));
            assertThat(summary.deploymentId()).isEqualTo(deploymentId);
            // the first stage was the last: the stopped workflow shifted nothing more
            assertThat(summary.stages()).hasSize(1);
            assertThat(feed.events("state").stream()
                            .filter(e -> e.data().path("state").asText().equals("ShiftTraffic"))
                            .filter(e -> e.data().path("status").asText().equals("running")))
                    .hasSize(1);
        }
    }
}
