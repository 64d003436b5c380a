package dev.cutover.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.cutover.cli.CliRun.cutover;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cutover invoke} with inputs a careless user (or an attacker) hands it: clear errors, never a stack trace. */
class InvokeCommandTest {

    static final String HOOK_EVENT =
            "{\"DeploymentId\":\"d-7QXK2M4RB\",\"LifecycleEventHookExecutionId\":\"eyJlbmNyeXB0ZWREYXRhIjoiTGJkOUFXNEhOIn0=\"}";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static void assertNoStackTrace(CliRun outcome) {
        assertThat(outcome.err()).doesNotContain("Exception", "\tat ", "memory:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"null|null", "[1, 2]|an array", "\"d-1\"|a string", "42|a number"})
    void anEventFileThatIsNotAnObjectIsAClearErrorNamingTheFile(String content, String named) throws Exception {
        Path event = file("event.json", content);

        CliRun outcome = cutover("invoke", "BeforeInstall", "--event", event.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("cutover invoke: the event " + event + " holds " + named, "a JSON object");
        assertNoStackTrace(outcome);
    }

    @Test
    void anEventThatIsNotUtf8SaysSoWithTheByteOffset() throws Exception {
        Path event = dir.resolve("latin1.json");
        byte[] prefix = "{\"DeploymentId\":\"caf".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xE9; // é in Latin-1: not UTF-8
        bytes[prefix.length + 1] = '"';
        bytes[prefix.length + 2] = '}';
        Files.write(event, bytes);

        CliRun outcome = cutover("invoke", "BeforeInstall", "--event", event.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err())
                .contains(event.toString(), "not valid UTF-8", "byte offset " + prefix.length)
                .doesNotContain("Input length");
        assertNoStackTrace(outcome);
    }

    @Test
    void duplicateKeysInAHookEventAreRefusedNamingTheKey() throws Exception {
        Path event = file(
                "twice.json",
                "{\"DeploymentId\":\"d-7QXK2M4RB\",\"DeploymentId\":\"d-AAAAAAAAA\","
                        + "\"LifecycleEventHookExecutionId\":\"eyJ0In0=\"}");

        CliRun outcome = cutover("invoke", "BeforeInstall", "--event", event.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains(event.toString(), "duplicate", "DeploymentId");
        assertThat(outcome.out()).isEmpty();
        assertNoStackTrace(outcome);
    }

    @Test
    void duplicateKeysInAWorkflowInputAreRefusedNamingTheKey() throws Exception {
        Path input = file("input.json", "{\"service\":\"orders\",\"service\":\"billing\"}");
        Path machine = file("m.json", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");

        CliRun invoked = cutover("invoke", "ValidateAndLock", "--event", input.toString());
        CliRun run = cutover(
                "states", "run", "--definition", machine.toString(), "--input-file", input.toString(), "--fast");

        assertThat(invoked.exitCode()).isEqualTo(2);
        assertThat(invoked.err()).contains("duplicate", "service");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("duplicate", "service");
    }

    @Test
    void errorsInASpecFileNameTheFileNotAnInternalLocation() throws Exception {
        Path spec = file("orders.cutover.yaml", "version: 1\nservice: Orders!\n");
        Path event = file("event.json", HOOK_EVENT);

        CliRun outcome = cutover("invoke", "BeforeInstall", "--event", event.toString(), "--spec", spec.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("invalid Cutover spec " + spec, "service");
        assertNoStackTrace(outcome);
    }

    @Test
    void hooksThatCallTheServiceNeedASpecNamingIt() throws Exception {
        // without --spec there is no service of the user's to test: an unrelated local service on a well-known
        // port must never be what AfterAllowTestTraffic reports Succeeded for
        Path event = file("event.json", HOOK_EVENT);

        for (String hook : new String[] {"AfterAllowTestTraffic", "AfterAllowTraffic"}) {
            CliRun outcome = cutover("invoke", hook, "--event", event.toString());

            assertThat(outcome.exitCode()).as(hook).isEqualTo(2);
            assertThat(outcome.err()).as(hook).contains(hook, "--spec FILE");
            assertThat(outcome.out()).as(hook).isEmpty();
        }
    }

    @Test
    void theDefaultSpecStillServesHooksThatCallNoService() throws Exception {
        Path event = file("event.json", HOOK_EVENT);

        CliRun outcome = cutover("invoke", "BeforeInstall", "--event", event.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.json().path("function").asText()).isEqualTo("BeforeInstall");
    }
}
