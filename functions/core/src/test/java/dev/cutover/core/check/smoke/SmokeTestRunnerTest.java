package dev.cutover.core.check.smoke;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.smoke.ScriptedServer.Received;
import dev.cutover.core.check.smoke.ScriptedServer.Reply;
import dev.cutover.core.check.smoke.TestClocks.ManualClock;
import dev.cutover.core.check.smoke.TestClocks.RecordingSleeper;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.SmokeTests;

import static dev.cutover.core.check.smoke.SmokeTestBuilder.smoke;
import static dev.cutover.core.check.smoke.SmokeTestBuilder.suite;
import static org.assertj.core.api.Assertions.assertThat;

class SmokeTestRunnerTest {

    private final Clock clock = Clock.systemUTC();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final List<String> resolvedHosts = new CopyOnWriteArrayList<>();
    private ScriptedServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A runner with the production HTTP client whose client builds and DNS look-ups the test can count. */
    private SmokeTestRunner runner(Clock c, RecordingSleeper s, Map<String, String> fakeDns) {
        HostResolver resolver = host -> {
            resolvedHosts.add(host);
            String address = fakeDns.get(host);
            if ("NXDOMAIN".equals(address)) {
                throw new UnknownHostException(host + ": no such host (fake DNS)");
            }
            return address != null
                    ? new InetAddress[] {InetAddress.getByName(address)}
                    : HostResolver.SYSTEM.resolve(host);
        };
        return new SmokeTestRunner(
                c,
                s,
                timeout -> {
                    clientsBuilt.incrementAndGet();
                    return SmokeTestRunner.defaultClient(timeout);
                },
                resolver,
                CappedBody.DEFAULT_LIMIT);
    }

    private SmokeTestRunner runner() {
        return runner(clock, sleeper, Map.of());
    }

    private Deadline plenty() {
        return Deadline.after(clock, Duration.ofSeconds(30));
    }

