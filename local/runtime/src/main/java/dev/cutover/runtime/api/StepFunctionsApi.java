package dev.cutover.runtime.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.states.DefinitionException;
import dev.cutover.states.Engine;
import dev.cutover.states.Execution;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.ExecutionStatus;
import dev.cutover.states.HistoryEvent;
import dev.cutover.states.StateMachine;

/**
 * The Step Functions API (AWS JSON 1.0, {@code X-Amz-Target: AWSStepFunctions.<Operation>}) over the local states
 * engine: state machines, executions and task tokens, with the request and response members and the error names of
 * the AWS Step Functions API Reference (docs.aws.amazon.com/step-functions/latest/apireference/). Timestamps are
 * epoch seconds with a fraction, as JSON 1.0 sends them.
 *
 * <p>The engine runs the executions; this class keeps what the engine does not: which state machines exist, which
 * executions each started (for ListExecutions and DescribeExecution), and AWS's rules on names, ARNs, idempotent
 * starts and paging. Thread-safe.
 */
public final class StepFunctionsApi {

    /** Starts an execution of one registered machine. */
    @FunctionalInterface
    public interface Launcher {
        /**
         * @throws RuntimeException when the execution cannot start; the caller answers it as a bad request
         */
        Execution start(String executionName, String inputJson);
    }

    /** The operations this API answers. */
    public static final List<String> OPERATIONS = List.of(
            "CreateStateMachine",
            "DescribeStateMachine",
            "ListStateMachines",
            "StartExecution",
            "DescribeExecution",
            "GetExecutionHistory",
            "StopExecution",
            "ListExecutions",
            "SendTaskSuccess",
            "SendTaskFailure",
            "SendTaskHeartbeat");

    /** A key given twice in an input or payload is refused, as in specs, not left for the last one to win. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
    // names of state machines and executions: the API Reference's rule (1-80 characters, no whitespace, brackets,
    // wildcards, or the punctuation it lists), which WorkflowExecutions' stricter rule is a subset of
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");
    // the engine's tokens: a UUID and 32 more hex digits; anything else was never a token
    private static final Pattern TOKEN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{44}");
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    private static final List<String> STATUSES =
            List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

    private record Machine(
            String arn, String name, String definition, String roleArn, Instant created, Launcher launcher) {}

    private record Run(Machine machine, String arn, String name, String input, Instant started, Execution execution) {}

    private final Engine engine;
    private final String region;
    private final String account;
    private final Clock clock;
    private final Consumer<String> progress;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();

    /**
     * @param engine   runs the executions and holds the task tokens
     * @param region   the region in ARNs (the engine's)
     * @param account  the account in ARNs (the engine's)
     * @param clock    start dates
     * @param progress told a line as each execution starts and ends
     */
    public StepFunctionsApi(Engine engine, String region, String account, Clock clock, Consumer<String> progress) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.region = Objects.requireNonNull(region, "region");
        this.account = Objects.requireNonNull(account, "account");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Registers a state machine whose executions something else starts (the deployment workflow starts on the
     * runtime's own executions, so the alarm path can stop it), as if CreateStateMachine had created it.
     *
     * @return its ARN
     */
    public synchronized String register(String name, StateMachine machine, String roleArn, Launcher launcher) {
        String arn = machineArn(name);
        machines.put(arn, new Machine(arn, name, write(machine.definition()), roleArn, clock.instant(), launcher));
        return arn;
    }

    /**
     * Answers one operation.
     *
     * @param operation the part of {@code X-Amz-Target} after {@code AWSStepFunctions.}
     * @param request   the request body, a JSON object
     * @throws AwsError for every refusal, in AWS's terms
     */
    public JsonNode call(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateStateMachine" -> createStateMachine(request);
            case "DescribeStateMachine" -> describeStateMachine(request);
            case "ListStateMachines" -> listStateMachines(request);
            case "StartExecution" -> startExecution(request);
            case "DescribeExecution" -> describeExecution(request);
            case "GetExecutionHistory" -> getExecutionHistory(request);
            case "StopExecution" -> stopExecution(request);
            case "ListExecutions" -> listExecutions(request);
            case "SendTaskSuccess" -> sendTaskSuccess(request);
            case "SendTaskFailure" -> sendTaskFailure(request);
            case "SendTaskHeartbeat" -> sendTaskHeartbeat(request);
            default ->
                throw new AwsError(
                        "UnknownOperationException",
                        "the local Step Functions API does not support " + operation + "; it supports "
                                + String.join(", ", OPERATIONS));
        };
    }

    // ---- state machines ----------------------------------------------------------------------------------------

