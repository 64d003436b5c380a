package dev.cutover.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP checks run against the test listener (AfterAllowTestTraffic) and the production listener
 * (AfterAllowTraffic).
 *
 * @param allowedHosts hosts a test may call by absolute URL besides the listeners' own; never link-local or
 *                     instance-metadata addresses
 * @param tests        the checks, run in order
 * @param allowLoopbackTargets whether tests may call this machine (loopback and unspecified addresses,
 *                     {@code localhost}); off unless the spec sets it: on Lambda, 127.0.0.1:9001 is the Runtime API
 */
public record SmokeTests(List<String> allowedHosts, List<SmokeTest> tests, boolean allowLoopbackTargets) {

    public SmokeTests {
        allowedHosts = List.copyOf(allowedHosts);
        tests = List.copyOf(tests);
    }

    /** Tests that never call this machine. */
    public SmokeTests(List<String> allowedHosts, List<SmokeTest> tests) {
        this(allowedHosts, tests, false);
    }

    public static SmokeTests none() {
        return new SmokeTests(List.of(), List.of());
    }

    /**
     * One HTTP check.
     *
     * @param name           shown in logs and verdicts
     * @param method         HTTP method
     * @param target         a path ({@code /health}) resolved against the listener's URL, or an absolute URL on
     *                       an allowed host
     * @param headers        request headers
     * @param body           request body, if any
     * @param expectStatus   the status code that passes
     * @param bodyContains   substrings the body must contain
     * @param jsonPath       JSON-path assertions on the body
     * @param latencyBudget  a response slower than this fails the attempt
     * @param retries        attempts after the first before the test fails
     * @param retryBackoff   wait before the first retry; doubles for each further one
     */
    public record SmokeTest(
            String name,
            String method,
            String target,
            Map<String, String> headers,
            Optional<String> body,
            int expectStatus,
            List<String> bodyContains,
            List<JsonPathAssertion> jsonPath,
            Duration latencyBudget,
            int retries,
            Duration retryBackoff) {

        public SmokeTest {
            headers = Map.copyOf(headers);
            bodyContains = List.copyOf(bodyContains);
            jsonPath = List.copyOf(jsonPath);
        }
    }

    /**
     * An assertion on a JSON body.
     *
     * @param path     a Jayway JSON path such as {@code $.status}
     * @param equals   the value expected there (String, Number, Boolean); empty means "the path exists"
     */
    public record JsonPathAssertion(String path, Optional<Object> equals) {}
}
