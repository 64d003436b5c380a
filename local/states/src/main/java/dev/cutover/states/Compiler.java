package dev.cutover.states;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a definition and builds its compiled states in one pass. Every problem is collected (not just the
 * first) as a {@link DefinitionError} naming the state and the field.
 */
final class Compiler {

    private static final Set<String> MACHINE_FIELDS =
            Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment");
    private static final Set<String> PROCESSOR_FIELDS = Set.of("StartAt", "States", "Comment", "ProcessorConfig");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    /**
     * The JSONPath states that take Assign: all but Succeed and Fail. AWS: "Passing data between states with
     * variables" (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
     */
    private static final Set<String> ASSIGN = Set.of("Assign");

    private static final Set<String> IO = Set.of("InputPath", "OutputPath");
    private static final Set<String> FLOW = Set.of("Next", "End");
    private static final Set<String> RESULT = Set.of("ResultPath", "Parameters", "ResultSelector", "Retry", "Catch");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", union(COMMON, IO, FLOW, ASSIGN, Set.of("ResultPath", "Parameters", "Result")),
            "Task",
                    union(
                            COMMON,
                            IO,
                            FLOW,
                            RESULT,
                            ASSIGN,
                            Set.of(
                                    "Resource",
                                    "TimeoutSeconds",
                                    "TimeoutSecondsPath",
                                    "HeartbeatSeconds",
                                    "HeartbeatSecondsPath",
                                    "Credentials")),
            "Choice", union(COMMON, IO, ASSIGN, Set.of("Choices", "Default")),
            "Wait", union(COMMON, IO, FLOW, ASSIGN, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
            "Succeed", union(COMMON, IO),
            "Fail", union(COMMON, Set.of("Error", "ErrorPath", "Cause", "CausePath")),
            "Parallel", union(COMMON, IO, FLOW, RESULT, ASSIGN, Set.of("Branches")),
            "Map",
                    union(
                            COMMON,
                            IO,
                            FLOW,
                            RESULT,
                            ASSIGN,
                            Set.of(
                                    "ItemsPath",
                                    "ItemSelector",
                                    "ItemProcessor",
                                    "Iterator",
                                    "MaxConcurrency",
                                    "MaxConcurrencyPath")));
    /**
     * The fields of a JSONata state: JSONPath's InputPath, Parameters, ResultSelector, ResultPath and OutputPath
     * (and every ...Path field) give way to Arguments and Output, and Assign sets variables. AWS: "Transforming
     * data with JSONata in Step Functions" (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
     */
    private static final Set<String> JSONATA_COMMON = Set.of("Type", "Comment", "QueryLanguage", "Output", "Assign");