    private JsonNode createStateMachine(JsonNode request) {
        String name = required(request, "name");
        String definition = required(request, "definition");
        String roleArn = required(request, "roleArn");
        String type = optional(request, "type");
        if (type != null && !type.equals("STANDARD")) {
            throw AwsError.validation("the local runtime runs STANDARD state machines only, not " + type);
        }
        if (!NAME.matcher(name).matches()) {
            throw new AwsError("InvalidName", "Invalid Name: '" + name + "'");
        }
        if (!roleArn.startsWith("arn:aws:iam::") || !roleArn.contains(":role/")) {
            throw new AwsError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + roleArn + "'");
        }
        StateMachine compiled;
        try {
            compiled = StateMachine.compile(definition).withName(name);
        } catch (DefinitionException e) {
            throw new AwsError("InvalidDefinition", "Invalid State Machine Definition: '" + e.getMessage() + "'");
        } catch (IllegalArgumentException e) {
            throw new AwsError("InvalidDefinition", "Invalid State Machine Definition: '" + e.getMessage() + "'");
        }
        String arn = machineArn(name);
        synchronized (this) {
            Machine existing = machines.get(arn);
            if (existing != null) {
                // CreateStateMachine is idempotent for the same name, definition and role
                if (sameJson(existing.definition(), definition)
                        && existing.roleArn().equals(roleArn)) {
                    return object().put("stateMachineArn", arn).set("creationDate", epoch(existing.created()));
                }
                throw new AwsError("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            Machine machine = new Machine(
                    arn,
                    name,
                    definition,
                    roleArn,
                    clock.instant(),
                    (executionName, input) -> engine.start(compiled, input, executionName));
            machines.put(arn, machine);
            return object().put("stateMachineArn", arn).set("creationDate", epoch(machine.created()));
        }
    }

    private JsonNode describeStateMachine(JsonNode request) {
        Machine machine = machine(required(request, "stateMachineArn"));
        ObjectNode response = object().put("stateMachineArn", machine.arn())
                .put("name", machine.name())
                .put("status", "ACTIVE")
                .put("definition", machine.definition())
                .put("roleArn", machine.roleArn())
                .put("type", "STANDARD");
        response.set("creationDate", epoch(machine.created()));
        response.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        response.putObject("tracingConfiguration").put("enabled", false);
        return response;
    }

    private JsonNode listStateMachines(JsonNode request) {
        List<Machine> all;
        synchronized (this) {
            all = List.copyOf(machines.values());
        }
        ObjectNode response = object();
        ArrayNode items = response.putArray("stateMachines");
        for (Machine machine : page(all, request, response)) {
            ObjectNode item = items.addObject()
                    .put("stateMachineArn", machine.arn())
                    .put("name", machine.name())
                    .put("type", "STANDARD");
            item.set("creationDate", epoch(machine.created()));
        }
        return response;
    }

    // ---- executions --------------------------------------------------------------------------------------------

