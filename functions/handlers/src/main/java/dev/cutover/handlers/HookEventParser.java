package dev.cutover.handlers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.field.UnsafeText;
import dev.cutover.core.port.model.HookExecution;

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

    private static final Logger LOG = LoggerFactory.getLogger(HookEventParser.class);

    private HookEventParser() {}

    /**
     * @throws InvalidHookEventException naming each field at fault and what was found in it
     */
    public static HookExecution parse(Map<String, ?> event) {
        if (event == null) {
            throw new InvalidHookEventException(
                    WHAT,
                    List.of("the event is null: expected {\"" + DEPLOYMENT_ID + "\": \"d-...\", \"" + EXECUTION_ID
                            + "\": \"...\"}"),
                    Optional.empty());
        }
        Problems problems = new Problems();
        FieldReader reader = HookEventDialect.CODE_DEPLOY.reader(event, problems);
        Optional<String> deploymentId = id(reader, DEPLOYMENT_ID, HookEventParser::deploymentIdProblem);
        Optional<String> executionId = id(reader, EXECUTION_ID, HookEventParser::executionIdProblem);

        Set<String> others = new TreeSet<>(event.keySet());
        others.remove(DEPLOYMENT_ID);
        others.remove(EXECUTION_ID);
        if (!others.isEmpty() && problems.isEmpty()) {
            LOG.warn("ignoring fields a CodeDeploy lifecycle hook event does not have: {}", others);
        }

        Optional<HookExecution> usable = deploymentId.isPresent() && executionId.isPresent()
                ? Optional.of(new HookExecution(deploymentId.get(), executionId.get()))
                : Optional.empty();
        problems.throwIfAny(errors -> HookEventDialect.exception(WHAT, errors, usable));
        return usable.orElseThrow();
    }

    @FunctionalInterface
    private interface Rule {
        /** @return what is wrong with a trimmed, non-blank value, or null */
        String problem(String value);
    }

    /** @return the usable value of the id (trimmed), if there is one; problems are recorded by the reader */
    private static Optional<String> id(FieldReader event, String name, Rule rule) {
        String text = event.text(name, true);
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        String wrong = rule.problem(trimmed);
        if (wrong != null) {
            event.problem(name, wrong + ", found " + HookEventDialect.quote(text));
            return Optional.empty();
        }
        if (!trimmed.equals(text)) {
            event.problem(name, "has leading or trailing whitespace: " + HookEventDialect.quote(text));
        }
        return Optional.of(trimmed);
    }

    private static String deploymentIdProblem(String value) {
        return DEPLOYMENT_ID_FORMAT.matcher(value).matches()
                ? null
                : "must look like d-ABCDE1234 (\"d-\" and 9 upper-case letters or digits, as CodeDeploy issues them)";
    }

    private static String executionIdProblem(String value) {
        if (WHITESPACE_OR_CONTROL.matcher(value).find()) {
            return "must not contain whitespace or control characters";
        }
        // \s and \p{Cntrl} miss U+2028, U+202E, U+200B and their kind
        return UnsafeText.problem(value)
                .map(found -> "must not contain control, format or line separator characters (found " + found + ")")
                .orElse(null);
    }
}
