package dev.cutover.core.spec;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Metric;
import dev.cutover.core.port.model.TargetGroupRoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What the parser builds from a document, and how it reports what is wrong with one. */
class SpecParserTest {

    private static final String ROUTING = """
            routing:
              productionListenerArn: arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/shop/0123456789abcdef/1111111111111111
              testListenerArn: arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/shop/0123456789abcdef/2222222222222222
              targetGroupArns: [arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-blue/0123456789abcdef, arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-green/fedcba9876543210]
              productionUrl: https://shop.example.com
              testUrl: https://shop.example.com:8443
            """;

    private static String spec(String rest) {
        return "version: 1\nservice: shop\n" + ROUTING + rest;
    }

    private static final String ONE_STAGE = "shifting:\n  stages:\n    - { percent: 100, bakeSeconds: 0 }\n";

    @Test
    void approvalGatesAndTheRollbackWindowAreReadAndTheWindowsCodeDeployLimitIsNoted() {
        CutoverSpec spec = SpecParser.parse(
                spec("shifting:\n  stages:\n    - { percent: 10, bakeSeconds: 60, approval: { timeoutMinutes: 45 } }\n"
                        + "    - { percent: 100, bakeSeconds: 0 }\n"
                        + "rollback:\n  windowMinutes: 20\n"),
                "inline");

        assertThat(spec.shifting().stages())
                .containsExactly(
                        new Shifting.Stage(10, Duration.ofSeconds(60), Optional.of(Duration.ofMinutes(45))),
                        new Shifting.Stage(100, Duration.ZERO));
        assertThat(spec.shifting().totalApprovalTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(spec.rollback().window()).isEqualTo(Duration.ofMinutes(20));
        assertThat(spec.rollback().codeDeployTerminationWait()).isEmpty();
        assertThat(SpecValidator.notes(spec))
                .anySatisfy(note -> assertThat(note)
                        .startsWith("rollback.windowMinutes: 20 min")
                        .contains("terminationWaitTimeInMinutes"));

        CutoverSpec declared = SpecParser.parse(
                spec(ONE_STAGE + "rollback:\n  windowMinutes: 20\n  codeDeployTerminationWaitMinutes: 20\n"), "inline");
        assertThat(declared.rollback().codeDeployTerminationWait()).contains(Duration.ofMinutes(20));
        assertThat(SpecValidator.notes(declared)).isEmpty();
        assertThat(SpecParser.parse(spec(ONE_STAGE), "inline").rollback().hasWindow())
                .as("no window by default")
                .isFalse();
    }

    @Test
    void route53RoutingMapsItsRecordsOntoTheTargetGroupsAndNotesTheTtlRule() {
        CutoverSpec spec =
                SpecParser.parse(SpecDocuments.valid("route53-cname.yaml").file());

        Routing routing = spec.routing();
        assertThat(routing.type()).isEqualTo(Routing.Type.ROUTE53);
        DnsRecords records = routing.dns().orElseThrow();
        assertThat(records)
                .isEqualTo(new DnsRecords(
                        "Z0123456789ABCDEFGHIJ",
                        "shop.example.com",
                        DnsRecords.Type.CNAME,
                        Optional.of(Duration.ofSeconds(30)),
                        List.of("shop-a", "shop-b")));
        // the second target group is blue in this deployment: its record is the second set identifier
        Routing deployment = routing.withRoles(new TargetGroupRoles(
                routing.targetGroupArns().get(1), routing.targetGroupArns().get(0)));
        assertThat(deployment.blueSetIdentifier()).isEqualTo("shop-b");
        assertThat(deployment.greenSetIdentifier()).isEqualTo("shop-a");
        assertThat(deployment.productionRoute().dns()).contains(records);
        assertThat(SpecValidator.notes(spec))
                .anySatisfy(note -> assertThat(note)
                        .startsWith("routing.dns:")
                        .contains("every bake is at least 30 + margin 30 = 60 s")
                        .contains("clients may keep reaching green for up to 30 s"));

        Routing alias = SpecParser.parse(
                        SpecDocuments.valid("route53-alias.yaml").file())
                .routing();
        assertThat(alias.dns().orElseThrow().ttl()).isEmpty();
        assertThat(alias.dns().orElseThrow().cachingBound()).isEqualTo(Duration.ofSeconds(60));
        assertThat(SpecParser.parse(spec(ONE_STAGE), "inline").routing().type())
                .as("elb by default")
                .isEqualTo(Routing.Type.ELB);
    }

    @Test
    void theStatisticalJudgesBakeExtensionsAreReadAndCountedInTheHookWindow() {
        CutoverSpec spec =
                SpecParser.parse(SpecDocuments.valid("statistical-judge.yaml").file());

        HealthGates.Statistical statistical = spec.health().statistical();
        assertThat(statistical.maxExtensions()).isEqualTo(3);
        assertThat(statistical.extendBy()).isEqualTo(Duration.ofSeconds(120));
        // the 300 s bake is judged at the latest 300 + 120 s after its shift, the 0 s one 2 x 60 + 120 s; each may
        // then be extended 3 x 120 s
        assertThat(SpecValidator.hookWindowTerms(spec))
                .containsExactly(Duration.ofSeconds(420 + 360), Duration.ofSeconds(240 + 360));
        assertThat(HealthGates.Statistical.DEFAULT.maxExtensions()).isEqualTo(2);
        assertThat(HealthGates.Statistical.DEFAULT.extendBy()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void minimalSpecTakesEveryDefault() {
        CutoverSpec spec = SpecParser.parse(SpecDocuments.valid("minimal.yaml").file());

        Routing routing = spec.routing();
        assertThat(routing.productionRuleArn()).isEmpty();
        assertThat(routing.productionUrl()).isEqualTo(URI.create("https://web.example.com"));
        assertThat(routing.minHealthyTargets()).isEqualTo(1);
        assertThat(routing.healthyTargetsWait()).isEqualTo(Duration.ofSeconds(300));
        assertThat(spec.shifting())
                .isEqualTo(new Shifting(
                        Shifting.Mode.STAGED,
                        List.of(new Shifting.Stage(100, Duration.ZERO)),
                        Duration.ofHours(1),
                        Duration.ofMinutes(5)));
        assertThat(spec.health()).isEqualTo(new HealthGates(List.of(), List.of()));
        assertThat(spec.smokeTests()).isEqualTo(SmokeTests.none());
        assertThat(spec.migrations()).isEmpty();
        assertThat(spec.dataSync()).isEmpty();
        assertThat(spec.notifications()).isEqualTo(Notifications.none());
        assertThat(spec.rollback()).isEqualTo(RollbackPolicy.immediate());
        // no databaseTls: connections verify the server against the RDS CA bundle
        assertThat(spec.databaseTls()).isEqualTo(DatabaseTls.verifyFull());
    }

    @Test
    void fullSpecMapsEveryField() {
        CutoverSpec spec = SpecParser.parse(SpecDocuments.valid("full.yaml").file());

        assertThat(spec.version()).isEqualTo(1);
        assertThat(spec.service()).isEqualTo("orders");
        Routing routing = spec.routing();
        assertThat(routing.productionListenerArn()).endsWith(":listener/app/orders/0123456789abcdef/fedcba9876543210");
        assertThat(routing.productionRuleArn())
                .hasValueSatisfying(arn -> assertThat(arn).endsWith("/0011223344556677"));
        assertThat(routing.testListenerArn()).endsWith("/0a1b2c3d4e5f6a7b");
        // the pair, in the spec's order; which is blue is resolved per deployment
        assertThat(routing.targetGroupArns())
                .satisfiesExactly(
                        a -> assertThat(a).contains(":targetgroup/orders-blue/"),
                        b -> assertThat(b).contains(":targetgroup/orders-green/"));
        assertThat(routing.roles()).isEmpty();
        assertThat(routing.productionUrl()).isEqualTo(URI.create("https://orders.example.com"));
        assertThat(routing.testUrl()).isEqualTo(URI.create("https://orders.example.com:8443"));
        assertThat(routing.minHealthyTargets()).isEqualTo(2);
        assertThat(routing.healthyTargetsWait()).isEqualTo(Duration.ofMinutes(2));

        assertThat(spec.shifting())
                .isEqualTo(new Shifting(
                        Shifting.Mode.STAGED,
                        List.of(
                                new Shifting.Stage(10, Duration.ofMinutes(5)),
                                new Shifting.Stage(50, Duration.ofMinutes(10)),
                                new Shifting.Stage(100, Duration.ZERO)),
                        Duration.ofHours(1),
                        Duration.ofMinutes(4)));

        assertThat(spec.health().alarms()).containsExactly("orders-green-5xx", "orders-green-p99");
        assertThat(spec.health().metricGates())
                .containsExactly(
                        new HealthGates.MetricGate(
                                Metric.ERROR_RATE_5XX, Optional.empty(), 0.01, Optional.of(0.005), 200),
                        new HealthGates.MetricGate(Metric.LATENCY, Optional.of(99.9), 800.0, Optional.of(200.0), 100));

        SmokeTests smoke = spec.smokeTests();
        assertThat(smoke.allowedHosts()).containsExactly("auth.example.com");
        assertThat(smoke.tests()).hasSize(3);
        SmokeTests.SmokeTest health = smoke.tests().get(0);
        assertThat(health)
                .isEqualTo(new SmokeTests.SmokeTest(
                        "health",
                        "GET",
                        "/health",
                        Map.of("Accept", "application/json", "X-Request-Source", "cutover"),
                        Optional.empty(),
                        200,
                        List.of("UP"),
                        List.of(
                                new SmokeTests.JsonPathAssertion("$.status", Optional.of("UP")),
                                new SmokeTests.JsonPathAssertion("$.checks.length()", Optional.of(3L)),
                                new SmokeTests.JsonPathAssertion("$.ratio", Optional.of(0.5)),
                                new SmokeTests.JsonPathAssertion("$.ready", Optional.of(true)),
                                new SmokeTests.JsonPathAssertion("$.version", Optional.empty())),
                        Duration.ofMillis(500),
                        3,
                        Duration.ofMillis(250)));
        SmokeTests.SmokeTest create = smoke.tests().get(1);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.target()).isEqualTo("/orders?dryRun=true");
        assertThat(create.body()).hasValue("{\"x\":1}");
        assertThat(create.expectStatus()).isEqualTo(201);
        assertThat(create.latencyBudget()).isEqualTo(Duration.ofSeconds(2));
        assertThat(create.retries()).isEqualTo(2);
        assertThat(create.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(smoke.tests().get(2).target())
                .isEqualTo("https://auth.example.com/.well-known/openid-configuration");
        assertThat(smoke.tests().get(2).retries()).isZero();

        assertThat(spec.migrations())
                .hasValue(new Migrations(
                        "filesystem:db/migration",
                        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders/db/green-AbCdEf",
                        "orders",
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(120)));
        assertThat(spec.dataSync())
                .hasValue(new DataSync(
                        "orders/db/blue",
                        "orders/db/green",
                        List.of(
                                new DataSync.TableCheck(
                                        "orders",
                                        "id",
                                        List.of("status", "total_cents"),
                                        0,
                                        Optional.of("updated_at"),
                                        Duration.ofMinutes(1)),
                                new DataSync.TableCheck(
                                        "sales.order_lines",
                                        "line_id",
                                        List.of(),
                                        0,
                                        Optional.empty(),
                                        Duration.ZERO))));
        assertThat(spec.notifications().topicArn()).hasValue("arn:aws:sns:eu-west-1:111122223333:cutover-orders");
        assertThat(spec.rollback())
                .isEqualTo(new RollbackPolicy(RollbackPolicy.Mode.GRADUAL, List.of(50, 10, 0), Duration.ofSeconds(30)));
        assertThat(spec.databaseTls())
                .isEqualTo(new DatabaseTls(DatabaseTls.Mode.VERIFY_CA, Optional.of("/opt/certs/orders-ca.pem")));
    }

    @Test
    void decimalsThatAreWholeNumbersCountAsIntegers() {
        CutoverSpec spec = SpecParser.parse(
                SpecDocuments.valid("whole-numbers-as-decimals.json").file());

        assertThat(spec.version()).isEqualTo(1);
        assertThat(spec.routing().minHealthyTargets()).isEqualTo(3);
        assertThat(spec.shifting().stages()).containsExactly(new Shifting.Stage(100, Duration.ofMinutes(1)));
    }

    @Test
    void yamlOneOneWordsStayText() {
        // YAML 1.1 would read yes/on as true; editors (YAML 1.2) and Cutover read them as words
        CutoverSpec spec = SpecParser.parse(spec(ONE_STAGE + """
                smokeTests:
                  tests:
                    - name: flags
                      path: /flags
                      headers: { X-Feature: on }
                      jsonPath: [ { path: "$.enabled", equals: yes } ]
                """), "inline");

        SmokeTests.SmokeTest test = spec.smokeTests().tests().get(0);
        assertThat(test.headers()).containsEntry("X-Feature", "on");
        assertThat(test.jsonPath().get(0).equals()).hasValue("yes");
    }

    @Test
    void exceptionMessageListsEveryErrorWithItsPath() {
        String text = spec("""
                shifting:
                  stages:
                    - { percent: 50, bakeSeconds: 60 }
                    - { percent: 40, bakeSeconds: 60 }
                rollback:
                  mode: sudden
                notifications:
                  topic: arn:aws:sns:eu-west-1:111122223333:x
                """);

        SpecException failure =
                catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "ssm:/cutover/shop"));

        assertThat(failure.source()).isEqualTo("ssm:/cutover/shop");
        assertThat(failure.errors())
                .extracting(FieldError::path)
                .containsExactlyInAnyOrder(
                        "shifting.stages[1].percent",
                        "shifting.stages[1].percent",
                        "notifications.topic",
                        "notifications.topicArn",
                        "rollback.mode");
        assertThat(failure.getMessage())
                .startsWith("invalid Cutover spec ssm:/cutover/shop (5 errors)\n")
                .contains("\n  shifting.stages[1].percent: 40 is not greater than the previous stage's 50;")
                .contains("\n  shifting.stages[1].percent: the last stage must send 100", "got 40")
                .doesNotContain("(5 errors)\n\n");
        for (FieldError error : failure.errors()) {
            assertThat(failure.getMessage()).contains("  " + error.path() + ": " + error.reason());
        }
    }

    @Test
    void threeIndependentErrorsAreAllReported() {
        String text = spec("""
                shifting:
                  stages:
                    - { percent: 100, bakeSeconds: 0 }
                health:
                  alarms: [a, a]
                smokeTests:
                  tests:
                    - { name: x, url: "http://169.254.169.254/latest/meta-data/" }
                """).replace("service: shop", "service: Shop");

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "three"));