    private JsonNode startExecution(JsonNode request) {
        Machine machine = machine(required(request, "stateMachineArn"));
        String name = optional(request, "name");
        if (name == null) {
            name = UUID.randomUUID().toString();
        } else if (!NAME.matcher(name).matches()) {
            throw new AwsError("InvalidName", "Invalid Name: '" + name + "'");
        }
        String input = optional(request, "input");
        if (input == null) {
            input = "{}";
        }
        try {
            JSON.readTree(input);
        } catch (JsonProcessingException e) {
            throw new AwsError(
                    "InvalidExecutionInput", "Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
        }
        String arn = WorkflowExecutions.executionArnFor(machine.arn(), name);
        Run run;
        synchronized (this) {
            Run existing = runs.get(arn);
            if (existing != null) {
                // StartExecution: the same name and input while the execution runs answers it again; any other
                // reuse of a name is refused
                if (existing.execution().status() == ExecutionStatus.RUNNING && sameJson(existing.input(), input)) {
                    return object().put("executionArn", arn).set("startDate", epoch(existing.started()));
                }
                throw new AwsError("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            Execution execution;
            // read before the start: a short execution can end before start() returns, and AWS's stopDate is
            // never before its startDate
            Instant startDate = clock.instant();
            try {
                execution = machine.launcher().start(name, input);
            } catch (IllegalArgumentException e) {
                // the deployment workflow's executions take the names Cutover gives them ([A-Za-z0-9_-])
                throw new AwsError("InvalidName", "Invalid Name: '" + name + "': " + e.getMessage());
            } catch (RuntimeException e) {
                throw new AwsError("InvalidExecutionInput", "the execution could not start: " + e.getMessage());
            }
            run = new Run(machine, arn, name, input, startDate, execution);
            runs.put(arn, run);
        }
        progress.accept("execution " + name + " of " + machine.name() + " started");
        String started = name;
        run.execution().result().whenComplete((result, failure) -> progress.accept(ended(started, result, failure)));
        return object().put("executionArn", arn).set("startDate", epoch(run.started()));
    }

    private static String ended(String name, ExecutionResult result, Throwable failure) {
        if (failure != null) {
            return "execution " + name + " crashed: " + failure.getMessage();
        }
        StringBuilder line = new StringBuilder("execution " + name + " " + result.status());
        if (result.error() != null) {
            line.append(": ").append(result.error());
            if (result.cause() != null) {
                line.append(" (").append(abbreviate(result.cause(), 200)).append(')');
            }
        }
        return line.toString();
    }

    private JsonNode describeExecution(JsonNode request) {
        Run run = run(required(request, "executionArn"));
        ObjectNode response = summary(run);
        response.put("input", run.input());
        response.putObject("inputDetails").put("included", true);
        ExecutionResult result = finished(run);
        if (result != null) {
            if (result.status() == ExecutionStatus.SUCCEEDED) {
                response.put("output", result.outputJson());
                response.putObject("outputDetails").put("included", true);
            } else {
                if (result.error() != null) {
                    response.put("error", result.error());
                }
                if (result.cause() != null) {
                    response.put("cause", result.cause());
                }
            }
        }
        return response;
    }

    private JsonNode getExecutionHistory(JsonNode request) {
        Run run = run(required(request, "executionArn"));
        boolean reverse = flag(request, "reverseOrder", false);
        boolean data = flag(request, "includeExecutionData", true);
        List<HistoryEvent> events = new ArrayList<>(run.execution().history());
        if (reverse) {
            Collections.reverse(events);
        }
        ObjectNode response = object();
        ArrayNode items = response.putArray("events");
        for (HistoryEvent event : page(events, request, response)) {
            items.add(event(event, data));
        }
        return response;
    }

    /**
     * One event as GetExecutionHistory's {@code HistoryEvent}: the engine's type, ids and details object, with the
     * timestamp as epoch seconds; without execution data, the input, output and parameters are left out.
     */
    static ObjectNode event(HistoryEvent event, boolean includeExecutionData) {
        ObjectNode json = object();
        json.set("timestamp", epoch(event.timestamp()));
        json.put("type", event.type());
        json.put("id", event.id());
        json.put("previousEventId", event.previousEventId());
        ObjectNode details = event.details();
        if (details != null) {
            if (!includeExecutionData) {
                details.remove(List.of("input", "output", "parameters", "inputDetails", "outputDetails"));
            }
            json.set(event.detailsKey(), details);
        }
        return json;
    }

    private JsonNode stopExecution(JsonNode request) {
        Run run = run(required(request, "executionArn"));
        String error = optional(request, "error");
        String cause = optional(request, "cause");
        run.execution().stop(error, cause);
        ExecutionResult result;
        try {
            result = run.execution().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsError("InternalFailure", 500, "interrupted while stopping " + run.arn());
        } catch (IllegalStateException e) {
            return object().set("stopDate", epoch(clock.instant()));
        }
        return object().set("stopDate", epoch(result.stopDate()));
    }

    private JsonNode listExecutions(JsonNode request) {
        String machineArn = optional(request, "stateMachineArn");
        if (machineArn == null) {
            throw AwsError.missing("stateMachineArn");
        }
        Machine machine = machine(machineArn);
        String filter = optional(request, "statusFilter");
        if (filter != null && !STATUSES.contains(filter)) {
            throw AwsError.validation("1 validation error detected: Value '" + filter
                    + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                    + STATUSES);
        }
        List<Run> matching = new ArrayList<>();
        synchronized (this) {
            for (Run run : runs.values()) {
                if (run.machine().arn().equals(machine.arn())
                        && (filter == null || run.execution().status().name().equals(filter))) {
                    matching.add(run);
                }
            }
        }
        // newest first, as Step Functions lists them
        Collections.reverse(matching);
        ObjectNode response = object();
        ArrayNode items = response.putArray("executions");
        for (Run run : page(matching, request, response)) {
            items.add(summary(run));
        }
        return response;
    }

    private ObjectNode summary(Run run) {
        ExecutionResult result = finished(run);
        ObjectNode json = object().put("executionArn", run.arn())
                .put("stateMachineArn", run.machine().arn())
                .put("name", run.name())
                .put("status", result == null ? "RUNNING" : result.status().name());
        json.set("startDate", epoch(run.started()));
        if (result != null) {
            json.set("stopDate", epoch(result.stopDate()));
        }
        return json;
    }

    /** How the execution ended; null while it runs (or if it crashed, which the engine does not let happen). */
    private static ExecutionResult finished(Run run) {
        if (!run.execution().result().isDone() || run.execution().result().isCompletedExceptionally()) {
            return null;
        }
        return run.execution().result().join();
    }

    // ---- task tokens -------------------------------------------------------------------------------------------

    private JsonNode sendTaskSuccess(JsonNode request) {
        String token = token(request);
        String output = required(request, "output");
        JsonNode value;
        try {
            value = JSON.readTree(output);
        } catch (JsonProcessingException e) {
            throw new AwsError("InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
        }
        withTask(token, () -> engine.sendTaskSuccess(token, value));
        return object();
    }

    private JsonNode sendTaskFailure(JsonNode request) {
        String token = token(request);
        String error = optional(request, "error");
        String cause = optional(request, "cause");
        withTask(token, () -> engine.sendTaskFailure(token, error, cause));
        return object();
    }

    private JsonNode sendTaskHeartbeat(JsonNode request) {
        String token = token(request);
        withTask(token, () -> engine.sendTaskHeartbeat(token));
        return object();
    }

    private static String token(JsonNode request) {
        String token = required(request, "taskToken");
        if (!TOKEN.matcher(token).matches()) {
            throw new AwsError("InvalidToken", "Invalid Token: '" + abbreviate(token, 80) + "'");
        }
        return token;
    }

    private static void withTask(String token, Runnable send) {
        try {
            send.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a well-formed token no task waits for (any more): it ended, timed out, or never was
            throw new AwsError("TaskDoesNotExist", "Task Does Not Exist: '" + abbreviate(token, 80) + "'");
        }
    }

    // ---- lookups -----------------------------------------------------------------------------------------------

    private String machineArn(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    private synchronized Machine machine(String arn) {
        String[] parts = arn.split(":", -1);
        if (parts.length != 7
                || !parts[0].equals("arn")
                || !parts[2].equals("states")
                || !parts[5].equals("stateMachine")) {
            throw new AwsError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
        Machine machine = machines.get(arn);
        if (machine == null) {
            throw new AwsError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    private synchronized Run run(String arn) {
        String[] parts = arn.split(":", -1);
        if (parts.length != 8
                || !parts[0].equals("arn")
                || !parts[2].equals("states")
                || !parts[5].equals("execution")) {
            throw new AwsError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
        }
        Run run = runs.get(arn);
        if (run == null) {
            throw new AwsError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
        }
        return run;
    }

    // ---- members and paging ------------------------------------------------------------------------------------

    static String required(JsonNode request, String member) {
        String value = optional(request, member);
        if (value == null) {
            throw AwsError.missing(member);
        }
        return value;
    }

    static String optional(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw AwsError.validation("Start of structure or map found where not expected: '" + member
                    + "' must be a string, not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.textValue();
    }

    private static boolean flag(JsonNode request, String member, boolean otherwise) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw AwsError.validation("'" + member + "' must be a boolean");
        }
        return value.booleanValue();
    }

    /**
     * The page of {@code all} that {@code maxResults} (0 or absent: 100; at most 1000) and {@code nextToken} ask
     * for; sets {@code nextToken} on the response when more remain. Tokens are opaque offsets.
     */
    private static <T> List<T> page(List<T> all, JsonNode request, ObjectNode response) {
        JsonNode max = request.get("maxResults");
        int size = DEFAULT_PAGE;
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || max.intValue() < 0 || max.intValue() > MAX_PAGE) {
                throw AwsError.validation("1 validation error detected: Value '" + max
                        + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or"
                        + " equal to " + MAX_PAGE + " and greater than or equal to 0");
            }
            size = max.intValue() == 0 ? DEFAULT_PAGE : max.intValue();
        }
        int from = 0;
        String token = optional(request, "nextToken");
        if (token != null) {
            from = offset(token);
            if (from > all.size()) {
                throw new AwsError("InvalidToken", "Invalid Token: '" + token + "'");
            }
        }
        int to = Math.min(all.size(), from + size);
        if (to < all.size()) {
            response.put(
                    "nextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(("offset:" + to).getBytes(StandardCharsets.UTF_8)));
        }
        return all.subList(from, to);
    }

    private static int offset(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                return Integer.parseInt(text.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new AwsError("InvalidToken", "Invalid Token: '" + abbreviate(token, 80) + "'");
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    /** An instant as AWS JSON 1.0 sends timestamps: epoch seconds, with the milliseconds as a fraction. */
    static JsonNode epoch(Instant instant) {
        return JSON.getNodeFactory().numberNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static boolean sameJson(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return a.equals(b);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
