package dev.cutover.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.states.Engine;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.HistoryEvent;
import dev.cutover.states.MockConfig;
import dev.cutover.states.StateMachine;

/**
 * What every benchmark runs: {@code statemachine/deployment.asl.json} compiled once, the execution input
 * ({@code bench/input.json}) and one engine per test case of {@code bench/mocks.json} (Step Functions Local
 * format, read by the Node side too). The files ship in the benchmarks jar under {@code bench/}.
 *
 * <p>Names and the clock's start are fixed so that both engines see the same Context object and every run of a
 * test case ends the same way.
 */
public final class DeploymentFixture {

    /** The state machine's name: the mock config's StateMachines key and {@code $$.StateMachine.Name}. */
    public static final String MACHINE_NAME = "Deployment";
    /** Every benchmarked execution's name. */
    public static final String EXECUTION_NAME = "bench";
    /** Where each execution's virtual clock starts. */
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    /** The mock config's test cases, in the order reports list them. */
    public static final List<String> TEST_CASES = List.of("HappyPath", "RollbackAtStage2");

    /** The query language of {@code statemachine/deployment.asl.json}. */
    public static final String JSONPATH = "JSONPath";
    /** The query language of {@code bench/deployment-jsonata.asl.json}, its rewrite in JSONata with variables. */
    public static final String JSONATA = "JSONata";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateMachine machine;
    private final MockConfig mocks;
    private final JsonNode input;

    private DeploymentFixture(StateMachine machine, MockConfig mocks, JsonNode input) {
        this.machine = machine;
        this.mocks = mocks;
        this.input = input;
    }

    /** Reads and compiles the benchmark's files from the classpath: the JSONPath machine. */
    public static DeploymentFixture load() {
        return load(JSONPATH);
    }

    /**
     * Reads and compiles the benchmark's files from the classpath, with the deployment machine written in
     * {@code queryLanguage}: {@link #JSONPATH} (the workflow itself) or {@link #JSONATA} (its rewrite; the same
     * mocks, input and substitutions).
     */
    public static DeploymentFixture load(String queryLanguage) {
        String definition = switch (queryLanguage) {
            case JSONPATH -> "deployment.asl.json";
            case JSONATA -> "deployment-jsonata.asl.json";
            default ->
                throw new IllegalArgumentException(
                        "the query language is " + JSONPATH + " or " + JSONATA + ", not '" + queryLanguage + "'");
        };
        Map<String, String> substitutions;
        JsonNode input;
        try {
            substitutions = JSON.readValue(resource("substitutions.json"), new TypeReference<Map<String, String>>() {});
            input = JSON.readTree(resource("input.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("bench/substitutions.json or bench/input.json is not valid JSON", e);
        }
        StateMachine machine =
                StateMachine.compile(resource(definition), substitutions).withName(MACHINE_NAME);
        if (machine.definition().toString().contains("${")) {
            throw new IllegalStateException(definition + " has a ${...} placeholder that"
                    + " bench/substitutions.json does not define: add it there (the Node side reads it too)");
        }
        return new DeploymentFixture(machine, MockConfig.parse(resource("mocks.json")), input);
    }

    private static String resource(String name) {
        String path = "/bench/" + name;
        try (InputStream in = DeploymentFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath: build the bench module"
                        + " (mvn -pl bench -am package), which copies it into the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public StateMachine machine() {
        return machine;
    }

    public JsonNode input() {
        return input;
    }

    /** An engine on a virtual clock whose Tasks answer from {@code testCase}'s mocked responses. */
    public Engine virtualTimeEngine(String testCase) {
        return Engine.builder()
                .virtualTime(START)
                .randomSeed(1)
                .mockConfig(mocks, MACHINE_NAME + "#" + testCase)
                .build();
    }

    /** The same on the real clock: Waits really wait (used to hold executions in flight). */
    public Engine realTimeEngine(String testCase) {
        return Engine.builder()
                .realTime()
                .randomSeed(1)
                .mockConfig(mocks, MACHINE_NAME + "#" + testCase)
                .build();
    }

    /** One execution of {@code testCase} on {@code engine}, as the benchmark runs it. */
    public ExecutionResult run(Engine engine) {
        return engine.run(machine, input, EXECUTION_NAME);
    }

    /**
     * How each test case ends on a virtual-time engine, and the path it took: {@code {"HappyPath": {"status":
     * ..., "output": ..., "statesEntered": ["ValidateAndLock", ...]}, "RollbackAtStage2": {"status": ..., "error":
     * ..., "cause": ..., "statesEntered": [...]}}}, the shape {@code bench.mjs outcomes} prints for
     * aws-local-stepfunctions.
     */
    public ObjectNode outcomes() {
        ObjectNode outcomes = JSON.createObjectNode();
        for (String testCase : TEST_CASES) {
            ExecutionResult result = run(virtualTimeEngine(testCase));
            ObjectNode outcome = result.toJson();
            ArrayNode entered = outcome.putArray("statesEntered");
            for (HistoryEvent event : result.history()) {
                if (event.type().endsWith("StateEntered")) {
                    entered.add(event.stateName());
                }
            }
            outcomes.set(testCase, outcome);
        }
        return outcomes;
    }
}