        assertThat(failure.errors())
                .extracting(FieldError::path)
                .containsExactly("service", "health.alarms[1]", "smokeTests.tests[0].url");
        assertThat(failure.getMessage()).contains("(3 errors)");
    }

    @Test
    void unknownFieldWithoutANearMissListsTheKnownFields() {
        SpecException failure = catchThrowableOfType(
                SpecException.class, () -> SpecParser.parse(spec(ONE_STAGE + "rollback:\n  zzz: 1\n"), "inline"));

        assertThat(failure.errors())
                .containsExactly(new FieldError(
                        "rollback.zzz",
                        "unknown field; expected one of mode, steps, stepWaitSeconds, windowMinutes,"
                                + " codeDeployTerminationWaitMinutes"));
    }

    @Test
    void oddKeysAreQuotedInPaths() {
        SpecException failure = catchThrowableOfType(
                SpecException.class, () -> SpecParser.parse(spec(ONE_STAGE + "\"smoke tests\": {}\n"), "inline"));

        assertThat(failure.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("[\"smoke tests\"]"));
    }

    @Test
    void aSmokeUrlOnAListenerHostNeedsNoAllowedHosts() {
        CutoverSpec spec = SpecParser.parse(
                spec(ONE_STAGE
                        + "smokeTests:\n  tests:\n    - { name: p, url: \"https://SHOP.example.com./status\" }\n"),
                "inline");

        assertThat(spec.smokeTests().tests().get(0).target()).isEqualTo("https://SHOP.example.com./status");
    }

    @Test
    void passwordsInUrlsNeverReachTheMessage() {
        SpecException failure = catchThrowableOfType(
                SpecException.class,
                () -> SpecParser.parse(
                        spec(ONE_STAGE)
                                .replace(
                                        "testUrl: https://shop.example.com:8443",
                                        "testUrl: ftp://admin:hunter2@shop.example.com"),
                        "inline"));

        assertThat(failure.errors()).extracting(FieldError::path).containsExactly("routing.testUrl");
        assertThat(failure.getMessage()).contains("user info").doesNotContain("hunter2");
    }

    @Test
    void aYamlAliasIsRefusedNamingTheFieldRatherThanReadAsTheAnchorsName() {
        // Jackson reads an alias as the text of its anchor's name: alarms: [*p99] would watch an alarm named "p99"
        String text = spec(ONE_STAGE + """
                smokeTests:
                  tests:
                    - name: &p99 orders-green-p99
                      path: /health
                health:
                  alarms: [orders-green-5xx, *p99]
                """);

        SpecException failure =
                catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "specs/orders.yaml"));

        assertThat(failure).as("a spec with an alias must not parse").isNotNull();
        assertThat(failure.source()).isEqualTo("specs/orders.yaml");
        assertThat(failure.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("health.alarms[1]");
            assertThat(e.reason()).contains("YAML alias *p99", "anchors and aliases");
        });
        assertThat(failure.getMessage()).contains("specs/orders.yaml", "health.alarms[1]");
    }

    @Test
    void aYamlMergeKeyAliasIsRefusedToo() {
        String text = spec(ONE_STAGE + """
                smokeTests:
                  tests:
                    - &base { name: health, path: /health, retries: 2 }
                    - { <<: *base, name: ready, path: /ready }
                """);

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "inline"));

        assertThat(failure.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("smokeTests.tests[1][\"<<\"]");
            assertThat(e.reason()).contains("YAML alias *base");
        });
    }

    @Test
    void aBillionLaughsDocumentIsRefusedAtItsFirstAliasWithoutExpandingIt() {
        StringBuilder laughs = new StringBuilder("x-lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 30; level++) {
            String previous = "*lol" + (level - 1);
            laughs.append("x-lol").append(level).append(": &lol").append(level).append(" [");
            laughs.append(String.join(", ", java.util.Collections.nCopies(10, previous)));
            laughs.append("]\n");
        }
        String text = spec(ONE_STAGE) + laughs;

        SpecException failure = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "laughs.yaml")));

        assertThat(failure.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("x-lol1[0]");
            assertThat(e.reason()).contains("YAML alias *lol0");
        });
    }

    @Test
    void anAnchorWithoutAnAliasChangesNothing() {
        CutoverSpec spec = SpecParser.parse(spec(ONE_STAGE + "health:\n  alarms: [&a orders-green-5xx]\n"), "inline");

        assertThat(spec.health().alarms()).containsExactly("orders-green-5xx");
    }

    private static String onLoopback(String smokeTests) {
        return spec(ONE_STAGE + smokeTests)
                .replace("productionUrl: https://shop.example.com", "productionUrl: http://127.0.0.1:8080")
                .replace("testUrl: https://shop.example.com:8443", "testUrl: http://localhost:8443");
    }

    @Test
    void loopbackTargetsAreRefusedNamingTheFieldThatWouldAllowThem() {
        // on Lambda, 127.0.0.1:9001 is the Runtime API: a spec must say it means to call this machine
        String text = onLoopback("""
                smokeTests:
                  allowedHosts: ["[::1]", "0.0.0.0"]
                  tests:
                    - { name: health, path: /health }
                    - { name: any, url: "http://0.0.0.0:9001/2018-06-01/runtime/invocation/next" }
                """);

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "loop.yaml"));

        assertThat(failure)
                .as("a spec calling loopback targets without allowLoopbackTargets")
                .isNotNull();
        assertThat(failure.errors())
                .extracting(FieldError::path)
                .containsExactlyInAnyOrder(
                        "routing.productionUrl",
                        "routing.testUrl",
                        "smokeTests.allowedHosts[0]",
                        "smokeTests.allowedHosts[1]",
                        "smokeTests.tests[1].url");
        assertThat(failure.errors())
                .allSatisfy(e -> assertThat(e.reason()).contains("smokeTests.allowLoopbackTargets: true"));
        assertThat(failure.errors())
                .filteredOn(e -> e.path().equals("routing.productionUrl"))
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("127.0.0.1 is a loopback address"));
    }

    @Test
    void loopbackListenersWithoutSmokeTestsAreRefusedToo() {
        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(onLoopback(""), "x"));

        assertThat(failure.errors())
                .extracting(FieldError::path)
                .containsExactly("routing.productionUrl", "routing.testUrl");
    }

    @Test
    void loopbackTargetsAreCalledOnlyWhenTheSpecAllowsThem() {
        CutoverSpec spec = SpecParser.parse(onLoopback("""
                smokeTests:
                  allowLoopbackTargets: true
                  allowedHosts: ["[::1]"]
                  tests:
                    - { name: health, path: /health }
                    - { name: v6, url: "http://[::1]:9000/ready" }
                """), "loop.yaml");

        assertThat(spec.smokeTests().allowLoopbackTargets()).isTrue();
        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(SpecParser.parse(spec(ONE_STAGE), "x").smokeTests().allowLoopbackTargets())
                .as("the default")
                .isFalse();
    }

    @Test
    void allowLoopbackTargetsMustBeABoolean() {
        SpecException failure = catchThrowableOfType(
                SpecException.class,
                () -> SpecParser.parse(spec(ONE_STAGE + "smokeTests: { allowLoopbackTargets: yes }\n"), "x"));

        assertThat(failure.errors()).extracting(FieldError::path).containsExactly("smokeTests.allowLoopbackTargets");
    }

    @Test
    void namesWithUnicodeLineOrFormatSeparatorsAreRefusedNamingTheField() {
        String text = spec(ONE_STAGE + """
                health:
                  alarms: ["orders-5xx\u2028", "orders\u202ep99"]
                smokeTests:
                  tests:
                    - { name: "hea\u200blth", path: /health }
                    - { name: "ready\u2029", path: /ready }
                """);

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(text, "names.yaml"));

        assertThat(failure.errors())
                .extracting(FieldError::path)
                .containsExactlyInAnyOrder(
                        "health.alarms[0]", "health.alarms[1]", "smokeTests.tests[0].name", "smokeTests.tests[1].name");
        assertThat(failure.getMessage())
                .contains("\\u2028", "\\u202e", "\\u200b", "\\u2029")
                .doesNotContain("\u2028", "\u202e", "\u200b", "\u2029");
    }

    @Test
    void byteOrderMarkIsIgnored() {
        String text = "\uFEFF" + SpecDocuments.valid("minimal.yaml").text();

        assertThat(SpecParser.parse(text, "bom").service()).isEqualTo("minimal");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("absent.cutover.yaml");

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(file));

        assertThat(failure.source()).isEqualTo(file.toString());
        assertThat(failure.errors())
                .containsExactly(new FieldError("(document)", "cannot read the spec file: it does not exist"));
        assertThat(failure.getMessage()).contains(file.toString());
    }

    @Test
    void fileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "service: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        SpecException failure = catchThrowableOfType(SpecException.class, () -> SpecParser.parse(file));

        assertThat(failure.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("not UTF-8"));
    }
}
