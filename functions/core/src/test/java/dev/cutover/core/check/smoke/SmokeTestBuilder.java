package dev.cutover.core.check.smoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cutover.core.spec.SmokeTests;
import dev.cutover.core.spec.SmokeTests.JsonPathAssertion;
import dev.cutover.core.spec.SmokeTests.SmokeTest;

/** Builds smoke tests with sensible defaults so each test states only what it is about. */
final class SmokeTestBuilder {

    private final String name;
    private final String target;
    private String method = "GET";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Optional<String> body = Optional.empty();
    private int expectStatus = 200;
    private final List<String> bodyContains = new ArrayList<>();
    private final List<JsonPathAssertion> jsonPath = new ArrayList<>();
    private Duration latencyBudget = Duration.ofSeconds(5);
    private int retries;
    private Duration retryBackoff = Duration.ofMillis(500);

    private SmokeTestBuilder(String name, String target) {
        this.name = name;
        this.target = target;
    }

    static SmokeTestBuilder smoke(String name, String target) {
        return new SmokeTestBuilder(name, target);
    }

    static SmokeTests suite(SmokeTestBuilder... tests) {
        return suite(List.of(), tests);
    }

    static SmokeTests suite(List<String> allowedHosts, SmokeTestBuilder... tests) {
        // the runner's tests call a scripted server on 127.0.0.1, so their suites allow loopback targets
        return new SmokeTests(
                allowedHosts,
                java.util.Arrays.stream(tests).map(SmokeTestBuilder::build).toList(),
                true);
    }

    SmokeTestBuilder method(String m) {
        method = m;
        return this;
    }

    SmokeTestBuilder header(String n, String v) {
        headers.put(n, v);
        return this;
    }

    SmokeTestBuilder body(String b) {
        body = Optional.of(b);
        return this;
    }

    SmokeTestBuilder expectStatus(int s) {
        expectStatus = s;
        return this;
    }

    SmokeTestBuilder contains(String s) {
        bodyContains.add(s);
        return this;
    }

    SmokeTestBuilder jsonEquals(String path, Object value) {
        jsonPath.add(new JsonPathAssertion(path, Optional.of(value)));
        return this;
    }

    SmokeTestBuilder jsonExists(String path) {
        jsonPath.add(new JsonPathAssertion(path, Optional.empty()));
        return this;
    }

    SmokeTestBuilder budget(Duration d) {
        latencyBudget = d;
        return this;
    }

    SmokeTestBuilder retries(int n, Duration backoff) {
        retries = n;
        retryBackoff = backoff;
        return this;
    }

    SmokeTest build() {
        return new SmokeTest(
                name,
                method,
                target,
                headers,
                body,
                expectStatus,
                bodyContains,
                jsonPath,
                latencyBudget,
                retries,
                retryBackoff);
    }
}
