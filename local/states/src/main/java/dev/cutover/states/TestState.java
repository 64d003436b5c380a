package dev.cutover.states;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs one state of a definition on its own, as Step Functions' TestState API does: the state's input and output
 * processing, one attempt of its task (answered by a mock, or by the {@link TaskResolver}), and what its Retry
 * and Catch make of an error, without running the states around it.
 *
 * <pre>{@code
 * TestStateResult result = new TestState(Files.readString(Path.of("statemachine/deployment.asl.json")))
 *         .stateName("ShiftTraffic")
 *         .input("{\"weight\": 10}")
 *         .mockError("Lambda.TooManyRequestsException", "slow down")
 *         .retrierRetryCount(2)
 *         .inspectionLevel(TestState.InspectionLevel.DEBUG)
 *         .run();
 * result.status();      // SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR
 * result.nextState();   // the state the execution would go to next
 * result.toJson();      // the TestState API's response shape
 * }</pre>
 *
 * <p>What it follows, from AWS's API reference "TestState"
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html), "InspectionData",
 * "InspectionErrorDetails", "TestStateConfiguration" and the Developer Guide's "Testing state machines with
 * TestState API" (https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html):
 *
 * <ul>
 *   <li>The definition is one state, or a whole machine with {@link #stateName(String)} naming the state (which
 *       may be nested in a Parallel branch or a Map's item processor); a whole machine is validated in full.
 *   <li>A Task is answered by the mock (a result, or an error and cause) when one is given, else by the resolver.
 *       Map and Parallel states need a mock, which stands for the state's whole result: their branches and items
 *       are not run. {@code .waitForTaskToken} tasks need one too (nothing could send the callback).
 *   <li>A Wait state does not wait; a Choice state gives the matched rule's Next (or Default) as the next state.
 *   <li>An error that a Retry entry matches with attempts left ({@link #retrierRetryCount(int)} retries already
 *       made, 0 by default) is RETRIABLE, with the entry's index and back-off; otherwise an error a Catch entry
 *       matches is CAUGHT_ERROR, with the catcher's output and Next; otherwise FAILED. States.Runtime is never
 *       retried or caught.
 *   <li>INFO gives status, output, error, cause and next state; DEBUG and TRACE add inspectionData (TRACE only
 *       differs for HTTP tasks on AWS, which this engine does not call).
 * </ul>
 *
 * <p>Not followed: the mock's {@code fieldValidationMode} (a mocked result is not checked against the service's
 * API shape), {@code revealSecrets} (no HTTP tasks), {@code stateConfiguration.errorCausedByState},
 * {@code mapIterationFailureCount} and {@code mapItemReaderData} (no distributed Map).
 */
public final class TestState {

    /** How much of the state's data processing the result shows. */
    public enum InspectionLevel {
        INFO,
        DEBUG,
        TRACE
    }

    /** The name a single-state definition runs under, unless the context's {@code State.Name} gives one. */
    static final String DEFAULT_STATE_NAME = "TestState";

    /**
     * The machine the Run belongs to: its name is what {@code $$.StateMachine.Name} says unless the context gives
     * one, and it has no TimeoutSeconds, so that a Wait (which takes no time here) never times the test out.
     */
    private static final StateMachine STUB_MACHINE = StateMachine.compile(
                    "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}")
            .withName("TestStateMachine");

    private static final Set<String> CONTEXT_FIELDS = Set.of("Execution", "StateMachine", "State", "Task");

    private final JsonNode definition;
    private String stateName;
    private JsonNode input = Json.object();
    private JsonNode mockResult;
    private String mockError;
    private String mockCause;
    private JsonNode variables;
    private JsonNode context;
    private InspectionLevel inspectionLevel = InspectionLevel.INFO;
    private int retrierRetryCount;
    private TaskResolver resolver = TaskResolver.none();
    private Map<String, String> substitutions = Map.of();
    private Instant startTime;
    private Long seed;

    /**
     * A test of a state given as JSON text: one state, or a machine (then name the state with
     * {@link #stateName(String)}).
     *
     * @throws DefinitionException when the text is not JSON
     */
    public TestState(String definitionJson) {
        this(parseDefinition(definitionJson));
    }

    public TestState(JsonNode definition) {
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    /** The state to test in a whole-machine definition (required then, refused with a single state). */
    public TestState stateName(String name) {
        this.stateName = name;
        return this;
    }

    /** The state's raw input (default {@code {}}). */
    public TestState input(JsonNode value) {
        this.input = Objects.requireNonNull(value, "input");
        return this;
    }

    /** The state's raw input as JSON text. */
    public TestState input(String json) {
        return input(parse(json, "input"));
    }

    /** The result the Task (or the whole Map or Parallel state) returns instead of calling anything. */
    public TestState mockResult(JsonNode result) {
        this.mockResult = Objects.requireNonNull(result, "result");
        return this;
    }

    /** The error (and cause, may be null) the Task (or the Map or Parallel state) fails with. */
    public TestState mockError(String error, String cause) {
        this.mockError = Objects.requireNonNull(error, "error");
        this.mockCause = cause;
        return this;
    }

    /** The variables the state sees, as a JSON object of name to value (AWS: {@code variables}). */
    public TestState variables(JsonNode object) {
        this.variables = object;
        return this;
    }

    /**
     * The Context object, or part of it, the state sees as {@code $$} (JSONPath) or {@code $states.context}
     * (JSONata): {@code Execution} and {@code StateMachine} fields replace the generated ones one by one;
     * {@code State.EnteredTime}, {@code State.RetryCount}, {@code State.Name} (the name of a single-state
     * definition) and {@code Task.Token} are taken as given.
     */
    public TestState context(JsonNode object) {
        this.context = object;
        return this;
    }

    public TestState inspectionLevel(InspectionLevel level) {
        this.inspectionLevel = Objects.requireNonNull(level, "level");
        return this;
    }

    /** How many retries the Retry entry matching the error has already made (AWS: retrierRetryCount). */
    public TestState retrierRetryCount(int count) {
        if (count < 0) {
            throw new TestStateException("retrierRetryCount", "must be 0 or more, not " + count);
        }
        this.retrierRetryCount = count;
        return this;
    }

    /** Java handlers for Task states run without a mock (none by default: such a task fails). */
    public TestState taskResolver(TaskResolver taskResolver) {
        this.resolver = Objects.requireNonNull(taskResolver, "taskResolver");
        return this;
    }

    /** {@code ${KEY}} replacements applied to the definition first, as {@link StateMachine#compile(String, Map)}. */
    public TestState substitutions(Map<String, String> values) {
        this.substitutions = Map.copyOf(values);
        return this;
    }

    /** The instant the state is entered (default: now); the clock is virtual, so a Wait takes no time. */
    public TestState startTime(Instant instant) {
        this.startTime = Objects.requireNonNull(instant, "instant");
        return this;
    }

    /** Seeds States.UUID, States.MathRandom, {@code $random()} and FULL jitter. */
    public TestState randomSeed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Runs the state once.
     *
     * @throws DefinitionException when the definition is invalid (every problem, naming state and field)
     * @throws TestStateException when the request is (the field at fault is {@link TestStateException#field()})
     */
    public TestStateResult run() {
        if (mockResult != null && mockError != null) {
            throw new TestStateException("mock", "give a result or an error, not both");
        }
        ObjectNode contextFields = contextFields();
        Map<String, JsonNode> startVariables = startVariables();
        CompiledState state = compileState(contextFields);
        checkMock(state);

        Instant entered = startTime != null ? startTime : Instant.now();
        JsonNode enteredTime = contextFields.path("State").get("EnteredTime");
        if (enteredTime != null) {
            entered = enteredTime.isTextual() ? Timestamps.parse(enteredTime.textValue()) : null;
            if (entered == null) {
                throw new TestStateException(
                        "context", "State.EnteredTime must be an ISO-8601 timestamp, not " + enteredTime);
            }
        }
        Calls calls = new Calls();
        Engine.Builder builder = Engine.builder().virtualTime(entered).taskResolver(calls.recording(resolver));
        if (seed != null) {
            builder.randomSeed(seed);
        }
        Engine engine = builder.build();
        TimeSource clock = new TimeSource.Virtual(entered);
        Run execution = new Run(engine, STUB_MACHINE, "test-state", input, clock);
        if (contextFields.get("Execution") instanceof ObjectNode fields) {
            execution.executionContext.setAll(fields);
        }
        if (contextFields.get("StateMachine") instanceof ObjectNode fields) {
            execution.machineContext.setAll(fields);
        }
        Scope scope = new Scope(execution, clock, null, 0, startVariables);
        StateRun run = new StateRun(scope, state, entered);
        JsonNode retryCount = contextFields.path("State").get("RetryCount");
        run.retryCount = retryCount != null ? retryCount.intValue() : retrierRetryCount;
        JsonNode token = contextFields.path("Task").get("Token");
        if (token != null) {
            run.taskToken = token.textValue();
        }

        ObjectNode inspection = Json.object();
        inspection.put("input", Json.write(input));
        try {
            Transition transition = execute(state, run, inspection, calls);
            return result(TestStateResult.Status.SUCCEEDED, transition, null, scope, inspection);
        } catch (StatesFailure failure) {
            return failed(state, failure, run, inspection);
        }
    }

    /** One attempt at the state, recording the steps of its data processing as it goes. */
    private Transition execute(CompiledState state, StateRun run, ObjectNode inspection, Calls calls)
            throws StatesFailure {
        JsonNode raw = input;
        if (state.jsonata == null) {
            put(inspection, "afterInputPath", state.effectiveInput(raw, run));
        }
        if (!(state instanceof RecoverableState recoverable)) {
            if (state instanceof PassState pass && state.jsonata == null) {
                JsonNode effective = state.effectiveInput(raw, run);
                JsonNode value = pass.result != null
                        ? pass.result
                        : pass.parameters == null ? effective : pass.parameters.apply(effective, run);
                if (pass.parameters != null) {
                    put(inspection, "afterParameters", value);
                }
                put(inspection, "afterResultPath", pass.resultPath.apply(raw, value));
            }
            return state.execute(raw, run);
        }
        // a Map's Parameters are its items' (legacy ItemSelector), and the mock stands for all its iterations
        String argumentsStep =
                state instanceof MapState ? null : state.jsonata == null ? "afterParameters" : "afterArguments";
        JsonNode result;
        Transition transition;
        if (mockResult != null || mockError != null) {
            JsonNode arguments = recoverable.prepareInput(raw, run);
            put(inspection, argumentsStep, arguments);
            if (mockError != null) {
                throw new StatesFailure(mockError, mockCause);
            }
            result = mockResult;
            transition = new Transition(recoverable.next, recoverable.finish(raw, result, run));
        } else {
            // a Task answered by the resolver: its handler records what it was handed
            try {
                transition = recoverable.attempt(raw, run);
            } finally {
                put(inspection, argumentsStep, calls.handed);
            }
            result = calls.result;
        }
        put(inspection, "result", result);
        if (state.jsonata == null && result != null) {
            JsonNode selected =
                    recoverable.resultSelector == null ? result : recoverable.resultSelector.apply(result, run);
            put(inspection, "afterResultSelector", selected);
            put(inspection, "afterResultPath", recoverable.resultPath.apply(raw, selected));
        }
        return transition;
    }

    /** What the resolver's handler was handed and returned (the execution's thread, or one it waits for). */
    private static final class Calls {
        volatile JsonNode handed;
        volatile JsonNode result;

        TaskResolver recording(TaskResolver inner) {
            return resource -> inner.resolve(resource).map(handler -> (taskInput, ctx) -> {
                handed = taskInput;
                JsonNode out = handler.invoke(taskInput, ctx);
                result = out == null ? Json.NODES.nullNode() : out;
                return out;
            });
        }
    }

    /** What Retry and Catch make of a failed attempt: RETRIABLE, CAUGHT_ERROR or FAILED. */
    private TestStateResult failed(CompiledState state, StatesFailure failure, StateRun run, ObjectNode inspection) {
        if (state instanceof RecoverableState recoverable && !failure.terminal()) {
            int retrier = recoverable.retrierFor(failure);
            if (retrier >= 0
                    && retrierRetryCount < recoverable.retriers.get(retrier).maxAttempts()) {
                Duration backoff = recoverable.retriers.get(retrier).delay(retrierRetryCount, run.random());
                inspection
                        .putObject("errorDetails")
                        .put("retryBackoffIntervalSeconds", Math.round(backoff.toMillis() / 1000.0))
                        .put("retryIndex", retrier);
                return result(TestStateResult.Status.RETRIABLE, null, failure, run.scope, inspection);
            }
            int catcher = recoverable.catcherFor(failure);
            if (catcher >= 0) {
                try {
                    Transition caught = recoverable.caught(recoverable.catchers.get(catcher), failure, input, run);
                    inspection.putObject("errorDetails").put("catchIndex", catcher);
                    return result(TestStateResult.Status.CAUGHT_ERROR, caught, failure, run.scope, inspection);
                } catch (StatesFailure catcherFailed) {
                    failure = catcherFailed;
                }
            }
        }
        return result(TestStateResult.Status.FAILED, null, failure, run.scope, inspection);
    }

    private TestStateResult result(
            TestStateResult.Status status,
            Transition transition,
            StatesFailure failure,
            Scope scope,
            ObjectNode inspection) {
        ObjectNode data = null;
        if (inspectionLevel != InspectionLevel.INFO) {
            data = inspection;
            if (!scope.variables().isEmpty()) {
                ObjectNode vars = Json.object();
                scope.variables().forEach(vars::set);
                data.put("variables", Json.write(vars));
            }
        }
        return new TestStateResult(
                status,
                transition == null ? null : transition.output(),
                failure == null ? null : failure.error(),
                failure == null ? null : failure.cause(),
                transition == null || transition.next() == null ? null : transition.next().name,
                data);
    }

    // ---- the request, checked ----

    private ObjectNode contextFields() {
        if (context == null) {
            return Json.object();
        }
        if (!(context instanceof ObjectNode fields)) {
            throw new TestStateException("context", "must be a JSON object, not " + Json.typeName(context));
        }
        for (Map.Entry<String, JsonNode> field : fields.properties()) {
            if (!CONTEXT_FIELDS.contains(field.getKey())) {
                throw new TestStateException(
                        "context",
                        "has '" + field.getKey() + "'; the Context object a state sees has Execution, StateMachine,"
                                + " State and Task");
            }
            if (!field.getValue().isObject()) {
                throw new TestStateException(
                        "context", field.getKey() + " must be a JSON object, not " + Json.typeName(field.getValue()));
            }
        }
        JsonNode retryCount = fields.path("State").get("RetryCount");
        if (retryCount != null
                && (!retryCount.canConvertToInt() || !retryCount.isIntegralNumber() || retryCount.intValue() < 0)) {
            throw new TestStateException(
                    "context", "State.RetryCount must be an integer, 0 or more, not " + retryCount);
        }
        for (String text : new String[] {"Name", "EnteredTime"}) {
            JsonNode value = fields.path("State").get(text);
            if (value != null && !value.isTextual()) {
                throw new TestStateException("context", "State." + text + " must be a string, not " + value);
            }
        }
        JsonNode token = fields.path("Task").get("Token");
        if (token != null && !token.isTextual()) {
            throw new TestStateException("context", "Task.Token must be a string, not " + token);
        }
        return fields;
    }

    private Map<String, JsonNode> startVariables() {
        if (variables == null) {
            return Map.of();
        }
        if (!variables.isObject()) {
            throw new TestStateException(
                    "variables", "must be a JSON object of variable name to value, not " + Json.typeName(variables));
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        variables.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    /** The state to run, compiled with its machine (a single state is wrapped in one). */
    private CompiledState compileState(ObjectNode contextFields) {
        if (!definition.isObject()) {
            throw new TestStateException(
                    "definition",
                    "must be a JSON object (a state, or a state machine), not " + Json.typeName(definition));
        }
        JsonNode contextName = contextFields.path("State").get("Name");
        boolean machine = definition.has("States");
        if (machine) {
            if (stateName == null) {
                throw new TestStateException(
                        "stateName", "the definition is a state machine (it has States): name the state to test");
            }
            if (contextName != null && !contextName.textValue().equals(stateName)) {
                throw new TestStateException(
                        "context",
                        "State.Name is '" + contextName.textValue() + "' but the state tested is '" + stateName + "'");
            }
            StateMachine compiled = StateMachine.compile(definition, substitutions);
            CompiledState found = find(compiled.graph, stateName);
            if (found == null) {
                throw new TestStateException(
                        "stateName",
                        "the state machine has no state named '" + stateName + "' (it has " + compiled.stateNames()
                                + ")");
            }
            return found;
        }
        if (stateName != null) {
            throw new TestStateException(
                    "stateName", "the definition is a single state (it has no States); a state name needs a machine");
        }
        if (!definition.has("Type")) {
            throw new TestStateException("definition", "is neither a state (it has no Type) nor a machine (no States)");
        }
        String name = contextName != null ? contextName.textValue() : DEFAULT_STATE_NAME;
        StateMachine compiled = StateMachine.compile(wrap(name), substitutions);
        return compiled.graph.states.get(name);
    }

    /**
     * A machine of the one state, plus a Succeed state for every state it can go to (Next, Default, each Choice
     * rule's and each Catch entry's Next), so that it compiles as it would inside its real machine.
     */
    private ObjectNode wrap(String name) {
        Set<String> targets = new LinkedHashSet<>();
        addText(targets, definition.get("Next"));
        addText(targets, definition.get("Default"));
        for (String list : new String[] {"Choices", "Catch"}) {
            JsonNode entries = definition.get(list);
            if (entries != null && entries.isArray()) {
                entries.forEach(entry -> addText(targets, entry.get("Next")));
            }
        }
        targets.remove(name);
        ObjectNode machine = Json.object();
        machine.put("StartAt", name);
        ObjectNode states = machine.putObject("States");
        states.set(name, definition);
        for (String target : targets) {
            states.putObject(target).put("Type", "Succeed");
        }
        return machine;
    }

    private static void addText(Set<String> names, JsonNode value) {
        if (value != null && value.isTextual()) {
            names.add(value.textValue());
        }
    }

    /** The state named {@code name} in a States block or any block nested in it; null when there is none. */
    static CompiledState find(StateGraph graph, String name) {
        CompiledState state = graph.states.get(name);
        if (state != null) {
            return state;
        }
        for (CompiledState candidate : graph.states.values()) {
            if (candidate instanceof ParallelState parallel) {
                for (StateGraph branch : parallel.branches) {
                    CompiledState found = find(branch, name);
                    if (found != null) {
                        return found;
                    }
                }
            } else if (candidate instanceof MapState map && map.processor != null) {
                CompiledState found = find(map.processor, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** AWS runs Map, Parallel and callback tasks only with a mock, and takes a mock only where something is called. */
    private void checkMock(CompiledState state) {
        boolean mocked = mockResult != null || mockError != null;
        if (mocked && !(state instanceof RecoverableState)) {
            throw new TestStateException(
                    "mock",
                    "a " + state.type + " state calls nothing: a mock is only for Task, Map and Parallel states");
        }
        if (!mocked && (state instanceof MapState || state instanceof ParallelState)) {
            throw new TestStateException(
                    "mock",
                    "a " + state.type + " state is tested with a mock standing for its result (or error): its "
                            + (state instanceof MapState ? "iterations" : "branches") + " are not run");
        }
        if (!mocked && state instanceof TaskState task && task.resource.waitForToken()) {
            throw new TestStateException(
                    "mock",
                    "a .waitForTaskToken task is tested with a mock standing for the callback's result (or error)");
        }
    }

    private static void put(ObjectNode inspection, String field, JsonNode value) {
        if (field != null && value != null) {
            inspection.put(field, Json.write(value));
        }
    }

    private static JsonNode parseDefinition(String json) {
        try {
            return Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new DefinitionException(List.of(
                    new DefinitionError("", "", "the definition is not valid JSON: " + e.getOriginalMessage())));
        }
    }

    private static JsonNode parse(String json, String field) {
        try {
            return Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new TestStateException(field, "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
