package dev.cutover.handlers;

import dev.cutover.core.error.InvalidHookEventException;

import dev.cutover.core.port.model.HookExecution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CodeDeploy's lifecycle hook event, {@code {"DeploymentId": "d-...", "LifecycleEventHookExecutionId":
 * "..."}}, as the Lambda runtime hands it over (a map of JSON values).
 *
 * <p>Strict about the two ids, because they are what the status report must carry: each must be a non-blank
 * string without surrounding whitespace, and the deployment id must have CodeDeploy's shape. An id with only
 * surrounding whitespace is still usable once trimmed, so that case is reported Failed rather than left
 * unanswered. Other keys are ignored with a warning: CodeDeploy may add fields, and a hook must not fail on them.
 */
public final class HookEventParser {

    public static final String DEPLOYMENT_ID = "DeploymentId";
    public static final String EXECUTION_ID = "LifecycleEventHookExecutionId";

    /** CodeDeploy deployment ids: {@code d-} and nine upper-case letters or digits. */
    static final Pattern DEPLOYMENT_ID_FORMAT = Pattern.compile("d-[A-Z0-9]{9}");
    private static final Pattern WHITESPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cntrl}]");
    private static final String WHAT = "CodeDeploy lifecycle hook event";
    private static final int SHOWN = 60;

    private static final Logger LOG = LoggerFactory.getLogger(HookEventParser.class);

    private HookEventParser() {
    }

    /**
     * @throws InvalidHookEventException naming each field at fault and what was found in it
     */
    public static HookExecution parse(Map<String, ?> event) {
        if (event == null) {
            throw new InvalidHookEventException(WHAT, List.of("the event is null: expected {\"" + DEPLOYMENT_ID
                    + "\": \"d-...\", \"" + EXECUTION_ID + "\": \"...\"}"), Optional.empty());
        }
        List<String> problems = new ArrayList<>();
        Optional<String> deploymentId = field(event, DEPLOYMENT_ID, problems, HookEventParser::deploymentIdProblem);
        Optional<String> executionId = field(event, EXECUTION_ID, problems, HookEventParser::executionIdProblem);

        Set<String> others = new TreeSet<>(event.keySet());
        others.remove(DEPLOYMENT_ID);
        others.remove(EXECUTION_ID);
        if (!others.isEmpty() && problems.isEmpty()) {
            LOG.warn("ignoring fields a CodeDeploy lifecycle hook event does not have: {}", others);
        }

        Optional<HookExecution> usable = deploymentId.isPresent() && executionId.isPresent()
                ? Optional.of(new HookExecution(deploymentId.get(), executionId.get()))
                : Optional.empty();
        if (!problems.isEmpty()) {
            throw new InvalidHookEventException(WHAT, problems, usable);
        }
        return usable.orElseThrow();
    }

    @FunctionalInterface
    private interface Rule {
        /** @return what is wrong with a trimmed, non-blank value, or null */
        String problem(String value);
    }

    /** @return the usable value of the field (trimmed), if there is one; problems are added to the list */
    private static Optional<String> field(Map<String, ?> event, String name, List<String> problems, Rule rule) {
        if (!event.containsKey(name)) {
            problems.add(name + " is missing" + missingHint(event, name));
            return Optional.empty();
        }
        Object value = event.get(name);
        if (!(value instanceof String text)) {
            problems.add(name + " must be a string, found " + describe(value));
            return Optional.empty();
        }
        if (text.isBlank()) {
            problems.add(name + " is blank (found " + quote(text) + ")");
            return Optional.empty();
        }
        String trimmed = text.strip();
        String wrong = rule.problem(trimmed);
        if (wrong != null) {
            problems.add(name + " " + wrong + ", found " + quote(text));
            return Optional.empty();
        }
        if (!trimmed.equals(text)) {
            problems.add(name + " has leading or trailing whitespace: " + quote(text));
        }
        return Optional.of(trimmed);
    }

    private static String deploymentIdProblem(String value) {
        return DEPLOYMENT_ID_FORMAT.matcher(value).matches() ? null
                : "must look like d-ABCDE1234 (\"d-\" and 9 upper-case letters or digits, as CodeDeploy issues them)";
    }

    private static String executionIdProblem(String value) {
        return WHITESPACE_OR_CONTROL.matcher(value).find()
                ? "must not contain whitespace or control characters" : null;
    }

    private static String missingHint(Map<String, ?> event, String name) {
        for (String key : event.keySet()) {
            if (key != null && key.equalsIgnoreCase(name)) {
                return " (found " + quote(key) + ": field names are case-sensitive)";
            }
        }
        return event.isEmpty() ? " (the event is empty)" : " (keys present: " + new TreeSet<>(event.keySet()) + ")";
    }

    /** What kind of JSON value was found, and (shortened) the value. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number) {
            return "a number (" + value + ")";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        if (value instanceof Map<?, ?>) {
            return "an object " + shorten(String.valueOf(value));
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            return "an array " + shorten(value instanceof Collection<?> ? String.valueOf(value) : "[...]");
        }
        return "a " + value.getClass().getSimpleName() + " (" + shorten(String.valueOf(value)) + ")";
    }

    /** Quoted with whitespace made visible; a long value keeps its start and end, where stray whitespace sits. */
    private static String quote(String text) {
        if (text.length() <= SHOWN) {
            return "\"" + escape(text) + "\"";
        }
        return "\"" + escape(text.substring(0, SHOWN - 20)) + "...(" + text.length() + " chars)..."
                + escape(text.substring(text.length() - 12)) + "\"";
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")
                .replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String shorten(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...(" + text.length() + " chars)";
    }
}
