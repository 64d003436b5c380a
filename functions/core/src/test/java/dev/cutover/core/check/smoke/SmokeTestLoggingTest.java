package dev.cutover.core.check.smoke;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cutover.core.check.Deadline;
import dev.cutover.core.check.smoke.ScriptedServer.Reply;
import dev.cutover.core.check.smoke.TestClocks.RecordingSleeper;
import dev.cutover.core.port.model.CheckResult;

import static dev.cutover.core.check.smoke.SmokeTestBuilder.smoke;
import static dev.cutover.core.check.smoke.SmokeTestBuilder.suite;
import static org.assertj.core.api.Assertions.assertThat;

/** What the runner writes to the log: every attempt, and no credentials. slf4j-simple logs to System.err. */
class SmokeTestLoggingTest {

    @Test
    void attemptsAreLoggedWithSensitiveHeadersMasked() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<CheckResult> results;
        try (ScriptedServer server = ScriptedServer.start()) {
            server.script("/health", Reply.of(503, "warming up"), Reply.of(200, "UP"));
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                results = new SmokeTestRunner(Clock.systemUTC(), new RecordingSleeper())
                        .run(
                                server.url(),
                                suite(smoke("health", "/health?api_key=k-query-secret&verbose=1")
                                        .header("Authorization", "Bearer tok-header-secret")
                                        .header("X-Api-Key", "k-header-secret")
                                        .header("Cookie", "session=c-secret")
                                        .header("X-Session-Token", "t-secret")
                                        .header("X-Trace", "trace-visible")
                                        .retries(1, Duration.ofMillis(10))),
                                Deadline.after(Clock.systemUTC(), Duration.ofSeconds(30)));
            } finally {
                System.setErr(original);
            }
            // the server did receive the real values: masking is for the log only
            assertThat(server.received().get(0).headers().getFirst("Authorization"))
                    .isEqualTo("Bearer tok-header-secret");
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(results.get(0).passed()).as(results.get(0).detail()).isTrue();
        assertThat(log)
                .contains("smoke:health attempt 1 of 2: GET http://127.0.0.1:")
                .contains("-> 503 in ")
                .contains("FAIL, expected status 200, got 503")
                .contains("smoke:health attempt 2 of 2: GET")
                .contains("PASS")
                .contains("Authorization=***")
                .contains("X-Api-Key=***")
                .contains("Cookie=***")
                .contains("X-Session-Token=***")
                .contains("X-Trace=trace-visible")
                .contains("api_key=***&verbose=1")
                .doesNotContain("secret");
        assertThat(results.get(0).detail()).doesNotContain("secret");
    }
}
