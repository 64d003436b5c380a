package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cutover plan}: no AWS call, the numbers of {@code DeploymentEstimator} as text and JSON. */
class PlanCommandTest {

    @TempDir
    Path dir;

    @Test
    void theOrdersPlanShowsTheTimelineTransitionsCostAndChanges() {
        CliRun outcome = CliRun.cutover(
                "plan", "--spec", Cli.example("orders.cutover.yaml").toString(), "--codedeploy");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("plan for orders, started by CodeDeploy's BeforeAllowTraffic hook")
                .contains("hook window: 40m00s of stages + 5m00s safety margin = 45m00s <= 1h00m00s (15m00s to spare)")
                .contains("success: 31: ValidateAndLock, IsStandalone, Stages, NeedsApproval, ShiftTraffic")
                .contains("up to 34 JudgeHealth retries more, 65 in all")
                .contains("Step Functions   31 transitions x $0.025/1,000 = $0.000775")
                .contains("Lambda invocations of a successful run: 15 (")
                .contains("Lambda duration  15 x 1000 ms (assumed) x 1024 MB = 15 GB-s at $0.0000133334/GB-s")
                .contains("https://aws.amazon.com/step-functions/pricing/")
                .contains("https://aws.amazon.com/lambda/pricing/")
                .contains("read 2026-12-07")
                .contains(":listener/app/orders/")
                .contains(":targetgroup/orders-");
        assertThat(outcome.out().lines().filter(l -> l.matches("  \\d +\\d+% .*")))
                .as("one timeline row per stage")
                .hasSize(4);
    }

    @Test
    void jsonCarriesTheSameNumbers() throws Exception {
        CliRun outcome = CliRun.cutover(
                "plan", "--spec", Cli.example("orders.cutover.yaml").toString(), "--output", "json");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode plan = outcome.json();
        assertThat(plan.path("entry").asText()).isEqualTo("STANDALONE");
        assertThat(plan.path("stateTransitions").path("success").asInt()).isEqualTo(6 * 4 + 9);
        assertThat(plan.path("timeline")).hasSize(4);
        assertThat(plan.path("timeline").path(3).path("judgedBySeconds").asLong())
                .isEqualTo(2400);
        assertThat(plan.path("hookWindow").path("fits").asBoolean()).isTrue();
        assertThat(plan.path("lambdaInvocations").path("JudgeHealth").asInt()).isEqualTo(4);
        assertThat(plan.path("cost").path("stateTransitions").decimalValue()).isEqualByComparingTo("0.000825");
        assertThat(plan.path("cost").path("lambdaGbSeconds").decimalValue())
                .as("one GB-second per invocation at 1024 MB and the assumed 1 s")
                .isEqualByComparingTo(String.valueOf(plan.path("lambdaInvocations").properties().stream()
                        .mapToInt(e -> e.getValue().asInt())
                        .sum()));
    }

    @Test
    void gatesAndTheRollbackWindowShowInTheTimeline() throws Exception {
        Path spec = dir.resolve("gated.yaml");
        Files.writeString(
                spec,
                Files.readString(Cli.example("minimal.cutover.yaml"))
                                .replace(
                                        "    - { percent: 100, bakeSeconds: 300 }",
                                        "    - { percent: 20, bakeSeconds: 60, approval: { timeoutMinutes: 10 } }\n"
                                                + "    - { percent: 100, bakeSeconds: 60 }")
                        + "rollback:\n  windowMinutes: 15\n");

        CliRun outcome = CliRun.cutover("plan", "--spec", spec.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .containsPattern("  1 +20% +<= 10m00s +10m00s +1m00s +11m00s")
                .containsPattern("  2 +100% +- +11m00s +1m00s +12m00s")
                .contains("rollback window: blue is kept 15m00s after the promotion")
                .contains("NeedsApproval, AwaitApproval, ShiftTraffic")
                .contains("RequestApproval 1")
                .contains("CloseRollbackWindow 1");
    }

    @Test
    void aDnsPlanShowsTheRecordsAndTheBakeTheirTtlRequires() throws Exception {
        CliRun outcome = CliRun.cutover(
                "plan", "--spec", Cli.example("route53.cutover.yaml").toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("DNS records      Route 53 records hello.example.com CNAME [hello-a, hello-b] in zone"
                        + " Z0123456789ABCDEFGHIJ: their weights")
                .contains("each bake >= 60 + margin 60 = 120 s; after a rollback clients may reach green for up to"
                        + " 60 s")
                .doesNotContain("its default action's forward weights");

        Path shortBake = dir.resolve("short-bake.yaml");
        Files.writeString(
                shortBake,
                Files.readString(Cli.example("route53.cutover.yaml"))
                        .replace("{ percent: 50, bakeSeconds: 120 }", "{ percent: 50, bakeSeconds: 90 }"));
        CliRun refused = CliRun.cutover("plan", "--spec", shortBake.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains("shifting.stages[1].bakeSeconds")
                .contains("stage 2 bake 90 s < routing.dns.ttlSeconds 60 s + margin 60 s = 120 s");
    }

    @Test
    void anInvalidSpecIsAUsageErrorNamingTheField() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad, Files.readString(Cli.example("minimal.cutover.yaml")).replace("percent: 100", "percent: 101"));

        CliRun outcome = CliRun.cutover("plan", "--spec", bad.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains(bad.toString()).contains("shifting.stages[0].percent");
        assertThat(CliRun.cutover("plan").exitCode()).as("--spec is required").isEqualTo(2);
    }
}
