package dev.cutover.runtime.load;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import dev.cutover.runtime.TestServer;
import dev.cutover.runtime.TestServer.Reply;
import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.sample.SampleApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadGeneratorTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void countsEveryOutcomeExactlyByVersion() throws Exception {
        // odd requests are blue, even green; every 5th fails
        try (TestServer server = TestServer.start((n, request) -> (n % 5 == 0 ? Reply.status(500) : Reply.ok("fine"))
                .header(LocalRouter.VERSION_HEADER, n % 2 == 1 ? "blue" : "green")
                .header(SampleApp.APP_VERSION_HEADER, n <= 50 ? "v1" : "v2"))) {
            LoadGenerator load = LoadGenerator.start(
                    LoadConfig.of(server.uri().resolve("/x"), 500, 8).withMaxRequests(200));
            assertThat(load.awaitFinished(WAIT)).isTrue();
            LoadReport report = load.stop();

            assertThat(server.received()).isEqualTo(200);
            assertThat(report.sent()).isEqualTo(200);
            assertThat(report.completed()).isEqualTo(200);
            assertThat(report.inFlight()).isZero();
            assertThat(report.ok()).isEqualTo(160);
            assertThat(report.failed()).isEqualTo(40);
            assertThat(report.failureReasons()).isEqualTo(Map.of("HTTP 500", 40L));
            assertThat(report.version("blue")).isEqualTo(new VersionCounts(100, 80, 20, Map.of(200, 80L, 500, 20L)));
            assertThat(report.version("green")).isEqualTo(new VersionCounts(100, 80, 20, Map.of(200, 80L, 500, 20L)));
            assertThat(report.version(LoadReport.NO_VERSION)).isEqualTo(VersionCounts.NONE);
            // the release that answered, whichever slot it was in
            assertThat(report.byRelease()).isEqualTo(Map.of("v1", 50L, "v2", 150L));
            assertThat(report.responseTime().count()).isEqualTo(200);
        }
    }

    @Test
    void aRefusedConnectionIsAFailureWithItsReason() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LoadGenerator load =
                LoadGenerator.start(LoadConfig.of(URI.create("http://127.0.0.1:" + closedPort + "/"), 200, 4)
                        .withMaxRequests(20));
        assertThat(load.awaitFinished(WAIT)).isTrue();
        LoadReport report = load.stop();

        assertThat(report.sent()).isEqualTo(20);
        assertThat(report.failed()).isEqualTo(20);
        assertThat(report.ok()).isZero();
        assertThat(report.failureReasons()).isEqualTo(Map.of("ConnectException", 20L));
        assertThat(report.version(LoadReport.NO_VERSION).failed()).isEqualTo(20);
        assertThat(report.version(LoadReport.NO_VERSION).statuses()).isEmpty();
    }

    @Test
    void aRequestWithoutAnAnswerTimesOutAsAFailure() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        try (TestServer server =
                TestServer.start((n, request) -> Reply.ok("late").when(never))) {
            LoadGenerator load = LoadGenerator.start(
                    LoadConfig.of(server.uri(), 100, 4).withMaxRequests(3).withRequestTimeout(Duration.ofMillis(300)));
            assertThat(load.awaitFinished(WAIT)).isTrue();
            LoadReport report = load.stop();

            assertThat(report.failed()).isEqualTo(3);
            assertThat(report.failureReasons()).isEqualTo(Map.of("TimeoutException", 3L));
        } finally {
            never.complete(null);
        }
    }

    @Test
    void sendsAtTheConfiguredRate() throws Exception {
        try (TestServer server = TestServer.start((n, request) -> Reply.ok("ok"))) {
            LoadGenerator load =
                    LoadGenerator.start(LoadConfig.of(server.uri(), 200, 8).withDuration(Duration.ofSeconds(1)));
            assertThat(load.awaitFinished(WAIT)).isTrue();
            LoadReport report = load.stop();

            // the schedule holds exactly rate x duration sends; the rate is what that took in wall time
            assertThat(report.sent()).isEqualTo(200);
            assertThat(report.ok()).isEqualTo(200);
            assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(report.sendRate()).isBetween(100.0, 200.5);
        }
    }

    @Test
    void sendsThatWaitForAFreeSlotAreLateAndTheirWaitCountsInResponseTime() throws Exception {
        try (TestServer server =
                TestServer.start((n, request) -> Reply.ok("slow").after(Duration.ofMillis(50)))) {
            // one slot and 50 ms per request cannot keep up with one send every 10 ms
            LoadGenerator load =
                    LoadGenerator.start(LoadConfig.of(server.uri(), 100, 1).withMaxRequests(10));
            assertThat(load.awaitFinished(WAIT)).isTrue();
            LoadReport report = load.stop();

            assertThat(report.ok()).isEqualTo(10);
            assertThat(report.late()).isGreaterThanOrEqualTo(8);
            assertThat(report.serviceTime().max()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            // the last request was due at 90 ms but could not start before about 450 ms
            assertThat(report.responseTime().max()).isGreaterThan(Duration.ofMillis(300));
        }
    }

    @Test
    void stopWaitsForRequestsInFlightAndSnapshotsShowProgress() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        try (TestServer server =
                TestServer.start((n, request) -> Reply.ok("held").when(gate))) {
            LoadGenerator load =
                    LoadGenerator.start(LoadConfig.of(server.uri(), 1000, 3).withMaxRequests(3));
            org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> load.snapshot().sent() == 3);
            LoadReport running = load.snapshot();
            assertThat(running.inFlight()).isEqualTo(3);
            assertThat(running.completed()).isZero();

            CompletableFuture<LoadReport> stopped = CompletableFuture.supplyAsync(load::stop);
            assertThatThrownBy(() -> stopped.get(200, TimeUnit.MILLISECONDS))
                    .as("stop returns only once the held requests finish")
                    .isInstanceOf(TimeoutException.class);
            gate.complete(null);
            LoadReport report = stopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(report.sent()).isEqualTo(3);
            assertThat(report.ok()).isEqualTo(3);
            assertThat(report.inFlight()).isZero();
            assertThat(load.stop()).isSameAs(report);
            assertThat(load.snapshot()).isSameAs(report);
        }
    }

    @Test
    void aRateAboveOnePacersShareIsSplitWithoutSendingAnyRequestTwiceOrSkippingOne() throws Exception {
        // given a rate that takes three pacer threads
        double rate = LoadGenerator.RATE_PER_PACER * 2.5;
        try (TestServer server = TestServer.start((n, request) -> Reply.ok("ok"))) {
            // when it sends a fixed number of requests
            LoadGenerator load =
                    LoadGenerator.start(LoadConfig.of(server.uri(), rate, 32).withMaxRequests(1001));
            assertThat(load.awaitFinished(WAIT)).isTrue();
            LoadReport report = load.stop();

            // then exactly that many were sent, served and recorded
            assertThat(report.sent()).isEqualTo(1001);
            assertThat(server.received()).isEqualTo(1001);
            assertThat(report.ok()).isEqualTo(1001);
            assertThat(report.responseTime().count()).isEqualTo(1001);
        }
    }

    @Test
    void latenciesArePercentilesOfAnHdrHistogramToThreeSignificantDigits() {
        org.HdrHistogram.Histogram histogram = Latencies.newHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            Latencies.record(histogram, Duration.ofMillis(ms).toNanos());
        }
        Latencies latencies = Latencies.copyOf(histogram);
        Latencies.record(histogram, Duration.ofHours(2).toNanos());

        assertThat(latencies.count()).as("a copy, not a view").isEqualTo(1000);
        assertThat(latencies.percentile(99).toNanos() / 1e6).isCloseTo(990, org.assertj.core.data.Offset.offset(1.0));
        assertThat(latencies.max().toNanos() / 1e6).isCloseTo(1000, org.assertj.core.data.Offset.offset(1.0));
        assertThat(Latencies.copyOf(histogram).max())
                .as("longer than the highest is recorded as the highest")
                .isLessThanOrEqualTo(Latencies.HIGHEST.plusMillis(Latencies.HIGHEST.toMillis() / 1000));
        assertThat(Latencies.EMPTY.percentile(99)).isEqualTo(Duration.ZERO);
    }

    @Test
    void withoutALimitItRunsUntilStopped() throws Exception {
        try (TestServer server = TestServer.start((n, request) -> Reply.ok("ok"))) {
            LoadGenerator load = LoadGenerator.start(LoadConfig.of(server.uri(), 200, 4));
            org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> load.snapshot().ok() >= 5);
            assertThat(load.awaitFinished(Duration.ofMillis(10))).isFalse();

            LoadReport report = load.stop();

            assertThat(report.inFlight()).isZero();
            assertThat(report.ok()).isEqualTo(report.sent());
            assertThat(server.received()).isEqualTo(report.sent());
        }
    }

    @Test
    void rejectsConfigurationsThatCannotRun() {
        URI target = URI.create("http://127.0.0.1:1/");
        assertThatThrownBy(() -> LoadConfig.of(target, 0, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> LoadConfig.of(target, 10, 0)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> LoadConfig.of(URI.create("ftp://h/"), 10, 1)).hasMessageContaining("http URI");
        assertThatThrownBy(() -> LoadConfig.of(target, 10, 1).withDuration(Duration.ZERO))
                .hasMessageContaining("duration");
    }
}
