package dev.cutover.runtime.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.traffic.TrafficShifter;
import dev.cutover.runtime.TestServer;
import dev.cutover.runtime.TestServer.Reply;
import dev.cutover.runtime.load.LoadConfig;
import dev.cutover.runtime.load.LoadGenerator;
import dev.cutover.runtime.load.LoadReport;
import dev.cutover.runtime.sample.AppVersion;
import dev.cutover.runtime.sample.InMemoryOrderStore;
import dev.cutover.runtime.sample.SampleApp;
import dev.cutover.runtime.sample.Variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalRouterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private SampleApp[] blueAndGreen(Variant greenVariant) {
        InMemoryOrderStore store = new InMemoryOrderStore();
        return new SampleApp[] {
            closeLater(SampleApp.start(AppVersion.V1, Variant.healthy(), 0, store)),
            closeLater(SampleApp.start(AppVersion.V2, greenVariant, 0, store))
        };
    }

    private LocalRouter router(URI blue, URI green, Weights weights) {
        return closeLater(LocalRouter.start(RouterConfig.of(blue, green).withInitialWeights(weights)));
    }

    private LoadReport run(LoadConfig config) throws InterruptedException {
        LoadGenerator load = LoadGenerator.start(config);
        try {
            assertThat(load.awaitFinished(WAIT))
                    .as("load finished within %s", WAIT)
                    .isTrue();
        } finally {
            load.stop();
        }
        return load.stop();
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void productionTrafficFollowsTheWeights() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ofGreenPercent(10));

        LoadReport report = run(LoadConfig.of(router.productionUri().resolve("/health"), 1000, 16)
                .withMaxRequests(1000));

        assertThat(report.failed()).isZero();
        assertThat(report.version("blue").total() + report.version("green").total())
                .isEqualTo(1000);
        // binomial(1000, 0.1): 6%..14% is more than four standard deviations either side
        assertThat(report.version("green").total()).isBetween(60L, 140L);
    }

    @Test
    void theTestListenerOnlyReachesGreen() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_BLUE);

        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get(router.testUri().resolve("/health"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(LocalRouter.VERSION_HEADER))
                    .hasValue("green");
            assertThat(response.body()).contains("\"version\":\"v2\"");
        }
        HttpResponse<String> production = get(router.productionUri().resolve("/health"));
        assertThat(production.headers().firstValue(LocalRouter.VERSION_HEADER)).hasValue("blue");
        assertThat(production.body()).contains("\"version\":\"v1\"");
        assertThat(router.snapshot(Version.GREEN).requests()).isEqualTo(30);
    }

    @Test
    void switchingWeightsUnderLoadFailsNoRequest() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_BLUE);
        List<Weights> cycle =
                List.of(Weights.ALL_BLUE, Weights.ALL_GREEN, Weights.ofGreenPercent(50), Weights.ofGreenPercent(10));
        AtomicInteger switches = new AtomicInteger();
        ScheduledExecutorService switcher = Executors.newSingleThreadScheduledExecutor();
        switcher.scheduleAtFixedRate(
                () -> router.setWeights(cycle.get(switches.getAndIncrement() % cycle.size())),
                100,
                100,
                TimeUnit.MILLISECONDS);
        LoadReport report;
        try {
            report = run(LoadConfig.of(router.productionUri().resolve("/orders"), 2000, 32)
                    .withMaxRequests(5000));
        } finally {
            switcher.shutdownNow();
        }

        System.out.println("switching under load: " + report + ", " + switches.get() + " switches");
        assertThat(switches.get()).isGreaterThanOrEqualTo(10);
        assertThat(report.sent()).isEqualTo(5000);
        assertThat(report.failed()).as("failures %s", report.failureReasons()).isZero();
        assertThat(report.ok()).isEqualTo(5000);
        assertThat(report.version("blue").total()).isPositive();
        assertThat(report.version("green").total()).isPositive();
        assertThat(router.retries()).isZero();
    }

    @Test
    void aRequestInFlightFinishesOnTheUpstreamItStartedOn() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        TestServer blue = closeLater(TestServer.start((n, request) -> Reply.ok("blue")));
        TestServer green = closeLater(
                TestServer.start((n, request) -> Reply.ok("green, slowly").when(release)));
        LocalRouter router = router(blue.uri(), green.uri(), Weights.ALL_GREEN);

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(router.productionUri().resolve("/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(WAIT).until(() -> green.received() == 1);
        router.drain(Version.GREEN);

        assertThat(router.weights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(router.inFlight(Version.GREEN)).isEqualTo(1);
        assertThat(router.awaitIdle(Version.GREEN, Duration.ofMillis(50))).isFalse();
        HttpResponse<String> next = get(router.productionUri().resolve("/next"));
        assertThat(next.headers().firstValue(LocalRouter.VERSION_HEADER)).hasValue("blue");
        assertThat(slow).isNotDone();

        release.complete(null);
        HttpResponse<String> slowResponse = slow.get(10, TimeUnit.SECONDS);
        assertThat(slowResponse.statusCode()).isEqualTo(200);
        assertThat(slowResponse.body()).isEqualTo("green, slowly");
        assertThat(slowResponse.headers().firstValue(LocalRouter.VERSION_HEADER))
                .hasValue("green");
        assertThat(router.awaitIdle(Version.GREEN, WAIT)).isTrue();
        assertThat(green.received()).isEqualTo(1);
    }

    @Test
    void aKeepAliveClientConnectionFollowsEachSwitch() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_BLUE);

        try (RawConnection connection = new RawConnection(router.productionUri())) {
            for (int i = 0; i < 20; i++) {
                assertThat(connection.get("/health").version()).isEqualTo("blue");
            }
            router.setWeights(Weights.ALL_GREEN);
            for (int i = 0; i < 20; i++) {
                assertThat(connection.get("/health").version()).isEqualTo("green");
            }
            router.setWeights(Weights.ofGreenPercent(50));
            Map<String, Integer> seen = new java.util.TreeMap<>();
            for (int i = 0; i < 200; i++) {
                seen.merge(connection.get("/health").version(), 1, Integer::sum);
            }
            assertThat(seen.keySet()).containsExactly("blue", "green");
            router.setWeights(Weights.ALL_BLUE);
            assertThat(connection.get("/health").version()).isEqualTo("blue");
            assertThat(connection.requests).isEqualTo(241);
        }
    }

    @Test
    void routerMetricsMatchTheLoadGeneratorsCountsExactly() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.faulty5xx(7));
        ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
        LocalRouter router = closeLater(LocalRouter.start(RouterConfig.of(apps[0].uri(), apps[1].uri())
                .withInitialWeights(Weights.ofGreenPercent(50))
                .withRequestListener(records::add)));

        LoadReport report = run(LoadConfig.of(router.productionUri().resolve("/orders"), 1500, 16)
                .withMaxRequests(1500));
        // the router records a request just after writing its last byte: the client can be a moment ahead
        await().atMost(WAIT).until(() -> records.size() == 1500);

        for (Version version : Version.values()) {
            MetricsSnapshot total = router.snapshot(version);
            MetricsSnapshot lastMinute = router.snapshot(version, Duration.ofMinutes(1));
            var seenByLoad = report.version(version.header());
            assertThat(total.requests()).as("%s requests", version).isEqualTo(seenByLoad.total());
            assertThat(total.serverErrors()).as("%s 5xx", version).isEqualTo(seenByLoad.failed());
            assertThat(lastMinute.requests()).isEqualTo(total.requests());
            assertThat(lastMinute.serverErrors()).isEqualTo(total.serverErrors());
            assertThat(total.latency().count()).isEqualTo(total.requests());
            assertThat(records.stream().filter(r -> r.version() == version).count())
                    .isEqualTo(total.requests());
        }
        assertThat(report.version("blue").failed()).isZero();
        assertThat(report.version("green").failed()).isEqualTo(apps[1].orderRequests() / 7);
        assertThat(router.snapshot(Version.GREEN).serverErrorRate()).isBetween(0.12, 0.16);
        assertThat(records).allMatch(r -> r.listener() == RouterListener.PRODUCTION && !r.retried());
    }

    @Test
    void aGetToAStoppedUpstreamIsRetriedOnceOnTheOtherAndAPostIsNot() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        ConcurrentLinkedQueue<RequestRecord> records = new ConcurrentLinkedQueue<>();
        LocalRouter router = closeLater(
                LocalRouter.start(RouterConfig.of(apps[0].uri(), apps[1].uri()).withRequestListener(records::add)));
        assertThat(get(router.productionUri().resolve("/health")).headers().firstValue(LocalRouter.VERSION_HEADER))
                .hasValue("blue");
        apps[0].stop();

        HttpResponse<String> retried = get(router.productionUri().resolve("/health"));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue(LocalRouter.VERSION_HEADER)).hasValue("green");
        assertThat(router.retries()).isEqualTo(1);
        await().atMost(WAIT).until(() -> records.size() == 2);
        assertThat(records).last().satisfies(r -> {
            assertThat(r.version()).isEqualTo(Version.GREEN);
            assertThat(r.retried()).isTrue();
        });

        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(router.productionUri().resolve("/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\",\"quantity\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(502);
        assertThat(router.retries()).isEqualTo(1);
        await().atMost(WAIT).until(() -> router.snapshot(Version.BLUE).serverErrors() == 1);
    }

    @Test
    void aStoppedGreenFailsTestTrafficRatherThanSendingItToBlue() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_BLUE);
        apps[1].stop();

        HttpResponse<String> response = get(router.testUri().resolve("/health"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(router.retries()).isEqualTo(1);
        await().atMost(WAIT).until(() -> router.snapshot(Version.GREEN).serverErrors() == 1);
        assertThat(router.snapshot(Version.BLUE).requests()).isZero();
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIsA504() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        TestServer blue =
                closeLater(TestServer.start((n, request) -> Reply.ok("never").when(never)));
        LocalRouter router = closeLater(
                LocalRouter.start(RouterConfig.of(blue.uri(), blue.uri()).withUpstreamTimeout(Duration.ofMillis(200))));
        try {
            HttpResponse<String> response = get(router.productionUri().resolve("/"));

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(router.retries()).as("timeouts are not retried").isZero();
            assertThat(blue.received()).isEqualTo(1);
        } finally {
            never.complete(null);
        }
    }

    @Test
    void anUpstreamsOwnVersionHeaderIsKept() throws Exception {
        TestServer blue = closeLater(
                TestServer.start((n, request) -> Reply.ok("tagged").header(LocalRouter.VERSION_HEADER, "canary")));
        LocalRouter router = router(blue.uri(), blue.uri(), Weights.ALL_BLUE);

        HttpResponse<String> response = get(router.productionUri().resolve("/x?y=1"));

        assertThat(response.headers().allValues(LocalRouter.VERSION_HEADER)).containsExactly("canary");
    }

    @Test
    void theClientsPathAndQueryReachTheUpstreamUnchanged() throws Exception {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        TestServer green = closeLater(TestServer.start((n, request) -> {
            seen.add(request.getHttpURI().getPathQuery());
            return Reply.ok("ok");
        }));
        TestServer blue = closeLater(TestServer.start((n, request) -> Reply.status(500)));
        LocalRouter router = router(blue.uri(), green.uri(), Weights.ALL_GREEN);

        get(router.productionUri().resolve("/orders/7?expand=items&x=%20y"));

        assertThat(seen).containsExactly("/orders/7?expand=items&x=%20y");
    }

    @Test
    void drivenThroughTheTrafficRouterPortLikeAnyLoadBalancer() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_BLUE);
        Routing routing = Routing.resolved(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo/50dc6c495c0c9188/f2f7dc8efc522ab2",
                Optional.empty(),
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/demo/50dc6c495c0c9188/0467ef3c8400ae65",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/73e2d6bc24d8a067",
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2453ed029918f21f",
                router.productionUri(),
                router.testUri(),
                1,
                Duration.ofSeconds(30));

        assertThat(new TrafficShifter(router).shift(routing, Weights.ofGreenPercent(25)))
                .isEqualTo(Weights.ofGreenPercent(25));
        assertThat(router.weights()).isEqualTo(Weights.ofGreenPercent(25));
        router.apply(routing, Weights.ALL_GREEN);
        assertThat(router.read(routing)).isEqualTo(Weights.ALL_GREEN);
        assertThat(get(router.productionUri().resolve("/health")).headers().firstValue(LocalRouter.VERSION_HEADER))
                .hasValue("green");
    }

    @Test
    void aWeightWriteNamesTargetGroupsSoAfterASwapTheShiftMovesTrafficToTheOtherGroup() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        // v2 was promoted: production is all on the second slot, which serves group B
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_GREEN);
        String groupA = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-a/73e2d6bc24d8a067";
        String groupB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/orders-b/2453ed029918f21f";
        router.bindTargetGroups(groupA, groupB);
        Routing first = Routing.resolved(
                "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/demo/50dc6c495c0c9188/f2f7dc8efc522ab2",
                Optional.empty(),
                "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/demo/50dc6c495c0c9188/0467ef3c8400ae65",
                groupA,
                groupB,
                router.productionUri(),
                router.testUri(),
                1,
                Duration.ofSeconds(30));
        // the next deployment: roles swapped, B is live (blue), v3 goes behind A (green)
        Routing next = first.withRoles(first.resolvedRoles().swapped());
        // the sample app has two versions; the next one is told apart by its answer (v1 build, new process)
        SampleApp v3 = closeLater(SampleApp.start(AppVersion.V1, Variant.healthy(), 0));
        router.setUpstream(router.slotOf(groupA), v3.uri());

        assertThat(router.read(next)).as("B (live) reads as blue").isEqualTo(Weights.ALL_BLUE);
        assertThat(get(router.productionUri().resolve("/health")).body()).contains("\"version\":\"v2\"");

        new TrafficShifter(router).shift(next, Weights.ALL_GREEN);

        assertThat(router.read(next)).isEqualTo(Weights.ALL_GREEN);
        assertThat(router.weights()).as("the slot behind group A").isEqualTo(Weights.ALL_BLUE);
        assertThat(get(router.productionUri().resolve("/health")).body()).contains("\"version\":\"v1\"");
        assertThatThrownBy(() -> router.slotOf("arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/x/1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUpstreamCanBeRepointedForTheNextDeployment() throws Exception {
        SampleApp[] apps = blueAndGreen(Variant.healthy());
        SampleApp next = closeLater(SampleApp.start(AppVersion.V1, Variant.healthy(), 0));
        LocalRouter router = router(apps[0].uri(), apps[1].uri(), Weights.ALL_GREEN);

        router.setUpstream(Version.BLUE, apps[1].uri());
        router.setUpstream(Version.GREEN, next.uri());
        router.setWeights(Weights.ALL_BLUE);

        assertThat(router.upstream(Version.BLUE)).isEqualTo(apps[1].uri());
        assertThat(get(router.productionUri().resolve("/health")).body()).contains("\"version\":\"v2\"");
        assertThat(get(router.testUri().resolve("/health")).body()).contains("\"version\":\"v1\"");
        assertThatThrownBy(() -> router.setUpstream(Version.GREEN, URI.create("http://127.0.0.1:1/app")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("green upstream");
    }

    /** One client connection, kept alive, speaking just enough HTTP/1.1 to send GETs and read the answers. */
    private static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String host;
        int requests;

        RawConnection(URI uri) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            host = uri.getHost() + ":" + uri.getPort();
        }

        record Answer(int status, String version) {}

        Answer get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead();
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String version = null;
            int length = -1;
            for (int i = 1; i < lines.length; i++) {
                String[] field = lines[i].split(":", 2);
                String name = field[0].trim().toLowerCase(Locale.ROOT);
                if (name.equals(LocalRouter.VERSION_HEADER.toLowerCase(Locale.ROOT))) {
                    version = field[1].trim();
                } else if (name.equals("content-length")) {
                    length = Integer.parseInt(field[1].trim());
                } else if (name.equals("connection")) {
                    assertThat(field[1].trim()).isNotEqualToIgnoringCase("close");
                }
            }
            assertThat(length).as("Content-Length in %s", head).isNotNegative();
            assertThat(in.readNBytes(length)).hasSize(length);
            requests++;
            return new Answer(status, version);
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("router closed the keep-alive connection after " + requests + " requests");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
