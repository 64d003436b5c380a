package dev.cutover.states;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * TestState-style runs of one state. The table is {@code src/test/resources/test-state/*.json}: each case has the
 * AWS documentation it follows ({@code source}), a {@code request} in the TestState API's shape (with the
 * definition, input, variables and context as JSON rather than JSON text, for legibility) and the
 * {@code expected} response, whose JSON-text fields (output, inspectionData's steps and variables) are compared
 * as JSON. A response field the case leaves out must be absent.
 */
class TestStateTest {

    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    static Stream<Named<Path>> cases() throws IOException, URISyntaxException {
        return Machines.resources("test-state", file -> file.toString().endsWith(".json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givenTheRequestWhenTheStateRunsThenTheResponseIsAsDocumented(Path file) throws IOException {
        JsonNode testCase = Machines.MAPPER.readTree(Files.readString(file));
        assertThat(testCase.path("source").asText())
                .as("the AWS page the case follows")
                .startsWith("https://");
        TestStateResult result = request(testCase.get("request")).run();

        JsonNode actual = readable(result.toJson());
        JsonNode expected = testCase.get("expected");
        if (!ConformanceSuiteTest.sameJson(expected, actual)) {
            fail("response differs\nexpected: " + expected + "\nactual:   " + actual);
        }
    }

    /** The request's fields set on a {@link TestState}, on a virtual clock starting at {@link #START}. */
    static TestState request(JsonNode request) {
        TestState test =
                new TestState(request.get("definition")).startTime(START).randomSeed(1);
        if (request.has("stateName")) {
            test.stateName(request.get("stateName").asText());
        }
        if (request.has("input")) {
            test.input(request.get("input"));
        }
        JsonNode mock = request.path("mock");
        if (mock.has("result")) {
            test.mockResult(mock.get("result"));
        }
        if (mock.has("errorOutput")) {
            JsonNode error = mock.get("errorOutput");
            test.mockError(
                    error.get("error").asText(),
                    error.has("cause") ? error.get("cause").asText() : null);
        }
        if (request.has("variables")) {
            test.variables(request.get("variables"));
        }
        if (request.has("context")) {
            test.context(request.get("context"));
        }
        if (request.has("inspectionLevel")) {
            test.inspectionLevel(TestState.InspectionLevel.valueOf(
                    request.get("inspectionLevel").asText()));
        }
        JsonNode retries = request.path("stateConfiguration").path("retrierRetryCount");
        if (retries.isInt()) {
            test.retrierRetryCount(retries.intValue());
        }
        return test;
    }

    /** The response with its JSON-text fields parsed, so that cases can write them as JSON. */
    static JsonNode readable(ObjectNode response) throws IOException {
        ObjectNode copy = response.deepCopy();
        if (copy.has("output")) {
            copy.set("output", Machines.MAPPER.readTree(copy.get("output").asText()));
        }
        if (copy.get("inspectionData") instanceof ObjectNode data) {
            for (String field : List.copyOf(iterable(data))) {
                if (data.get(field).isTextual()) {
                    data.set(field, Machines.MAPPER.readTree(data.get(field).asText()));
                }
            }
        }
        return copy;
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void givenAWaitOfAnHourWhenTestedThenItReturnsAtOnceWithTheNextState() {
        long before = System.nanoTime();
        TestStateResult result = new TestState("{\"Type\":\"Wait\",\"Seconds\":3600,\"Next\":\"Deploy\"}").run();

        assertThat(result.status()).isEqualTo(TestStateResult.Status.SUCCEEDED);
        assertThat(result.nextState()).isEqualTo("Deploy");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void givenNoMockWhenATaskRunsThenTheResolversHandlerGetsTheParametersAndItsResultIsInspected() {
        AtomicReference<JsonNode> handed = new AtomicReference<>();
        TaskResolver resolver = resource -> resource.equals("arn:aws:lambda:us-east-1:123456789012:function:shift")
                ? Optional.of((input, ctx) -> {
                    handed.set(input);
                    return Machines.node("{'shifted': true}");
                })
                : Optional.empty();

        TestStateResult result = new TestState(Machines.json("{'Type': 'Task',"
                        + " 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:shift',"
                        + " 'Parameters': {'weight.$': '$.w'}, 'ResultPath': '$.r', 'Next': 'Bake'}"))
                .input("{\"w\": 10}")
                .taskResolver(resolver)
                .inspectionLevel(TestState.InspectionLevel.DEBUG)
                .run();

        assertThat(handed.get()).isEqualTo(Machines.node("{'weight': 10}"));
        assertThat(result.status()).isEqualTo(TestStateResult.Status.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Machines.node("{'w': 10, 'r': {'shifted': true}}"));
        assertThat(result.inspectionData().get("afterParameters").asText()).isEqualTo("{\"weight\":10}");
        assertThat(result.inspectionData().get("result").asText()).isEqualTo("{\"shifted\":true}");
        assertThat(result.nextState()).isEqualTo("Bake");
    }

    @Test
    void givenNoMockAndNoHandlerWhenATaskRunsThenItFailsNamingTheResource() {
        TestStateResult result =
                new TestState("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sns:publish\",\"End\":true}").run();

        assertThat(result.status()).isEqualTo(TestStateResult.Status.FAILED);
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).contains("arn:aws:states:::sns:publish");
    }

    @Test
    void givenRequestsThatCannotRunWhenRunThenTheFieldAtFaultIsNamed() {
        String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sns:publish\",\"End\":true}";
        String machine = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}";
        Map<String, Runnable> requests = Map.of(
                "stateName", () -> new TestState(machine).run(),
                "stateName ", () -> new TestState(machine).stateName("B").run(),
                "mock",
                        () -> new TestState("{\"Type\":\"Pass\",\"End\":true}")
                                .mockResult(Machines.node("{}"))
                                .run(),
                "mock ",
                        () -> new TestState("{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"P\",\"States\":{\"P\":"
                                        + "{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}")
                                .run(),
                "mock  ",
                        () -> new TestState(task)
                                .mockResult(Machines.node("{}"))
                                .mockError("E", null)
                                .run(),
                "variables",
                        () -> new TestState(task)
                                .variables(Machines.node("[1]"))
                                .run(),
                "context",
                        () -> new TestState(task)
                                .context(Machines.node("{'Execution': {'Name': 'x'}, 'Stuff': {}}"))
                                .run(),
                "context ",
                        () -> new TestState(task)
                                .context(Machines.node("{'State': {'EnteredTime': 'yesterday'}}"))
                                .run(),
                "definition", () -> new TestState("{\"Comment\":\"neither\"}").run());
        requests.forEach((field, request) -> assertThatThrownBy(request::run)
                .as(field)
                .isInstanceOfSatisfying(
                        TestStateException.class, e -> assertThat(e.field()).isEqualTo(field.trim())));
    }

    @Test
    void givenAnInvalidStateWhenRunThenTheDefinitionErrorNamesStateAndField() {
        assertThatThrownBy(() -> new TestState("{\"Type\":\"Pass\",\"Nxt\":\"B\"}").run())
                .isInstanceOfSatisfying(
                        DefinitionException.class,
                        e -> assertThat(e.errors())
                                .isNotEmpty()
                                .allSatisfy(
                                        error -> assertThat(error.statePath()).isEqualTo("TestState")));
    }
}
