package dev.cutover.runtime.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SampleAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<SampleApp> apps = new ArrayList<>();

    @AfterEach
    void stopApps() {
        apps.forEach(SampleApp::stop);
    }

    private SampleApp start(AppVersion version, Variant variant) {
        return start(version, variant, new InMemoryOrderStore());
    }

    private SampleApp start(AppVersion version, Variant variant, OrderStore store) {
        SampleApp app = SampleApp.start(version, variant, 0, store);
        apps.add(app);
        return app;
    }

    private HttpResponse<String> get(SampleApp app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(app.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(SampleApp app, String path, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(app.uri().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void healthSaysUpAndNamesTheVersion() throws Exception {
        SampleApp v1 = start(AppVersion.V1, Variant.healthy());
        SampleApp v2 = start(AppVersion.V2, Variant.healthy());

        HttpResponse<String> health = get(v1, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(health.headers().firstValue(SampleApp.APP_VERSION_HEADER)).hasValue("v1");
        assertThat(json(health)).isEqualTo(JSON.readTree("{\"status\":\"UP\",\"version\":\"v1\"}"));
        assertThat(json(get(v2, "/health"))).isEqualTo(JSON.readTree("{\"status\":\"UP\",\"version\":\"v2\"}"));
        assertThat(v1.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(v1.uri().getPort()).isPositive().isNotEqualTo(v2.uri().getPort());
    }

    @Test
    void v2AddsABackwardCompatibleNoteThatV1NeitherShowsNorWrites() throws Exception {
        OrderStore shared = new InMemoryOrderStore();
        SampleApp v1 = start(AppVersion.V1, Variant.healthy(), shared);
        SampleApp v2 = start(AppVersion.V2, Variant.healthy(), shared);

        HttpResponse<String> created = post(v2, "/orders", "{\"item\":\"tea\",\"quantity\":2,\"note\":\"green\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(created.headers().firstValue("Location")).hasValue("/orders/" + id);
        assertThat(json(created).get("note").asText()).isEqualTo("green");

        JsonNode seenByV1 = json(get(v1, "/orders/" + id));
        assertThat(seenByV1.get("item").asText()).isEqualTo("tea");
        assertThat(seenByV1.get("quantity").asInt()).isEqualTo(2);
        assertThat(seenByV1.has("note")).isFalse();
        assertThat(seenByV1.get("version").asText()).isEqualTo("v1");

        HttpResponse<String> byV1 = post(v1, "/orders", "{\"item\":\"milk\",\"quantity\":1,\"note\":\"ignored\"}");
        assertThat(byV1.statusCode()).isEqualTo(201);
        JsonNode seenByV2 = json(get(v2, "/orders/" + json(byV1).get("id").asLong()));
        assertThat(seenByV2.get("note").isNull()).isTrue();

        JsonNode list = json(get(v2, "/orders"));
        assertThat(list.isArray()).isTrue();
        assertThat(list).extracting(order -> order.get("item").asText()).containsExactly("milk", "tea");
    }

    @Test
    void answersBadRequestsWithAnErrorThatSaysWhatIsWrong() throws Exception {
        SampleApp app = start(AppVersion.V2, Variant.healthy());

        assertThat(get(app, "/nowhere").statusCode()).isEqualTo(404);
        assertThat(get(app, "/orders/42").statusCode()).isEqualTo(404);
        HttpResponse<String> badId = get(app, "/orders/abc");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).get("error").asText()).contains("order id must be a number");
        HttpResponse<String> notJson = post(app, "/orders", "{oops");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).contains("must be JSON");
        HttpResponse<String> noQuantity = post(app, "/orders", "{\"item\":\"tea\"}");
        assertThat(noQuantity.statusCode()).isEqualTo(400);
        assertThat(json(noQuantity).get("error").asText()).contains("'quantity'");
        HttpResponse<String> zero = post(app, "/orders", "{\"item\":\"tea\",\"quantity\":0}");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(json(zero).get("error").asText()).contains("quantity must be at least 1");
        HttpResponse<String> delete = http.send(
                HttpRequest.newBuilder(app.uri().resolve("/orders/1")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void faulty5xxFailsEveryNthOrderRequestAndLeavesHealthAlone() throws Exception {
        SampleApp app = start(AppVersion.V2, Variant.faulty5xx(4));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            statuses.add(get(app, "/orders").statusCode());
            assertThat(get(app, "/health").statusCode()).isEqualTo(200);
        }

        assertThat(statuses).containsExactly(200, 200, 200, 500, 200, 200, 200, 500, 200, 200, 200, 500);
        assertThat(app.orderRequests()).isEqualTo(12);
    }

    @Test
    void slowDelaysOrderRequestsOnly() throws Exception {
        Duration delay = Duration.ofMillis(300);
        SampleApp app = start(AppVersion.V2, Variant.slow(delay));

        long start = System.nanoTime();
        HttpResponse<String> orders = get(app, "/orders");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(orders.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(delay);
        assertThat(get(app, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void smokeFailBreaksHealthOnly() throws Exception {
        SampleApp app = start(AppVersion.V2, Variant.smokeFail());

        HttpResponse<String> health = get(app, "/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("status").asText()).isEqualTo("DOWN");
        assertThat(get(app, "/orders").statusCode()).isEqualTo(200);
    }

    @Test
    void stopLetsARequestInFlightFinishThenRefusesConnections() throws Exception {
        SampleApp app = start(AppVersion.V1, Variant.slow(Duration.ofMillis(500)));
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(app.uri().resolve("/orders")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> app.orderRequests() == 1);

        app.stop();

        assertThat(inFlight.get().statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(app, "/health")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aSteadyServiceWorksAboutItsAverageSpreadOverAQuarterEitherSide() {
        Variant steady = Variant.steady(Duration.ofMillis(20));

        double meanMs = java.util.stream.LongStream.rangeClosed(1, 1000)
                .mapToDouble(n -> steady.workFor(n).toNanos() / 1e6)
                .average()
                .orElseThrow();

        assertThat(meanMs).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(java.util.stream.LongStream.rangeClosed(1, 1000).mapToObj(steady::workFor))
                .allMatch(d -> d.compareTo(Duration.ofMillis(15)) >= 0 && d.compareTo(Duration.ofMillis(25)) <= 0);
        assertThat(Variant.slow(Duration.ofMillis(400)).workFor(1)).isZero();
    }

    @Test
    void variantsAreSelectedByScenarioName() {
        assertThat(Variant.parse("healthy")).isEqualTo(Variant.healthy());
        assertThat(Variant.parse("faulty-5xx")).isEqualTo(Variant.faulty5xx(Variant.DEFAULT_FAIL_EVERY));
        assertThat(Variant.parse("slow")).isEqualTo(Variant.slow(Duration.ofMillis(400)));
        assertThat(Variant.parse("smoke-fail")).isEqualTo(Variant.smokeFail());
        assertThat(Variant.parse("steady")).isEqualTo(Variant.steady(Duration.ofMillis(20)));
        assertThatThrownBy(() -> Variant.parse("flaky"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("healthy, faulty-5xx, slow, smoke-fail, steady")
                .hasMessageContaining("'flaky'");
        assertThatThrownBy(() -> Variant.faulty5xx(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Variant.slow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AppVersion.parse("V2")).isEqualTo(AppVersion.V2);
        assertThatThrownBy(() -> AppVersion.parse("x3")).hasMessageContaining("v1, v2, ...");
        assertThatThrownBy(() -> AppVersion.parse("v0")).hasMessageContaining("v1, v2, ...");
        assertThat(AppVersion.parse("V3")).isEqualTo(AppVersion.V2.next());
        assertThatThrownBy(() -> SampleApp.start(AppVersion.V1, Variant.healthy(), 70_000))
                .hasMessageContaining("0..65535");
    }

    @Test
    void aPortInUseIsReportedWithThePort() {
        SampleApp first = start(AppVersion.V1, Variant.healthy());
        int port = first.uri().getPort();

        assertThatThrownBy(() -> SampleApp.start(AppVersion.V2, Variant.healthy(), port))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + port);
        URI unused = first.uri();
        assertThat(unused.getPort()).isEqualTo(port);
    }
}
