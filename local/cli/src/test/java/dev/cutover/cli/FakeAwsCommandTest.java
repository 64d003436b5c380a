package dev.cutover.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the operator commands' tests share: a {@link FakeAws} per test, and {@code cutover} pointed at it. */
abstract class FakeAwsCommandTest {

    @TempDir
    Path dir;

    FakeAws aws;

    @BeforeEach
    void startFakeAws() throws Exception {
        aws = new FakeAws();
    }

    @AfterEach
    void stopFakeAws() {
        aws.close();
    }

    /** A command run in-process against the fake ({@code plan} makes no AWS call and gets no endpoint). */
    CliRun cutover(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        if (!line.contains("--endpoint-url") && !line.get(0).equals("plan")) {
            line.addAll(List.of("--endpoint-url", aws.endpoint().toString(), "--region", "us-east-1"));
        }
        return CliRun.cutover(line.toArray(String[]::new));
    }

    /** The example spec, copied where the test may change it. */
    Path orders() throws Exception {
        Path copy = dir.resolve("orders.cutover.yaml");
        Files.copy(Cli.example("orders.cutover.yaml"), copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    /**
     * StartExecution starts the execution named after the deployment; DescribeExecution answers RUNNING while
     * {@code running} says so, then {@code finalStatus}.
     */
    void execution(java.util.function.BooleanSupplier running, String finalStatus) {
        aws.sfn.put(
                "StartExecution",
                body -> FakeAws.Reply.ok("{'executionArn':'"
                        + OperatorCommandsTest.MACHINE.replace("stateMachine", "execution") + ":"
                        + body.path("name").asText() + "','startDate':1700000000}"));
        aws.sfn.put(
                "DescribeExecution",
                body -> FakeAws.Reply.ok(
                        "{'executionArn':'" + body.path("executionArn").asText()
                                + "','stateMachineArn':'" + OperatorCommandsTest.MACHINE + "','status':'"
                                + (running.getAsBoolean() ? "RUNNING" : finalStatus) + "','startDate':1700000000}"));
    }
}