    private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
            "Pass", union(JSONATA_COMMON, FLOW),
            "Task",
                    union(
                            JSONATA_COMMON,
                            FLOW,
                            Set.of(
                                    "Arguments",
                                    "Resource",
                                    "TimeoutSeconds",
                                    "HeartbeatSeconds",
                                    "Credentials",
                                    "Retry",
                                    "Catch")),
            "Choice", union(JSONATA_COMMON, Set.of("Choices", "Default")),
            "Wait", union(JSONATA_COMMON, FLOW, Set.of("Seconds", "Timestamp")),
            "Succeed", Set.of("Type", "Comment", "QueryLanguage", "Output"),
            "Fail", Set.of("Type", "Comment", "QueryLanguage", "Error", "Cause"),
            "Parallel", union(JSONATA_COMMON, FLOW, Set.of("Arguments", "Branches", "Retry", "Catch")),
            "Map",
                    union(
                            JSONATA_COMMON,
                            FLOW,
                            Set.of("Items", "ItemSelector", "ItemProcessor", "MaxConcurrency", "Retry", "Catch")));
    /** JSONPath fields a JSONata state does not have. */
    private static final Set<String> JSONPATH_ONLY = Set.of(
            "InputPath",
            "OutputPath",
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Result",
            "ItemsPath",
            "Iterator",
            "MaxConcurrencyPath",
            "TimeoutSecondsPath",
            "HeartbeatSecondsPath",
            "SecondsPath",
            "TimestampPath",
            "ErrorPath",
            "CausePath");
    /** JSONata fields a JSONPath state does not have. */
    private static final Set<String> JSONATA_ONLY = Set.of("Output", "Arguments", "Items");

    /** Fields that exist in Step Functions but that this engine does not run. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("ItemReader", "ItemReader belongs to the distributed Map, which this engine does not run"),
            Map.entry("ItemBatcher", "ItemBatcher belongs to the distributed Map, which this engine does not run"),
            Map.entry("ResultWriter", "ResultWriter belongs to the distributed Map, which this engine does not run"),
            Map.entry(
                    "ToleratedFailurePercentage",
                    "tolerated failures belong to the distributed Map, which this" + " engine does not run"),
            Map.entry(
                    "ToleratedFailurePercentagePath",
                    "tolerated failures belong to the distributed Map, which" + " this engine does not run"),
            Map.entry(
                    "ToleratedFailureCount",
                    "tolerated failures belong to the distributed Map, which this engine" + " does not run"),
            Map.entry(
                    "ToleratedFailureCountPath",
                    "tolerated failures belong to the distributed Map, which this" + " engine does not run"),
            Map.entry("Label", "Label belongs to the distributed Map, which this engine does not run"));

    private static final long MAX_SECONDS = 99_999_999L;
    private static final int MAX_STATE_NAME = 80;

    private final List<DefinitionError> errors = new ArrayList<>();
    /** Every state name in the machine, nested ones included, with its path: names are unique machine-wide. */
    private final Map<String, String> allNames = new LinkedHashMap<>();
    /** The machine's QueryLanguage, inherited by states that do not set their own. */
    private boolean machineJsonata;
    /** Whether the state being compiled is a JSONata state (its Retry/Catch are compiled before its branches). */
    private boolean jsonataState;

    record Result(StateGraph graph, Long timeoutSeconds, Set<String> stateNames) {}

    static Result compile(JsonNode definition) {
        Compiler compiler = new Compiler();
        Result result = compiler.machine(definition);
        if (!compiler.errors.isEmpty()) {
            throw new DefinitionException(compiler.errors);
        }
        return result;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }

    private void error(String state, String field, String message) {
        errors.add(new DefinitionError(state, field, message));
    }

    private Result machine(JsonNode root) {
        if (root == null || !root.isObject()) {
            error("", "", "a state machine definition must be a JSON object with StartAt and States");
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!MACHINE_FIELDS.contains(field)) {
                error(
                        "",
                        field,
                        "unknown top-level field (expected StartAt, States, Comment, Version, TimeoutSeconds,"
                                + " QueryLanguage)");
            }
        }
        machineJsonata = queryLanguage(root.get("QueryLanguage"), "", "QueryLanguage", false);
        Long timeout = null;
        if (root.has("TimeoutSeconds")) {
            timeout = positiveSeconds(root.get("TimeoutSeconds"), "", "TimeoutSeconds");
        }
        JsonNode version = root.get("Version");
        if (version != null && !version.isTextual()) {
            error("", "Version", "must be a string such as \"1.0\"");
        }
        collectNames(root, "");
        variableScopes(root, "", Map.of());
        StateGraph graph = graph(root, "", "", "");
        return new Result(graph, timeout, Set.copyOf(allNames.keySet()));
    }

    /**
     * Records every state name in the machine before compiling, so a transition into another States block can
     * be told apart from a typo; state names must be unique machine-wide.
     */
    private void collectNames(JsonNode block, String statePrefix) {
        JsonNode states = block.get("States");
        if (states == null || !states.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            String name = entry.getKey();
            String path = statePrefix + name;
            String previous = allNames.putIfAbsent(name, path);
            if (previous != null) {
                error(
                        path,
                        "",
                        "the state name '" + name + "' is already used by state '" + previous
                                + "'; state names must be unique in the whole state machine");
            }
            JsonNode state = entry.getValue();
            if (!state.isObject()) {
                continue;
            }
            JsonNode branches = state.get("Branches");
            if (branches != null && branches.isArray()) {
                for (int i = 0; i < branches.size(); i++) {
                    if (branches.get(i).isObject()) {
                        collectNames(branches.get(i), path + ".Branches[" + i + "].");
                    }
                }
            }
            for (String field : List.of("ItemProcessor", "Iterator")) {
                JsonNode processor = state.get(field);
                if (processor != null && processor.isObject()) {
                    collectNames(processor, path + "." + field + ".");
                }
            }
        }
    }

    /**
     * Checks that no Parallel branch or Map item processor assigns a variable that a scope around it assigns.
     * AWS: "Passing data between states with variables", section "Variable scope"
     * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html): a variable exists in a
     * scope when any state of that scope assigns it, and a variable assigned in an inner scope cannot have the
     * name of one assigned in an outer scope. A Catch entry's Assign belongs to the scope of its state.
     *
     * @param outer the variables the enclosing scopes assign, each with the state and field that assigns it
     */
    private void variableScopes(JsonNode block, String statePrefix, Map<String, String> outer) {
        JsonNode states = block.get("States");
        if (states == null || !states.isObject()) {
            return;
        }
        Map<String, String> here = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            String path = statePrefix + entry.getKey();
            JsonNode state = entry.getValue();
            if (!state.isObject()) {
                continue;
            }
            List<String> places = new ArrayList<>(List.of("Assign"));
            for (String list : List.of("Catch", "Choices")) {
                JsonNode items = state.get(list);
                for (int i = 0; items != null && items.isArray() && i < items.size(); i++) {
                    places.add(list + "[" + i + "].Assign");
                }
            }
            for (String place : places) {
                JsonNode assign = place.equals("Assign")
                        ? state.get("Assign")
                        : state.get(place.substring(0, place.indexOf('[')))
                                .get(Integer.parseInt(place.substring(place.indexOf('[') + 1, place.indexOf(']'))))
                                .get("Assign");
                if (assign == null || !assign.isObject()) {
                    continue;
                }
                for (String key : (Iterable<String>) assign::fieldNames) {
                    String variable = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
                    String outerPlace = outer.get(variable);
                    if (outerPlace != null) {
                        error(
                                path,
                                place + "." + key,
                                "the variable '" + variable + "' is assigned in an outer scope (" + outerPlace
                                        + "); a Parallel branch or Map iteration can read it but cannot assign a"
                                        + " variable of that name: use another name, or return the value in the"
                                        + " output");
                    } else {
                        here.putIfAbsent(variable, "state '" + path + "', field '" + place + "'");
                    }
                }
            }
        }
        Map<String, String> inner = new LinkedHashMap<>(outer);
        inner.putAll(here);
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            String path = statePrefix + entry.getKey();
            JsonNode state = entry.getValue();
            if (!state.isObject()) {
                continue;
            }
            JsonNode branches = state.get("Branches");
            for (int i = 0; branches != null && branches.isArray() && i < branches.size(); i++) {
                variableScopes(branches.get(i), path + ".Branches[" + i + "].", inner);
            }
            for (String field : List.of("ItemProcessor", "Iterator")) {
                JsonNode processor = state.get(field);
                if (processor != null && processor.isObject()) {
                    variableScopes(processor, path + "." + field + ".", inner);
                }
            }
        }
    }

    /**
     * Reads a QueryLanguage field; true for JSONata. A state inherits the machine's language; in a JSONata
     * machine a state cannot go back to JSONPath (AWS: "Transforming data with JSONata in Step Functions",
     * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
     */
    private boolean queryLanguage(JsonNode node, String state, String field, boolean inherited) {
        if (node == null) {
            return inherited;
        }
        if (node.isTextual() && node.textValue().equals("JSONata")) {
            return true;
        }
        if (!(node.isTextual() && node.textValue().equals("JSONPath"))) {
            error(state, field, "must be \"JSONPath\" or \"JSONata\", not " + node);
            return inherited;
        }
        if (inherited && !state.isEmpty()) {
            error(
                    state,
                    field,
                    "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata; set JSONPath"
                            + " at the top level and JSONata on the states that use it");
        }
        return false;
    }

    /**
     * Compiles a States block.
     *
     * @param owner the path of the state holding this block ("" for the machine)
     * @param fieldPrefix how the block is reached from its owner ("Branches[0]." or "ItemProcessor.")
     * @param statePrefix the prefix of the block's states' paths
     */
    private StateGraph graph(JsonNode block, String owner, String fieldPrefix, String statePrefix) {
        JsonNode startAt = block.get("StartAt");
        JsonNode states = block.get("States");
        String startName = null;
        if (startAt == null) {
            error(owner, fieldPrefix + "StartAt", "missing: name the state to start with");
        } else if (!startAt.isTextual()) {
            error(owner, fieldPrefix + "StartAt", "must be a state name (a string)");
        } else {
            startName = startAt.textValue();
        }
        Map<String, CompiledState> compiled = new LinkedHashMap<>();
        Map<String, JsonNode> sources = new LinkedHashMap<>();
        if (states == null) {
            error(owner, fieldPrefix + "States", "missing: an object of states");
        } else if (!states.isObject() || states.isEmpty()) {
            error(owner, fieldPrefix + "States", "must be a non-empty object of states");
        } else {
            for (Map.Entry<String, JsonNode> entry : states.properties()) {
                String name = entry.getKey();
                String path = statePrefix + name;
                if (name.isEmpty() || name.length() > MAX_STATE_NAME) {
                    error(path, "", "a state name must have 1 to " + MAX_STATE_NAME + " characters");
                }
                CompiledState state = state(name, path, entry.getValue());
                if (state != null) {
                    compiled.put(name, state);
                    sources.put(name, entry.getValue());
                }
            }
        }
        StateGraph graph = new StateGraph(startName, compiled);
        if (startName != null && states != null && states.isObject() && !states.isEmpty() && !states.has(startName)) {
            error(
                    owner,
                    fieldPrefix + "StartAt",
                    "the state '" + startName + "' does not exist in this States block" + names(states));
        }
        link(graph, states, statePrefix);
        graph.start = startName == null ? null : compiled.get(startName);
        if (graph.start != null) {
            reachability(graph, statePrefix);
        }
        return graph;
    }

    private static String names(JsonNode states) {
        List<String> names = new ArrayList<>();
        states.fieldNames().forEachRemaining(names::add);
        return " (states: " + String.join(", ", names) + ")";
    }

    /** Resolves every Next, Default and Catch target inside a States block. */
    private void link(StateGraph graph, JsonNode statesNode, String statePrefix) {
        for (CompiledState state : graph.states.values()) {
            String path = statePrefix + state.name;
            if (state.nextName != null) {
                state.next = target(graph, statesNode, path, "Next", state.nextName);
            }
            if (state instanceof ChoiceState choice) {
                for (int i = 0; i < choice.branches.size(); i++) {
                    ChoiceState.Branch branch = choice.branches.get(i);
                    branch.next = target(graph, statesNode, path, "Choices[" + i + "].Next", branch.nextName);
                }
                if (choice.defaultName != null) {
                    choice.defaultState = target(graph, statesNode, path, "Default", choice.defaultName);
                }
            }
            if (state instanceof RecoverableState recoverable) {
                for (int i = 0; i < recoverable.catchers.size(); i++) {
                    Catcher catcher = recoverable.catchers.get(i);
                    catcher.next = target(graph, statesNode, path, "Catch[" + i + "].Next", catcher.nextName);
                }
            }
        }
    }

    private CompiledState target(StateGraph graph, JsonNode statesNode, String path, String field, String name) {
        CompiledState target = graph.states.get(name);
        if (target == null && (statesNode == null || !statesNode.has(name))) {
            String elsewhere = allNames.get(name);
            error(
                    path,
                    field,
                    "the state '" + name + "' does not exist in this States block"
                            + (elsewhere != null
                                    ? " (a state of that name is at '" + elsewhere
                                            + "'; a transition cannot leave its own States block)"
                                    : statesNode == null ? "" : names(statesNode)));
        }
        return target;
    }

    private void reachability(StateGraph graph, String statePrefix) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<CompiledState> todo = new java.util.LinkedList<>();
        todo.add(graph.start);
        while (!todo.isEmpty()) {
            CompiledState state = todo.poll();
            if (state == null || !seen.add(state.name)) {
                continue;
            }
            if (state.next != null) {
                todo.add(state.next);
            }
            if (state instanceof ChoiceState choice) {
                choice.branches.forEach(b -> todo.add(b.next));
                if (choice.defaultState != null) {
                    todo.add(choice.defaultState);
                }
            }
            if (state instanceof RecoverableState recoverable) {
                recoverable.catchers.forEach(c -> todo.add(c.next));
            }
        }
        for (String name : graph.states.keySet()) {
            if (!seen.contains(name)) {
                error(
                        statePrefix + name,
                        "",
                        "the state is not reachable from StartAt '" + graph.startAt
                                + "': no Next, Default, Choices or Catch leads to it");
            }
        }
    }

    // ---- states ----

    private CompiledState state(String name, String path, JsonNode node) {
        if (!node.isObject()) {
            error(path, "", "a state must be a JSON object, not " + Json.typeName(node));
            return null;
        }
        JsonNode typeNode = node.get("Type");
        if (typeNode == null) {
            error(path, "Type", "missing: one of " + String.join(", ", typeNames()));
            return null;
        }
        String type = typeNode.asText();
        boolean jsonata = queryLanguage(node.get("QueryLanguage"), path, "QueryLanguage", machineJsonata);
        Set<String> allowed = (jsonata ? JSONATA_FIELDS : FIELDS).get(type);
        if (!typeNode.isTextual() || allowed == null) {
            error(
                    path,
                    "Type",
                    "unknown state type " + typeNode + "; expected one of " + String.join(", ", typeNames()));
            return null;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (allowed.contains(field)) {
                continue;
            }
            if (jsonata && JSONPATH_ONLY.contains(field)) {
                error(
                        path,
                        field,
                        field + " is a JSONPath field; a JSONata state uses Arguments, Output and {% %} expressions"
                                + " instead");
            } else if (!jsonata && JSONATA_ONLY.contains(field)) {
                error(path, field, field + " is a JSONata field; set \"QueryLanguage\": \"JSONata\" to use it");
            } else if (UNSUPPORTED.containsKey(field)) {
                error(path, field, UNSUPPORTED.get(field));
            } else if (jsonata && type.equals("Map") && field.equals("Arguments")) {
                error(
                        path,
                        field,
                        "a Map state has no Arguments: its items come from Items and each item's input from"
                                + " ItemSelector (Arguments belongs to a distributed Map's ItemReader, which this engine"
                                + " does not run)");
            } else if (field.equals("Assign") && Set.of("Succeed", "Fail").contains(type)) {
                error(
                        path,
                        field,
                        "a " + type + " state cannot have Assign: it ends its States block, so no later state"
                                + " could read the variables");
            } else if ((field.equals("Next") || field.equals("End"))
                    && Set.of("Choice", "Succeed", "Fail").contains(type)) {
                error(
                        path,
                        field,
                        "a " + type + " state cannot have " + field
                                + (type.equals("Choice")
                                        ? ": it moves on through Choices and Default"
                                        : ": it always ends its States block"));
            } else {
                error(path, field, "unknown field for a " + type + " state");
            }
        }
        boolean outer = jsonataState;
        jsonataState = jsonata;
        CompiledState state = switch (type) {
            case "Pass" -> pass(name, path, node);
            case "Task" -> task(name, path, node);
            case "Choice" -> choice(name, path, node);
            case "Wait" -> waitState(name, path, node);
            case "Succeed" -> new SucceedState(name);
            case "Fail" -> fail(name, path, node);
            case "Parallel" -> parallel(name, path, node);
            default -> map(name, path, node);
        };
        jsonataState = outer;
        if (jsonata) {
            state.jsonata = jsonataFields(node, path, "");
        } else if (node.has("Assign") && allowed.contains("Assign")) {
            state.assign = jsonPathAssign(node.get("Assign"), path, "Assign");
        }
        if (allowed.contains("InputPath")) {
            inputOutput(state, path, node);
        }
        if (allowed.contains("Next")) {
            flow(state, path, node);
        }
        return state;
    }

    /** Arguments, Output and Assign of a JSONata state, Catch entry or Choice rule ({@code where} prefixes the field). */
    private JsonataFields jsonataFields(JsonNode node, String path, String where) {
        JsonataFields fields = new JsonataFields();
        if (node.has("Arguments")) {
            JsonNode arguments = node.get("Arguments");
            if (!arguments.isObject() && !JsonataExpr.isExpression(arguments)) {
                error(path, where + "Arguments", "must be an object or a {% %} JSONata expression");
            }
            fields.arguments = jsonata(arguments, path, where + "Arguments");
        }
        if (node.has("Output")) {
            fields.output = jsonata(node.get("Output"), path, where + "Output");
        }
        if (node.has("Assign")) {
            JsonNode assign = node.get("Assign");
            if (!assign.isObject()) {
                error(path, where + "Assign", "must be an object of variable names and values");
            } else {
                fields.assign = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : assign.properties()) {
                    String variable = e.getKey();
                    String problem = Variables.nameProblem(variable);
                    if (problem != null) {
                        error(path, where + "Assign." + variable, problem);
                    }
                    fields.assign.put(variable, jsonata(e.getValue(), path, where + "Assign." + variable));
                }
            }
        }
        return fields;
    }

    /**
     * A JSONPath Assign: an object whose keys are variable names, a key ending in {@code .$} taking its value from
     * a path ({@code $} is the state's result, or its input where it has no result), the Context object, a
     * variable, or an intrinsic function, as in Parameters.
     */
    private PayloadTemplate jsonPathAssign(JsonNode assign, String path, String field) {
        if (!assign.isObject()) {
            error(path, field, "must be an object of variable names and values");
            return null;
        }
        for (String key : (Iterable<String>) assign::fieldNames) {
            String variable = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            String problem = Variables.nameProblem(variable);
            if (problem != null) {
                error(path, field + "." + key, problem);
            }
        }
        return template(assign, path, field);
    }

    private JsonataTemplate jsonata(JsonNode value, String state, String field) {
        List<String> messages = new ArrayList<>();
        JsonataTemplate template = JsonataTemplate.compile(value, field, messages);
        report(state, messages);
        return template;
    }

    /** Records "field: message" problems reported by a template or rule compiler. */
    private void report(String state, List<String> messages) {
        for (String message : messages) {
            int colon = message.indexOf(": ");
            error(state, message.substring(0, colon), message.substring(colon + 2));
        }
    }

    private JsonataExpr jsonataExpr(JsonNode value, String state, String field) {
        try {
            return JsonataExpr.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            error(state, field, e.getMessage());
            return null;
        }
    }

    private static List<String> typeNames() {
        return List.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
    }

    private void inputOutput(CompiledState state, String path, JsonNode node) {
        if (node.has("InputPath")) {
            JsonNode value = node.get("InputPath");
            if (value.isNull()) {
                state.inputPathNull = true;
            } else {
                state.inputPath = path(value, path, "InputPath");
            }
        }
        if (node.has("OutputPath")) {
            JsonNode value = node.get("OutputPath");
            if (value.isNull()) {
                state.outputPathNull = true;
            } else {
                state.outputPath = path(value, path, "OutputPath");
            }
        }
    }

    private void flow(CompiledState state, String path, JsonNode node) {
        JsonNode next = node.get("Next");
        JsonNode end = node.get("End");
        boolean ends = end != null && end.isBoolean() && end.booleanValue();
        if (end != null && !end.isBoolean()) {
            error(path, "End", "must be true or false");
        }
        if (next != null && ends) {
            error(path, "Next", "a state cannot have both Next and End: true");
            if (next.isTextual()) {
                state.nextName = next.textValue();
            }
        } else if (next == null && !ends) {
            error(path, "Next", "missing: a " + state.type + " state needs Next or End: true");
        } else if (next != null) {
            if (!next.isTextual()) {
                error(path, "Next", "must be a state name (a string)");
            } else {
                state.nextName = next.textValue();
            }
        }
    }

    private JsonPathExpr path(JsonNode value, String state, String field) {
        if (!value.isTextual()) {
            error(state, field, "must be a JSONPath (a string) or null, not " + Json.typeName(value));
            return null;
        }
        try {
            JsonPathExpr parsed = JsonPathExpr.parse(value.textValue());
            return parsed instanceof JsonPathExpr.Reference r && r.isRoot() && !r.contextPath ? null : parsed;
        } catch (IllegalArgumentException e) {
            error(state, field, e.getMessage());
            return null;
        }
    }

    private ResultPathSpec resultPath(JsonNode node, String state, String field) {
        if (node == null) {
            return ResultPathSpec.REPLACE;
        }
        if (node.isNull()) {
            return ResultPathSpec.DISCARD;
        }
        if (!node.isTextual()) {
            error(state, field, "must be a reference path (a string) or null, not " + Json.typeName(node));
            return ResultPathSpec.REPLACE;
        }
        try {
            JsonPathExpr.Reference reference = JsonPathExpr.parseReference(node.textValue());
            if (reference.contextPath) {
                error(state, field, "a ResultPath cannot write into the Context object ($$)");
                return ResultPathSpec.REPLACE;
            }
            if (reference.variable != null) {
                error(
                        state,
                        field,
                        "a ResultPath cannot write into the variable $" + reference.variable
                                + ": set variables with Assign");
                return ResultPathSpec.REPLACE;
            }
            return ResultPathSpec.of(reference);
        } catch (IllegalArgumentException e) {
            error(state, field, e.getMessage());
            return ResultPathSpec.REPLACE;
        }
    }

    private PayloadTemplate template(JsonNode node, String state, String field) {
        List<String> messages = new ArrayList<>();
        PayloadTemplate template = PayloadTemplate.compile(node, field, messages);
        report(state, messages);
        return template;
    }

    private PassState pass(String name, String path, JsonNode node) {
        PassState state = new PassState(name);
        if (node.has("Parameters")) {
            state.parameters = template(node.get("Parameters"), path, "Parameters");
        }
        if (node.has("Result")) {
            state.result = node.get("Result");
        }
        state.resultPath = resultPath(node.get("ResultPath"), path, "ResultPath");
        return state;
    }

    private void recoverable(RecoverableState state, String path, JsonNode node) {
        if (node.has("Parameters") && !(state instanceof MapState)) {
            state.parameters = template(node.get("Parameters"), path, "Parameters");
        }
        if (node.has("ResultSelector")) {
            JsonNode selector = node.get("ResultSelector");
            if (!selector.isObject()) {
                error(path, "ResultSelector", "must be an object (a payload template)");
            } else {
                state.resultSelector = template(selector, path, "ResultSelector");
            }
        }
        state.resultPath = resultPath(node.get("ResultPath"), path, "ResultPath");
        state.retriers = retriers(node.get("Retry"), path);
        state.catchers = catchers(node.get("Catch"), path);
    }

    private List<String> errorEquals(JsonNode node, String path, String where, boolean last) {
        JsonNode list = node.get("ErrorEquals");
        if (list == null || !list.isArray() || list.isEmpty()) {
            error(path, where + ".ErrorEquals", "must be a non-empty array of error names");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : list) {
            if (!name.isTextual() || name.textValue().isEmpty()) {
                error(path, where + ".ErrorEquals", "every error name must be a non-empty string, not " + name);
            } else {
                names.add(name.textValue());
            }
        }
        if (names.contains(StatesFailure.ALL)) {
            if (names.size() > 1) {
                error(path, where + ".ErrorEquals", "States.ALL must appear alone in ErrorEquals");
            }
            if (!last) {
                error(path, where + ".ErrorEquals", "the element with States.ALL must come last");
            }
        }
        return List.copyOf(names);
    }

    private List<Retrier> retriers(JsonNode retry, String path) {
        if (retry == null) {
            return List.of();
        }
        if (!retry.isArray()) {
            error(path, "Retry", "must be an array of retriers");
            return List.of();
        }
        List<Retrier> retriers = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String where = "Retry[" + i + "]";
            if (!r.isObject()) {
                error(path, where, "must be an object");
                continue;
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!Set.of(
                                "ErrorEquals",
                                "IntervalSeconds",
                                "MaxAttempts",
                                "BackoffRate",
                                "MaxDelaySeconds",
                                "JitterStrategy",
                                "Comment")
                        .contains(field)) {
                    error(path, where + "." + field, "unknown field in a retrier");
                }
            }
            List<String> names = errorEquals(r, path, where, i == retry.size() - 1);
            long interval = 1;
            if (r.has("IntervalSeconds")) {
                interval = integer(r.get("IntervalSeconds"), path, where + ".IntervalSeconds", 1, MAX_SECONDS, 1);
            }
            long attempts = 3;
            if (r.has("MaxAttempts")) {
                attempts = integer(r.get("MaxAttempts"), path, where + ".MaxAttempts", 0, MAX_SECONDS, 3);
            }
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                JsonNode b = r.get("BackoffRate");
                if (!b.isNumber() || b.doubleValue() < 1.0) {
                    error(path, where + ".BackoffRate", "must be a number of at least 1.0, not " + b);
                } else {
                    backoff = b.doubleValue();
                }
            }
            Long maxDelay = null;
            if (r.has("MaxDelaySeconds")) {
                maxDelay = integer(r.get("MaxDelaySeconds"), path, where + ".MaxDelaySeconds", 1, 31_622_400L, 1);
            }
            boolean jitter = false;
            if (r.has("JitterStrategy")) {
                JsonNode j = r.get("JitterStrategy");
                if (!j.isTextual()
                        || !(j.textValue().equals("FULL") || j.textValue().equals("NONE"))) {
                    error(path, where + ".JitterStrategy", "must be \"FULL\" or \"NONE\", not " + j);
                } else {
                    jitter = j.textValue().equals("FULL");
                }
            }
            retriers.add(new Retrier(names, (int) attempts, interval, backoff, maxDelay, jitter));
        }
        return List.copyOf(retriers);
    }

    private List<Catcher> catchers(JsonNode catchNode, String path) {
        if (catchNode == null) {
            return List.of();
        }
        if (!catchNode.isArray()) {
            error(path, "Catch", "must be an array of catchers");
            return List.of();
        }
        List<Catcher> catchers = new ArrayList<>();
        for (int i = 0; i < catchNode.size(); i++) {
            JsonNode c = catchNode.get(i);
            String where = "Catch[" + i + "]";
            if (!c.isObject()) {
                error(path, where, "must be an object");
                continue;
            }
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                Set<String> allowed = jsonataState
                        ? Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
                        : Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment");
                if (!allowed.contains(field)) {
                    error(
                            path,
                            where + "." + field,
                            UNSUPPORTED.containsKey(field) ? UNSUPPORTED.get(field) : "unknown field in a catcher");
                }
            }
            List<String> names = errorEquals(c, path, where, i == catchNode.size() - 1);
            JsonNode next = c.get("Next");
            if (next == null || !next.isTextual()) {
                error(path, where + ".Next", "missing: a catcher needs Next (a state name)");
                continue;
            }
            Catcher catcher =
                    new Catcher(names, resultPath(c.get("ResultPath"), path, where + ".ResultPath"), next.textValue());
            if (jsonataState) {
                catcher.jsonata = jsonataFields(c, path, where + ".");
            } else if (c.has("Assign")) {
                catcher.assign = jsonPathAssign(c.get("Assign"), path, where + ".Assign");
            }
            catchers.add(catcher);
        }
        return List.copyOf(catchers);
    }

    private TaskState task(String name, String path, JsonNode node) {
        TaskState state = new TaskState(name);
        recoverable(state, path, node);
        JsonNode resource = node.get("Resource");
        if (resource == null) {
            error(path, "Resource", "missing: the ARN of what the task calls");
        } else if (!resource.isTextual() || resource.textValue().isEmpty()) {
            error(path, "Resource", "must be an ARN (a non-empty string)");
        } else {
            state.resource = TaskResource.parse(resource.textValue());
        }
        if (jsonataState && JsonataExpr.isExpression(node.get("TimeoutSeconds"))) {
            state.timeoutExpr = jsonataExpr(node.get("TimeoutSeconds"), path, "TimeoutSeconds");
        } else if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
            error(path, "TimeoutSecondsPath", "TimeoutSeconds and TimeoutSecondsPath cannot both be set");
        } else if (node.has("TimeoutSeconds")) {
            state.timeoutSeconds = positiveSeconds(node.get("TimeoutSeconds"), path, "TimeoutSeconds");
        } else if (node.has("TimeoutSecondsPath")) {
            state.timeoutSecondsPath = required(path(node.get("TimeoutSecondsPath"), path, "TimeoutSecondsPath"));
        }
        if (jsonataState && JsonataExpr.isExpression(node.get("HeartbeatSeconds"))) {
            state.heartbeatExpr = jsonataExpr(node.get("HeartbeatSeconds"), path, "HeartbeatSeconds");
        } else if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
            error(path, "HeartbeatSecondsPath", "HeartbeatSeconds and HeartbeatSecondsPath cannot both be set");
        } else if (node.has("HeartbeatSeconds")) {
            state.heartbeatSeconds = positiveSeconds(node.get("HeartbeatSeconds"), path, "HeartbeatSeconds");
        } else if (node.has("HeartbeatSecondsPath")) {
            state.heartbeatSecondsPath = required(path(node.get("HeartbeatSecondsPath"), path, "HeartbeatSecondsPath"));
        }
        if (state.timeoutSeconds != null
                && state.heartbeatSeconds != null
                && state.heartbeatSeconds >= state.timeoutSeconds) {
            error(path, "HeartbeatSeconds", "must be less than TimeoutSeconds (" + state.timeoutSeconds + ")");
        }
        return state;
    }

    private ChoiceState choice(String name, String path, JsonNode node) {
        ChoiceState state = new ChoiceState(name);
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            error(path, "Choices", "must be a non-empty array of choice rules");
        } else {
            List<ChoiceState.Branch> branches = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                String where = "Choices[" + i + "]";
                if (jsonataState) {
                    ChoiceState.Branch branch = jsonataRule(choices.get(i), path, where);
                    if (branch != null) {
                        branches.add(branch);
                    }
                    continue;
                }
                List<String> messages = new ArrayList<>();
                ChoiceRule rule = ChoiceRule.compile(choices.get(i), where, true, messages);
                report(path, messages);
                JsonNode next = choices.get(i).get("Next");
                if (next == null || !next.isTextual()) {
                    error(path, where + ".Next", "missing: a top-level choice rule needs Next (a state name)");
                    continue;
                }
                if (rule != null) {
                    ChoiceState.Branch branch = new ChoiceState.Branch(rule, next.textValue());
                    if (choices.get(i).has("Assign")) {
                        branch.assign = jsonPathAssign(choices.get(i).get("Assign"), path, where + ".Assign");
                    }
                    branches.add(branch);
                }
            }
            state.branches = List.copyOf(branches);
        }
        JsonNode defaultNode = node.get("Default");
        if (defaultNode != null) {
            if (!defaultNode.isTextual()) {
                error(path, "Default", "must be a state name (a string)");
            } else {
                state.defaultName = defaultNode.textValue();
            }
        }
        return state;
    }

    /**
     * A JSONata choice rule: Condition (a {% %} expression giving a boolean), Next, and optionally Output and
     * Assign. AWS: "Choice workflow state" (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
     */
    private ChoiceState.Branch jsonataRule(JsonNode rule, String path, String where) {
        if (!rule.isObject()) {
            error(path, where, "must be an object with Condition and Next");
            return null;
        }
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!Set.of("Condition", "Next", "Output", "Assign", "Comment").contains(field)) {
                error(
                        path,
                        where + "." + field,
                        "unknown field in a JSONata choice rule (expected Condition, Next, Output, Assign, Comment)");
            }
        }
        JsonNode condition = rule.get("Condition");
        JsonataExpr expr = null;
        if (!JsonataExpr.isExpression(condition)) {
            error(path, where + ".Condition", "missing: a JSONata choice rule needs a Condition \"{% ... %}\"");
        } else {
            expr = jsonataExpr(condition, path, where + ".Condition");
        }
        JsonNode next = rule.get("Next");
        if (next == null || !next.isTextual()) {
            error(path, where + ".Next", "missing: a top-level choice rule needs Next (a state name)");
            return null;
        }
        ChoiceState.Branch branch = new ChoiceState.Branch(null, next.textValue());
        branch.condition = expr;
        if (rule.has("Output") || rule.has("Assign")) {
            branch.fields = jsonataFields(rule, path, where + ".");
        }
        return expr == null ? null : branch;
    }

    private WaitState waitState(String name, String path, JsonNode node) {
        WaitState state = new WaitState(name);
        List<String> given = new ArrayList<>();
        for (String field : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            if (node.has(field)) {
                given.add(field);
            }
        }
        if (given.size() != 1) {
            error(
                    path,
                    given.isEmpty() ? "Seconds" : given.get(1),
                    "a Wait state needs exactly one of Seconds," + " SecondsPath, Timestamp, TimestampPath"
                            + (given.isEmpty() ? "" : "; found " + given));
            return state;
        }
        JsonNode given0 = node.get(given.get(0));
        if (jsonataState && JsonataExpr.isExpression(given0)) {
            JsonataExpr expr = jsonataExpr(given0, path, given.get(0));
            if (given.get(0).equals("Seconds")) {
                state.secondsExpr = expr;
            } else {
                state.timestampExpr = expr;
            }
            return state;
        }
        switch (given.get(0)) {
            case "Seconds" -> state.seconds = integer(node.get("Seconds"), path, "Seconds", 0, MAX_SECONDS, 0);
            case "Timestamp" -> {
                JsonNode t = node.get("Timestamp");
                Instant instant = t.isTextual() ? Timestamps.parse(t.textValue()) : null;
                if (instant == null) {
                    error(path, "Timestamp", "must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, not " + t);
                }
                state.timestamp = instant;
            }
            case "SecondsPath" -> state.secondsPath = required(path(node.get("SecondsPath"), path, "SecondsPath"));
            default -> state.timestampPath = required(path(node.get("TimestampPath"), path, "TimestampPath"));
        }
        return state;
    }

    /** "$" compiles to null (identity) elsewhere; where a value is read from the path it must stay a path. */
    private static JsonPathExpr required(JsonPathExpr path) {
        return path == null ? JsonPathExpr.parse("$") : path;
    }

    private FailState fail(String name, String path, JsonNode node) {
        FailState state = new FailState(name);
        for (String kind : List.of("Error", "Cause")) {
            JsonNode fixed = node.get(kind);
            JsonNode dynamic = node.get(kind + "Path");
            if (fixed != null && dynamic != null) {
                error(path, kind + "Path", kind + " and " + kind + "Path cannot both be set");
                continue;
            }
            if (fixed != null && jsonataState && JsonataExpr.isExpression(fixed)) {
                if (kind.equals("Error")) {
                    state.errorExpr = jsonataExpr(fixed, path, kind);
                } else {
                    state.causeExpr = jsonataExpr(fixed, path, kind);
                }
            } else if (fixed != null) {
                if (!fixed.isTextual()) {
                    error(path, kind, "must be a string");
                } else if (kind.equals("Error")) {
                    state.error = fixed.textValue();
                } else {
                    state.cause = fixed.textValue();
                }
            } else if (dynamic != null) {
                if (!dynamic.isTextual()) {
                    error(path, kind + "Path", "must be a path or an intrinsic function (a string)");
                    continue;
                }
                try {
                    if (Intrinsic.looksLikeCall(dynamic.textValue())) {
                        Intrinsic function = Intrinsic.parse(dynamic.textValue());
                        if (kind.equals("Error")) {
                            state.errorFunction = function;
                        } else {
                            state.causeFunction = function;
                        }
                    } else {
                        JsonPathExpr p = JsonPathExpr.parse(dynamic.textValue());
                        if (kind.equals("Error")) {
                            state.errorPath = p;
                        } else {
                            state.causePath = p;
                        }
                    }
                } catch (IllegalArgumentException e) {
                    error(path, kind + "Path", e.getMessage());
                }
            }
        }
        return state;
    }

    private ParallelState parallel(String name, String path, JsonNode node) {
        ParallelState state = new ParallelState(name);
        recoverable(state, path, node);
        JsonNode branches = node.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            error(path, "Branches", "must be a non-empty array of branches (each with StartAt and States)");
            return state;
        }
        List<StateGraph> graphs = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            JsonNode branch = branches.get(i);
            String where = "Branches[" + i + "]";
            if (!branch.isObject()) {
                error(path, where, "must be an object with StartAt and States");
                continue;
            }
            for (Iterator<String> it = branch.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!BRANCH_FIELDS.contains(field)) {
                    error(path, where + "." + field, "unknown field in a branch (expected StartAt, States, Comment)");
                }
            }
            graphs.add(graph(branch, path, where + ".", path + "." + where + "."));
        }
        state.branches = List.copyOf(graphs);
        return state;
    }

    private MapState map(String name, String path, JsonNode node) {
        MapState state = new MapState(name);
        recoverable(state, path, node);
        if (node.has("ItemsPath")) {
            state.itemsPath = path(node.get("ItemsPath"), path, "ItemsPath");
        }
        if (jsonataState) {
            if (node.has("Items")) {
                JsonNode items = node.get("Items");
                if (!items.isArray() && !JsonataExpr.isExpression(items)) {
                    error(path, "Items", "must be an array or a {% %} JSONata expression giving one");
                }
                state.items = jsonata(items, path, "Items");
            }
            if (node.has("ItemSelector")) {
                state.itemSelectorJsonata = jsonata(node.get("ItemSelector"), path, "ItemSelector");
            }
        } else if (node.has("ItemSelector") && node.has("Parameters")) {
            error(path, "Parameters", "ItemSelector and its legacy name Parameters cannot both be set");
        } else if (node.has("ItemSelector") || node.has("Parameters")) {
            String field = node.has("ItemSelector") ? "ItemSelector" : "Parameters";
            state.itemSelector = template(node.get(field), path, field);
        }
        if (jsonataState && JsonataExpr.isExpression(node.get("MaxConcurrency"))) {
            state.maxConcurrencyExpr = jsonataExpr(node.get("MaxConcurrency"), path, "MaxConcurrency");
        } else if (node.has("MaxConcurrency") && node.has("MaxConcurrencyPath")) {
            error(path, "MaxConcurrencyPath", "MaxConcurrency and MaxConcurrencyPath cannot both be set");
        } else if (node.has("MaxConcurrency")) {
            state.maxConcurrency =
                    (int) integer(node.get("MaxConcurrency"), path, "MaxConcurrency", 0, Integer.MAX_VALUE, 0);
        } else if (node.has("MaxConcurrencyPath")) {
            state.maxConcurrencyPath = required(path(node.get("MaxConcurrencyPath"), path, "MaxConcurrencyPath"));
        }
        boolean processor = node.has("ItemProcessor");
        boolean iterator = node.has("Iterator");
        if (processor == iterator) {
            error(
                    path,
                    processor ? "Iterator" : "ItemProcessor",
                    processor
                            ? "ItemProcessor and its legacy name Iterator cannot both be set"
                            : "missing: a Map state needs an ItemProcessor (or the legacy Iterator)");
            return state;
        }
        String field = processor ? "ItemProcessor" : "Iterator";
        JsonNode block = node.get(field);
        if (!block.isObject()) {
            error(path, field, "must be an object with StartAt and States");
            return state;
        }
        for (Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!(processor ? PROCESSOR_FIELDS : BRANCH_FIELDS).contains(f)) {
                error(
                        path,
                        field + "." + f,
                        "unknown field (expected StartAt, States, Comment" + (processor ? ", ProcessorConfig)" : ")"));
            }
        }
        JsonNode config = block.get("ProcessorConfig");
        if (config != null) {
            JsonNode mode = config.get("Mode");
            if (mode != null && !"INLINE".equals(mode.asText())) {
                error(
                        path,
                        field + ".ProcessorConfig.Mode",
                        "only INLINE is supported; the distributed Map (" + mode + ") is not run by this engine");
            }
        }
        state.processor = graph(block, path, field + ".", path + "." + field + ".");
        return state;
    }

    // ---- numbers ----

    private Long positiveSeconds(JsonNode node, String state, String field) {
        return integer(node, state, field, 1, MAX_SECONDS, 1);
    }

    private long integer(JsonNode node, String state, String field, long min, long max, long fallback) {
        if (node == null
                || !node.isIntegralNumber()
                || !node.canConvertToLong()
                || node.longValue() < min
                || node.longValue() > max) {
            error(state, field, "must be an integer from " + min + " to " + max + ", not " + node);
            return fallback;
        }
        return node.longValue();
    }
}