    private CheckResult runOne(SmokeTestBuilder test) {
        List<CheckResult> results = runner().run(server.url(), suite(test), plenty());
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void passingTestReportsStatusLatencyAndAttempt() {
        server.script("/health", Reply.of(200, "{\"status\":\"UP\"}"));

        List<CheckResult> results = new SmokeTestRunner(clock, sleeper)
                .run(server.url(), suite(smoke("health", "/health").retries(2, Duration.ofMillis(500))), plenty());

        assertThat(results).hasSize(1);
        CheckResult result = results.get(0);
        assertThat(result.name()).isEqualTo("smoke:health");
        assertThat(result.passed()).as(result.detail()).isTrue();
        assertThat(result.detail())
                .matches("GET http://127\\.0\\.0\\.1:" + server.port()
                        + "/health -> 200 in \\d+ ms \\(attempt 1 of 3\\)");
        assertThat(server.received()).hasSize(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void injectedHttpClientIsUsed() {
        server.script("/health", Reply.of(200, "ok"));
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        List<CheckResult> results = new SmokeTestRunner(clock, sleeper, client)
                .run(server.url(), suite(smoke("health", "/health")), plenty());

        assertThat(results.get(0).passed()).as(results.get(0).detail()).isTrue();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void wrongStatusFailsAndShowsTheBody() {
        server.script("/health", Reply.of(503, "down for\nmaintenance"));

        CheckResult result = runOne(smoke("health", "/health"));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .isEqualTo(
                        "GET http://127.0.0.1:" + server.port()
                                + "/health: expected status 200, got 503 (attempt 1 of 1); last body: \"down for\\nmaintenance\"");
    }

    @Test
    void longBodiesAreCutInTheDetail() {
        server.script("/health", Reply.of(500, "x".repeat(5000)));

        CheckResult result = runOne(smoke("health", "/health"));

        assertThat(result.passed()).isFalse();
        assertThat(result.detail())
                .contains("\"" + "x".repeat(200) + "\"... (5000 chars)")
                .doesNotContain("x".repeat(201));
    }

    @Test
    void redirectIsAStatusNotFollowed() {
        server.script("/old", Reply.of(302, "").withHeader("Location", "/new"));
        server.script("/new", Reply.of(200, "moved here"));

        CheckResult redirectExpected = runOne(smoke("old", "/old").expectStatus(302));
        CheckResult okExpected = runOne(smoke("old", "/old"));

        assertThat(redirectExpected.passed()).as(redirectExpected.detail()).isTrue();
        assertThat(okExpected.passed()).isFalse();
        assertThat(okExpected.detail()).contains("expected status 200, got 302");
        assertThat(server.received()).extracting(Received::path).containsExactly("/old", "/old");
    }

    @Test
    void responseSlowerThanBudgetFailsWithoutWaitingForIt() {
        server.script("/slow", Reply.of(200, "late").after(Duration.ofMillis(1000)));

        long started = System.nanoTime();
        CheckResult result = runOne(smoke("slow", "/slow").budget(Duration.ofMillis(100)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("slower than budget of 100 ms").contains("(attempt 1 of 1)");
        // the request timeout ended the attempt; waiting for the reply would take the full second
        assertThat(tookMillis).isLessThan(900);
    }

    @Test
    void latencyIsMeasuredWithTheInjectedClock() {
        server.script("/health", Reply.of(200, "ok"));
        // every clock read moves time 2 s on, so the measured round trip is over the 1 s budget
        ManualClock ticking = new ManualClock(Duration.ofSeconds(2));

        List<CheckResult> results = runner(ticking, sleeper, Map.of())
                .run(
                        server.url(),
                        suite(smoke("health", "/health").budget(Duration.ofSeconds(1))),
                        Deadline.after(ticking, Duration.ofHours(1)));

        CheckResult result = results.get(0);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("200 in 2000 ms, slower than budget of 1000 ms");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void connectionRefusedIsAFailedResult() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        List<CheckResult> results =
                runner().run(URI.create("http://127.0.0.1:" + closedPort), suite(smoke("health", "/health")), plenty());

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).detail())
                .isEqualTo("GET http://127.0.0.1:" + closedPort + "/health: connection refused (attempt 1 of 1)");
    }

    @Nested
    class Retries {

        @Test
        void failsTwiceThenPassesOnTheThirdAttempt() {
            server.script("/health", Reply.of(503, "starting"), Reply.of(503, "starting"), Reply.of(200, "UP"));

            CheckResult result = runOne(smoke("health", "/health").retries(2, Duration.ofMillis(500)));

            assertThat(result.passed()).as(result.detail()).isTrue();
            assertThat(result.detail()).endsWith("(attempt 3 of 3)");
            assertThat(server.received()).hasSize(3);
            assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
        }

        @Test
        void exhaustedRetriesReportTheLastFailure() {
            server.script("/health", Reply.of(500, "first"), Reply.of(503, "still down"));

            CheckResult result = runOne(smoke("health", "/health").retries(2, Duration.ofMillis(500)));

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .isEqualTo("GET http://127.0.0.1:" + server.port()
                            + "/health: expected status 200, got 503 (attempt 3 of 3); last body: \"still down\"");
            assertThat(server.received()).hasSize(3);
            assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
        }

        @Test
        void backoffDoublesUpToThirtySeconds() {
            server.script("/health", Reply.of(503, ""));

            // the sleeper does not really wait, but the deadline must leave room for 90 s of waiting
            CheckResult result = runner().run(
                            server.url(),
                            suite(smoke("health", "/health").retries(4, Duration.ofSeconds(10))),
                            Deadline.after(clock, Duration.ofMinutes(10)))
                    .get(0);

            assertThat(result.passed()).isFalse();
            assertThat(sleeper.waits())
                    .containsExactly(
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(20),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(30));
            assertThat(server.received()).hasSize(5);
        }

        @Test
        void durationCoversAllAttemptsAndWaits() {
            server.script("/health", Reply.of(503, ""));
            ManualClock manual = new ManualClock();
            RecordingSleeper movingSleeper = new RecordingSleeper(manual);

            CheckResult result = runner(manual, movingSleeper, Map.of())
                    .run(
                            server.url(),
                            suite(smoke("health", "/health").retries(2, Duration.ofSeconds(1))),
                            Deadline.after(manual, Duration.ofMinutes(5)))
                    .get(0);

            assertThat(result.duration()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @Nested
    class Deadlines {

        @Test
        void expiredDeadlineFailsWithoutSending() {
            server.script("/health", Reply.of(200, "UP"));

            List<CheckResult> results = runner().run(
                            server.url(),
                            suite(smoke("health", "/health").retries(2, Duration.ofMillis(500))),
                            Deadline.after(clock, Duration.ZERO));

            assertThat(results.get(0).passed()).isFalse();
            assertThat(results.get(0).detail())
                    .contains("deadline cut it short before attempt 1 of 3")
                    .contains("no request sent");
            assertThat(server.received()).isEmpty();
        }

        @Test
        void deadlineCutsRetriesShort() {
            server.script("/health", Reply.of(503, "down"));
            ManualClock manual = new ManualClock();
            RecordingSleeper movingSleeper = new RecordingSleeper(manual);
            // attempt 1 at 0 ms, wait 500 ms, attempt 2 at 500 ms; the next 1000 ms wait would reach 1500 ms
            Deadline deadline = Deadline.after(manual, Duration.ofMillis(1200));

            CheckResult result = runner(manual, movingSleeper, Map.of())
                    .run(server.url(), suite(smoke("health", "/health").retries(5, Duration.ofMillis(500))), deadline)
                    .get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .contains("deadline cut it short after 2 of 6 attempts")
                    .contains("last: expected status 200, got 503")
                    .contains("last body: \"down\"");
            assertThat(server.received()).hasSize(2);
            assertThat(movingSleeper.waits()).containsExactly(Duration.ofMillis(500));
        }

        @Test
        void laterTestsAlsoReportTheDeadline() {
            server.script("/a", Reply.of(200, "ok"));
            ManualClock manual = new ManualClock();
            Deadline deadline = Deadline.after(manual, Duration.ofSeconds(1));
            manual.advance(Duration.ofSeconds(2));

            List<CheckResult> results = runner(manual, sleeper, Map.of())
                    .run(server.url(), suite(smoke("a", "/a"), smoke("b", "/a")), deadline);

            assertThat(results).extracting(CheckResult::passed).containsExactly(false, false);
            assertThat(server.received()).isEmpty();
        }
    }

    @Nested
    class BodyChecks {

        @Test
        void bodyContainsPassesWhenEverySubstringIsThere() {
            server.script("/health", Reply.of(200, "status: UP, db: ok"));

            CheckResult result =
                    runOne(smoke("health", "/health").contains("UP").contains("db: ok"));

            assertThat(result.passed()).as(result.detail()).isTrue();
        }

        @Test
        void bodyContainsFailsNamingTheMissingSubstring() {
            server.script("/health", Reply.of(200, "status: DOWN"));

            CheckResult result =
                    runOne(smoke("health", "/health").contains("DOWN").contains("UP"));

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .contains(": body does not contain \"UP\" (attempt 1 of 1)")
                    .doesNotContain("contain \"DOWN\"");
        }

        @Test
        void jsonPathAssertionsCompareAsJsonValues() {
            server.script(
                    "/health",
                    Reply.of(
                            200,
                            "{\"status\":\"UP\",\"code\":200.0,\"ok\":true,\"ratio\":0.5,\"nothing\":null,"
                                    + "\"checks\":[{\"name\":\"db\",\"up\":true}]}"));

            CheckResult result = runOne(smoke("health", "/health")
                    .jsonEquals("$.status", "UP")
                    .jsonEquals("$.code", 200)
                    .jsonEquals("$.ok", true)
                    .jsonEquals("$.ratio", 0.5)
                    .jsonEquals("$.checks[?(@.name == 'db')].up", true)
                    .jsonExists("$.nothing")
                    .jsonExists("$.checks[0].name"));

            assertThat(result.passed()).as(result.detail()).isTrue();
        }

        @Test
        void jsonPathMismatchesAreEachNamed() {
            server.script("/health", Reply.of(200, "{\"status\":\"DOWN\",\"code\":200,\"ok\":true}"));

            CheckResult result = runOne(smoke("health", "/health")
                    .jsonEquals("$.status", "UP")
                    .jsonEquals("$.code", "200")
                    .jsonEquals("$.ok", false)
                    .jsonExists("$.version"));

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .contains("$.status: expected \"UP\", got \"DOWN\"")
                    .contains("$.code: expected \"200\", got 200")
                    .contains("$.ok: expected false, got true")
                    .contains("$.version: not found");
        }

        @Test
        void bodyThatIsNotJsonFailsJsonPathAssertions() {
            server.script("/health", Reply.of(200, "UP"));

            CheckResult result = runOne(smoke("health", "/health").jsonEquals("$.status", "UP"));

            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).contains("body is not JSON, so $.status cannot be checked");
        }

        @Test
        void bodyOverTheReadLimitIsCutOff() {
            server.script("/big", Reply.of(200, "a".repeat(100) + "TAIL"));
            SmokeTestRunner smallReads =
                    new SmokeTestRunner(clock, sleeper, SmokeTestRunner::defaultClient, HostResolver.SYSTEM, 64);

            CheckResult result = smallReads
                    .run(server.url(), suite(smoke("big", "/big").contains("TAIL")), plenty())
                    .get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .contains("body does not contain \"TAIL\"")
                    .contains("read limit");
        }
    }

    @Nested
    class Requests {

        @Test
        void methodHeadersAndBodyAreSent() {
            server.script("/orders", Reply.of(201, "{\"id\":7}"));

            CheckResult result = runOne(smoke("create", "/orders")
                    .method("post")
                    .header("Content-Type", "application/json")
                    .header("X-Smoke", "yes")
                    .body("{\"item\":\"tea\"}")
                    .expectStatus(201)
                    .jsonEquals("$.id", 7));

            assertThat(result.passed()).as(result.detail()).isTrue();
            assertThat(result.detail()).startsWith("POST ");
            Received request = server.received().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(request.headers().getFirst("X-Smoke")).isEqualTo("yes");
            assertThat(request.body()).isEqualTo("{\"item\":\"tea\"}");
        }

        @Test
        void getWithoutBodySendsNoBody() {
            server.script("/health", Reply.of(200, "ok"));

            runOne(smoke("health", "/health"));

            assertThat(server.received().get(0).method()).isEqualTo("GET");
            assertThat(server.received().get(0).body()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api", "/api/"})
        void pathsKeepTheListenersPrefixAndTheTargetsQuery(String prefix) {
            server.script("/api/health", Reply.of(200, "ok"));

            List<CheckResult> results =
                    runner().run(server.url(prefix), suite(smoke("health", "/health?verbose=1&x=a%20b")), plenty());

            assertThat(results.get(0).passed()).as(results.get(0).detail()).isTrue();
            Received request = server.received().get(0);
            assertThat(request.path()).isEqualTo("/api/health");
            assertThat(request.query()).isEqualTo("verbose=1&x=a%20b");
        }

        @Test
        void restrictedHeaderFailsWithoutSending() {
            server.script("/health", Reply.of(200, "ok"));

            CheckResult result = runOne(smoke("health", "/health").header("Host", "evil.example"));

            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).contains("header Host is refused").contains("no request sent");
            assertThat(server.received()).isEmpty();
        }

        @Test
        void everyTestRunsInOrderEvenAfterAFailure() {
            server.script("/down", Reply.of(500, "boom"));
            server.script("/up", Reply.of(200, "ok"));

            List<CheckResult> results = runner().run(
                            server.url(),
                            suite(smoke("first", "/down"), smoke("second", "/up"), smoke("third", "/down")),
                            plenty());

            assertThat(results)
                    .extracting(CheckResult::name)
                    .containsExactly("smoke:first", "smoke:second", "smoke:third");
            assertThat(results).extracting(CheckResult::passed).containsExactly(false, true, false);
            assertThat(server.received()).extracting(Received::path).containsExactly("/down", "/up", "/down");
        }
    }

    @Nested
    class Targets {

        @Test
        void absoluteUrlOnAnAllowedHostIsCalled() {
            server.script("/elsewhere", Reply.of(200, "ok"));
            // the listener names another host, so only allowedHosts lets 127.0.0.1 through
            SmokeTests tests =
                    suite(List.of("127.0.0.1"), smoke("abs", "http://127.0.0.1:" + server.port() + "/elsewhere"));

            List<CheckResult> results = runner().run(URI.create("http://localhost:1/"), tests, plenty());

            assertThat(results.get(0).passed()).as(results.get(0).detail()).isTrue();
            assertThat(server.received()).extracting(Received::path).containsExactly("/elsewhere");
        }

        @Test
        void absoluteUrlOnTheListenersHostIsCalled() {
            server.script("/abs", Reply.of(200, "ok"));

            CheckResult result = runOne(smoke("abs", server.url("/abs").toString()));

            assertThat(result.passed()).as(result.detail()).isTrue();
        }

        @Test
        void absoluteUrlOnAnotherHostIsRefusedWithoutSendingOrResolving() {
            List<CheckResult> results = runner().run(
                            server.url(),
                            suite(List.of("status.example.com"), smoke("abs", "http://attacker.example/steal")),
                            plenty());

            assertThat(results.get(0).passed()).isFalse();
            assertThat(results.get(0).detail())
                    .isEqualTo("GET http://attacker.example/steal: refused, host "
                            + "attacker.example is neither the listener's host nor in smokeTests.allowedHosts "
                            + "[status.example.com]; no request sent");
            assertThat(clientsBuilt).hasValue(0);
            assertThat(resolvedHosts).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]:8080/x",
                    "http://[fd00:ec2::254]/latest", "http://169.254.170.2/v2/credentials"
                })
        void linkLocalAndMetadataLiteralsAreRefusedEvenWhenAllowed(String target) {
            String host = URI.create(target).getHost();
            SmokeTests tests = suite(List.of(host), smoke("meta", target));

            CheckResult result = runner().run(server.url(), tests, plenty()).get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .contains("refused")
                    .contains("link-local / instance-metadata")
                    .endsWith("no request sent");
            assertThat(clientsBuilt).hasValue(0);
        }

        @Test
        void hostNameResolvingToMetadataAddressIsRefused() {
            SmokeTests tests = suite(List.of("rebind.test"), smoke("rebind", "http://rebind.test/latest"));

            CheckResult result = runner(clock, sleeper, Map.of("rebind.test", "169.254.169.254"))
                    .run(server.url(), tests, plenty())
                    .get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).contains("host rebind.test resolves to 169.254.169.254");
            assertThat(resolvedHosts).contains("rebind.test");
            assertThat(clientsBuilt).hasValue(0);
        }

        @Test
        void aHostNameResolvingToLoopbackIsRefusedUnlessTheSpecAllowsLoopbackTargets() {
            // on Lambda, 127.0.0.1:9001 is the Runtime API; a name made to resolve there must not reach it
            URI listener = URI.create("http://listener.test:" + server.port());
            SmokeTests refused =
                    new SmokeTests(List.of(), List.of(smoke("health", "/health").build()), false);

            CheckResult result = runner(clock, sleeper, Map.of("listener.test", "127.0.0.1"))
                    .run(listener, refused, plenty())
                    .get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail())
                    .contains("host listener.test resolves to 127.0.0.1, a loopback address")
                    .contains("smokeTests.allowLoopbackTargets")
                    .endsWith("no request sent");
            assertThat(server.received()).isEmpty();
            assertThat(clientsBuilt).hasValue(0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1", "http://[::1]", "http://0.0.0.0", "http://[::ffff:127.0.0.1]"})
        void aLoopbackLiteralListenerIsRefusedUnlessAllowed(String base) {
            URI listener = URI.create(base + ":" + server.port());
            SmokeTests refused =
                    new SmokeTests(List.of(), List.of(smoke("health", "/health").build()), false);

            CheckResult result = runner().run(listener, refused, plenty()).get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).contains("loopback", "smokeTests.allowLoopbackTargets");
            assertThat(server.received()).isEmpty();
        }

        @Test
        void listenerPathsAreCheckedAgainstDnsToo() {
            URI listener = URI.create("http://listener.test:" + server.port());

            CheckResult result = runner(clock, sleeper, Map.of("listener.test", "fe80::abcd"))
                    .run(listener, suite(smoke("health", "/health")), plenty())
                    .get(0);

            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).contains("resolves to fe80:0:0:0:0:0:0:abcd");
            assertThat(clientsBuilt).hasValue(0);
        }

        @Test
        void schemeRelativeTargetIsRefused() {
            CheckResult result = runOne(smoke("sneaky", "//attacker.example/x"));

            assertThat(result.passed()).isFalse();
            assertThat(result.detail()).contains("starts with //");
            assertThat(clientsBuilt).hasValue(0);
        }
    }

    @Test
    void interruptionFailsTheRestWithoutThrowing() {
        server.script("/down", Reply.of(503, ""));
        SmokeTestRunner interruptingRunner = new SmokeTestRunner(clock, d -> {
            throw new InterruptedException("stop");
        });

        List<CheckResult> results;
        try {
            results = interruptingRunner.run(
                    server.url(),
                    suite(smoke("first", "/down").retries(1, Duration.ofMillis(10)), smoke("second", "/down")),
                    plenty());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(results).extracting(CheckResult::passed).containsExactly(false, false);
        assertThat(results.get(0).detail()).contains("interrupted while waiting to retry after attempt 1 of 2");
        assertThat(results.get(1).detail()).contains("interrupted before it ran; no request sent");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void interruptionDuringARequestEndsItAtOnce() throws Exception {
        server.script("/hang", Reply.of(200, "too late").after(Duration.ofSeconds(5)));
        server.script("/up", Reply.of(200, "ok"));
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            // interrupt only once the request is in flight at the server
            while (server.received().isEmpty()) {
                Thread.onSpinWait();
            }
            caller.interrupt();
        });
        interrupter.start();

        List<CheckResult> results;
        long started = System.nanoTime();
        try {
            results = runner().run(
                            server.url(),
                            suite(smoke("hang", "/hang").budget(Duration.ofSeconds(10)), smoke("up", "/up")),
                            plenty());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            // clear the flag first: join() on an interrupted thread throws before waiting
            Thread.interrupted();
            interrupter.join();
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(results.get(0).detail()).endsWith("/hang: interrupted during attempt 1 of 1");
        assertThat(results.get(1).detail()).endsWith("/up: interrupted before it ran; no request sent");
        assertThat(server.received()).extracting(Received::path).containsExactly("/hang");
        assertThat(tookMillis).isLessThan(4000);
    }

    @Test
    void unresolvableHostIsAFailedResult() {
        CheckResult result = runner(clock, sleeper, Map.of("no-such-host.invalid", "NXDOMAIN"))
                .run(URI.create("http://no-such-host.invalid/"), suite(smoke("health", "/health")), plenty())
                .get(0);

        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("cannot resolve host no-such-host.invalid");
    }
}
