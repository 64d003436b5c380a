package dev.cutover.core.check.smoke;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.SmokeTests;
import dev.cutover.core.spec.SmokeTests.SmokeTest;

/**
 * Runs a spec's HTTP smoke tests against one listener: the test listener in AfterAllowTestTraffic, the production
 * listener in AfterAllowTraffic.
 *
 * <p>Each test is tried up to {@code 1 + retries} times, waiting {@code retryBackoff} (doubling, at most
 * {@value #MAX_BACKOFF_SECONDS} s) between attempts; an attempt passes when the status matches, every body
 * assertion holds and the response came within the latency budget. Redirects are not followed: a 302 is a status
 * like any other. Targets outside the listener's host and the spec's allowed hosts, and link-local or
 * instance-metadata addresses (also reached through DNS), are refused without sending anything.
 *
 * <p>Tests run one after another in spec order, all of them even when one fails, so the log tells the whole
 * story. Nothing a target does makes {@link #run} throw.
 */
public final class SmokeTestRunner {

    static final int MAX_BACKOFF_SECONDS = 30;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(MAX_BACKOFF_SECONDS);
    private static final Logger LOG = LoggerFactory.getLogger(SmokeTestRunner.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Function<Duration, HttpClient> clients;
    private final TargetResolver targets;
    private final int bodyLimit;

    /** A runner that builds its own HTTP/1.1 client per test, with a connect timeout within the test's budget. */
    public SmokeTestRunner(Clock clock, Sleeper sleeper) {
        this(clock, sleeper, SmokeTestRunner::defaultClient, HostResolver.SYSTEM, CappedBody.DEFAULT_LIMIT);
    }

    /**
     * A runner that sends every request through {@code httpClient}; its owner chooses the connect timeout and
     * should not let it follow redirects (see {@link #defaultClient(Duration)}).
     */
    public SmokeTestRunner(Clock clock, Sleeper sleeper, HttpClient httpClient) {
        this(clock, sleeper, fixed(httpClient), HostResolver.SYSTEM, CappedBody.DEFAULT_LIMIT);
    }

    private static Function<Duration, HttpClient> fixed(HttpClient httpClient) {
        Objects.requireNonNull(httpClient, "httpClient");
        return timeout -> httpClient;
    }

    SmokeTestRunner(
            Clock clock,
            Sleeper sleeper,
            Function<Duration, HttpClient> clients,
            HostResolver hostResolver,
            int bodyLimit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.targets = new TargetResolver(Objects.requireNonNull(hostResolver, "hostResolver"));
        this.bodyLimit = bodyLimit;
    }

    /** The client the two-argument constructor uses: HTTP/1.1, no redirects, the given connect timeout. */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * Runs every test in order; never throws for a failing or unreachable target (that is a failed result).
     *
     * @param listenerUrl base URL that paths are resolved against (the test or the production listener)
     * @param deadline    no attempt starts after it; a test cut short by it fails saying so
     * @return one result per test, named {@code smoke:<test name>}
     */
    public List<CheckResult> run(URI listenerUrl, SmokeTests tests, Deadline deadline) {
        List<CheckResult> results = new ArrayList<>(tests.tests().size());
        for (SmokeTest test : tests.tests()) {
            String name = "smoke:" + test.name();
            if (Thread.currentThread().isInterrupted()) {
                results.add(CheckResult.fail(
                        name,
                        method(test) + " " + display(listenerUrl, test.target())
                                + ": interrupted before it ran; no request sent",
                        Duration.ZERO));
                continue;
            }
            Instant start = clock.instant();
            CheckResult result;
            try {
                result = runOne(name, listenerUrl, tests, test, deadline, start);
            } catch (RuntimeException e) {
                // a bug or a malformed spec must not cost the other tests their turn
                LOG.warn("{}: unexpected error", name, e);
                result = CheckResult.fail(
                        name,
                        method(test) + " " + display(listenerUrl, test.target()) + ": unexpected error " + e,
                        since(start));
            }
            LOG.info("{}", result);
            results.add(result);
        }
        return List.copyOf(results);
    }

    private CheckResult runOne(
            String name, URI listenerUrl, SmokeTests suite, SmokeTest test, Deadline deadline, Instant start) {
        String method = method(test);
        URI uri;
        try {
            uri = targets.resolve(listenerUrl, test.target(), suite.allowedHosts(), suite.allowLoopbackTargets());
        } catch (TargetRefusedException e) {
            String shown = method + " " + display(listenerUrl, test.target());
            LOG.warn("{}: refused {}: {}", name, shown, e.getMessage());
            return CheckResult.fail(name, shown + ": refused, " + e.getMessage() + "; no request sent", since(start));
        }
        String shown = method + " " + Redaction.url(uri);
        Duration budget = test.latencyBudget();
        if (budget == null || budget.isZero() || budget.isNegative()) {
            return CheckResult.fail(
                    name,
                    shown + ": latency budget must be positive, got " + budget + "; no request sent",
                    since(start));
        }
        HttpRequest.Builder template;
        try {
            template = requestTemplate(uri, method, test);
        } catch (IllegalArgumentException e) {
            return CheckResult.fail(name, shown + ": " + e.getMessage() + "; no request sent", since(start));
        }

        int total = Math.max(0, test.retries()) + 1;
        Duration backoff =
                test.retryBackoff() == null || test.retryBackoff().isNegative() ? Duration.ZERO : test.retryBackoff();
        String headerText = test.headers().isEmpty() ? "" : " headers " + Redaction.headers(test.headers());
        HttpClient client = null;
        Outcome last = null;
        for (int attempt = 1; attempt <= total; attempt++) {
            if (attempt > 1) {
                Duration wait = backoff;
                if (!wait.isZero() && wait.compareTo(deadline.remaining()) >= 0) {
                    return cutShort(
                            name,
                            shown,
                            attempt - 1,
                            total,
                            last,
                            "a " + wait.toMillis() + " ms wait before the next attempt would pass it",
                            start);
                }
                try {
                    if (!wait.isZero()) {
                        sleeper.sleep(wait);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CheckResult.fail(
                            name,
                            shown + ": interrupted while waiting to retry after attempt " + (attempt - 1) + " of "
                                    + total + "; last: " + last.verdict(),
                            since(start));
                }
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
            if (deadline.expired()) {
                return cutShort(name, shown, attempt - 1, total, last, "it passed before attempt " + attempt, start);
            }
            Duration remaining = deadline.remaining();
            boolean deadlineBinds = remaining.compareTo(budget) < 0;
            Duration timeout = deadlineBinds ? remaining : budget;
            if (client == null) {
                client = clients.apply(atLeastOneMilli(timeout));
            }
            Outcome outcome;
            try {
                outcome =
                        attempt(client, template.copy().timeout(timeout).build(), test, budget, timeout, deadlineBinds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.info("{} attempt {} of {}: {}{} -> interrupted", name, attempt, total, shown, headerText);
                return CheckResult.fail(
                        name, shown + ": interrupted during attempt " + attempt + " of " + total, since(start));
            }
            LOG.info(
                    "{} attempt {} of {}: {}{} -> {} in {} ms: {}",
                    name,
                    attempt,
                    total,
                    shown,
                    headerText,
                    outcome.status() < 0 ? "no response" : outcome.status(),
                    outcome.elapsedMillis(),
                    outcome.passed() ? "PASS" : "FAIL, " + outcome.verdict());
            if (outcome.passed()) {
                return CheckResult.pass(
                        name,
                        shown + " -> " + outcome.status() + " in " + outcome.elapsedMillis() + " ms (attempt " + attempt
                                + " of " + total + ")",
                        since(start));
            }
            if (outcome.cutByDeadline()) {
                return cutShort(name, shown, attempt, total, outcome, "it ended attempt " + attempt, start);
            }
            last = outcome;
        }
        return CheckResult.fail(
                name,
                shown + ": " + last.verdict() + " (attempt " + total + " of " + total + ")" + last.bodySuffix(),
                since(start));
    }

    private CheckResult cutShort(
            String name, String shown, int made, int total, Outcome last, String how, Instant start) {
        String detail = made == 0
                ? shown + ": deadline cut it short before attempt 1 of " + total + " (" + how + "); no request sent"
                : shown + ": deadline cut it short after " + made + " of " + total + " attempts (" + how + "); last: "
                        + last.verdict() + last.bodySuffix();
        LOG.warn("{}: {}", name, detail);
        return CheckResult.fail(name, detail, since(start));
    }

    private static HttpRequest.Builder requestTemplate(URI uri, String method, SmokeTest test) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        HttpRequest.BodyPublisher body = test.body() != null && test.body().isPresent()
                ? HttpRequest.BodyPublishers.ofString(test.body().get())
                : HttpRequest.BodyPublishers.noBody();
        try {
            builder.method(method, body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method " + method + " is not a valid HTTP method", e);
        }
        for (Map.Entry<String, String> header : test.headers().entrySet()) {
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // the client's own message may quote the value, which may be a secret
                throw new IllegalArgumentException(
                        "header " + header.getKey()
                                + " is refused by the HTTP client (restricted name such as Host, or invalid characters)",
                        e);
            }
        }
        return builder;
    }

    private Outcome attempt(
            HttpClient client,
            HttpRequest request,
            SmokeTest test,
            Duration budget,
            Duration timeout,
            boolean deadlineBinds)
            throws InterruptedException {
        Instant sent = clock.instant();
        CompletableFuture<HttpResponse<CappedBody>> future = client.sendAsync(request, CappedBody.handler(bodyLimit));
        HttpResponse<CappedBody> response;
        try {
            // the request timeout only covers the wait for headers; this bounds reading the body too
            response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return timedOut(sent, budget, timeout, deadlineBinds);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (isA(cause, HttpTimeoutException.class) && !isA(cause, HttpConnectTimeoutException.class)) {
                return timedOut(sent, budget, timeout, deadlineBinds);
            }
            if (isA(cause, HttpConnectTimeoutException.class)) {
                String verdict = deadlineBinds
                        ? "no connection within the " + timeout.toMillis() + " ms left before the deadline"
                        : "no connection within the budget of " + budget.toMillis() + " ms, slower than budget of "
                                + budget.toMillis() + " ms";
                return Outcome.noResponse(verdict, millisSince(sent), deadlineBinds);
            }
            return Outcome.noResponse(describe(cause), millisSince(sent), false);
        }
        long elapsed = millisSince(sent);
        CappedBody body = response.body();
        int status = response.statusCode();
        if (status != test.expectStatus()) {
            return Outcome.response(
                    status, elapsed, "expected status " + test.expectStatus() + ", got " + status, body.text());
        }
        if (elapsed > budget.toMillis()) {
            return Outcome.response(
                    status,
                    elapsed,
                    status + " in " + elapsed + " ms, slower than budget of " + budget.toMillis() + " ms",
                    body.text());
        }
        List<String> failures = BodyAssertions.failures(body, test.bodyContains(), test.jsonPath());
        if (!failures.isEmpty()) {
            return Outcome.response(status, elapsed, String.join("; ", failures), body.text());
        }
        return Outcome.pass(status, elapsed);
    }

    private Outcome timedOut(Instant sent, Duration budget, Duration timeout, boolean deadlineBinds) {
        String verdict = deadlineBinds
                ? "no response within the " + timeout.toMillis() + " ms left before the deadline"
                : "no response within " + budget.toMillis() + " ms, slower than budget of " + budget.toMillis() + " ms";
        return Outcome.noResponse(verdict, millisSince(sent), deadlineBinds);
    }

    /** A transport failure in words an operator recognises. */
    private static String describe(Throwable failure) {
        if (isA(failure, ConnectException.class)) {
            Throwable connect = find(failure, ConnectException.class);
            String message = connect.getMessage();
            return message == null
                            || message.isBlank()
                            || message.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused"
                    : "cannot connect (" + message + ")";
        }
        if (isA(failure, UnknownHostException.class)) {
            return "unknown host (" + find(failure, UnknownHostException.class).getMessage() + ")";
        }
        if (isA(failure, SSLException.class)) {
            return "TLS failure (" + find(failure, SSLException.class).getMessage() + ")";
        }
        if (isA(failure, IOException.class)) {
            Throwable io = find(failure, IOException.class);
            return "I/O error (" + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : ": " + io.getMessage()) + ")";
        }
        return "request failed (" + failure + ")";
    }

    private static boolean isA(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** A target for a message when it could not be resolved, credentials masked where it parses as a URL. */
    private static String display(URI listenerUrl, String target) {
        String raw = TargetResolver.describe(listenerUrl, target);
        try {
            URI uri = new URI(raw);
            return uri.getScheme() != null && uri.getHost() != null ? Redaction.url(uri) : raw;
        } catch (URISyntaxException e) {
            return raw;
        }
    }

    private static String method(SmokeTest test) {
        return test.method() == null || test.method().isBlank()
                ? "GET"
                : test.method().trim().toUpperCase(Locale.ROOT);
    }

    private long millisSince(Instant from) {
        return Math.max(0, Duration.between(from, clock.instant()).toMillis());
    }

    private Duration since(Instant from) {
        Duration d = Duration.between(from, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration atLeastOneMilli(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }

    /**
     * What one attempt came to.
     *
     * @param status        the response status, or -1 when no response came
     * @param verdict       why it failed, in words; "passed" when it passed
     * @param body          the response body, empty without a response
     * @param cutByDeadline the attempt ended because the deadline, not the budget, ran out
     */
    private record Outcome(
            boolean passed, int status, long elapsedMillis, String verdict, String body, boolean cutByDeadline) {

        static Outcome pass(int status, long elapsed) {
            return new Outcome(true, status, elapsed, "passed", "", false);
        }

        static Outcome response(int status, long elapsed, String verdict, String body) {
            return new Outcome(false, status, elapsed, verdict, body, false);
        }

        static Outcome noResponse(String verdict, long elapsed, boolean cutByDeadline) {
            return new Outcome(false, -1, elapsed, verdict, "", cutByDeadline);
        }

        String bodySuffix() {
            return body.isEmpty() ? "" : "; last body: " + Redaction.excerpt(body);
        }
    }
}
