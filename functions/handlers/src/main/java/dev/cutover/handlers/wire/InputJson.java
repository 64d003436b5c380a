package dev.cutover.handlers.wire;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.ExecutionInfo;
import dev.cutover.core.workflow.SpecReference;
import dev.cutover.core.workflow.WorkflowInput;

/**
 * Reads a workflow execution's input (docs/workflow.md), the execution's Context object and the CodeDeploy hook an
 * execution answers for, naming every field at fault:
 *
 * <pre>{@code
 * {"service": "orders", "specParameter": "/cutover/orders/spec", "deploymentId": "optional",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"}}
 * }</pre>
 */
public final class InputJson {

    /** The fields an execution input may have. */
    public static final List<String> FIELDS = List.of("service", "specParameter", "spec", "deploymentId", "codeDeploy");

    static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final int MAX_DEPLOYMENT_ID = 128;

    private InputJson() {}

    /**
     * Reads an execution input as the Lambda runtime hands it over.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static WorkflowInput inputFromMap(Map<String, ?> input) {
        Problems problems = PayloadDialect.problems();
        WorkflowInput read = readInput(JsonMaps.tree(input), "", problems);
        PayloadDialect.throwIfAny(problems, "workflow execution input");
        return read;
    }

    /** Reads the input at {@code path} of a larger payload; null when there were problems. */
    static WorkflowInput readInput(JsonNode node, String path, Problems problems) {
        FieldReader input = PayloadDialect.reader(
                node,
                path,
                problems,
                "the workflow execution input: {service, " + "specParameter or spec, deploymentId?, codeDeploy?}");
        if (input == null) {
            return null;
        }
        int mark = problems.mark();
        input.onlyKnown(FIELDS);
        String service = PayloadFields.text(input, "service", true, "the service name, e.g. \"orders\"");
        if (service != null && !SERVICE.matcher(service).matches()) {
            input.problem(
                    "service",
                    PayloadDialect.quote(service) + " is not a service name: 1 to 63 lower-case "
                            + "letters, digits and dashes, starting with a letter");
        }
        String deploymentId = PayloadFields.text(
                input, "deploymentId", false, "an id for this deployment (or leave it out to use the execution name)");
        if (deploymentId != null && deploymentId.length() > MAX_DEPLOYMENT_ID) {
            input.problem("deploymentId", "is " + deploymentId.length() + " characters; at most " + MAX_DEPLOYMENT_ID);
        }
        SpecReference spec = specReference(input);
        Optional<CodeDeployHook> codeDeploy = readCodeDeploy(input, problems);
        if (!problems.cleanSince(mark)) {
            return null;
        }
        return new WorkflowInput(service, Optional.ofNullable(deploymentId), spec, codeDeploy);
    }

    private static SpecReference specReference(FieldReader input) {
        boolean inline = input.has("spec");
        boolean parameter = input.has("specParameter");
        if (inline && parameter) {
            input.problem(
                    "specParameter",
                    "give either specParameter (the SSM parameter holding the spec) or "
                            + "spec (the document inline), not both");
            return null;
        }
        if (!inline && !parameter) {
            input.problem(
                    "specParameter",
                    "missing: give specParameter (the SSM parameter holding the spec, "
                            + "e.g. /cutover/orders/spec) or spec (the document inline)");
            return null;
        }
        if (parameter) {
            String name = PayloadFields.text(
                    input, "specParameter", true, "the SSM parameter holding the spec, e.g. /cutover/orders/spec");
            if (name != null && name.chars().anyMatch(Character::isWhitespace)) {
                input.problem("specParameter", "must not contain whitespace, found " + PayloadDialect.quote(name));
            }
            return name == null ? null : new SpecReference.Parameter(name);
        }
        FieldReader document = input.expecting("the Cutover spec document").object("spec", true);
        return document == null ? null : new SpecReference.Inline(input.raw("spec"));
    }

    /** Reads {@code parent.execution}, the Context object ValidateAndLock is passed, when present. */
    static Optional<ExecutionInfo> readExecution(FieldReader parent, Problems problems) {
        FieldReader execution = parent.expecting("{id, name, startTime} from the Context object")
                .object("execution", false);
        if (execution == null) {
            return Optional.empty();
        }
        int mark = problems.mark();
        String id = PayloadFields.text(execution, "id", true, "the execution ARN ($$.Execution.Id)");
        String name = PayloadFields.text(execution, "name", true, "the execution name ($$.Execution.Name)");
        Instant start = PayloadFields.instant(execution, "startTime", false);
        if (!problems.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionInfo(id, name, Optional.ofNullable(start)));
    }

    /** Reads {@code parent.codeDeploy} when present; empty when absent or at fault. */
    static Optional<CodeDeployHook> readCodeDeploy(FieldReader parent, Problems problems) {
        FieldReader codeDeploy = parent.expecting("{deploymentId, lifecycleEventHookExecutionId, hook}")
                .object("codeDeploy", false);
        if (codeDeploy == null) {
            return Optional.empty();
        }
        int mark = problems.mark();
        String id =
                PayloadFields.text(codeDeploy, "deploymentId", true, "the CodeDeploy deployment id, like d-ABCDEF123");
        if (id != null && !CodeDeployHook.DEPLOYMENT_ID.matcher(id).matches()) {
            codeDeploy.problem(
                    "deploymentId",
                    "must look like d-ABCDEF123 (\"d-\" and 9 upper-case letters or "
                            + "digits, as CodeDeploy issues them), found " + PayloadDialect.quote(id));
        }
        String execution = PayloadFields.text(
                codeDeploy,
                "lifecycleEventHookExecutionId",
                true,
                "the LifecycleEventHookExecutionId CodeDeploy passed to the hook");
        String hookName = PayloadFields.text(
                codeDeploy, "hook", true, "the lifecycle event that started the execution, e.g. BeforeAllowTraffic");
        LifecycleHook hook = hookName == null
                ? null
                : LifecycleHook.fromCodeDeployName(hookName).orElse(null);
        if (hookName != null && hook == null) {
            codeDeploy.problem(
                    "hook",
                    PayloadDialect.quote(hookName) + " is not a CodeDeploy ECS lifecycle hook; "
                            + "expected one of "
                            + Arrays.stream(LifecycleHook.values())
                                    .map(LifecycleHook::codeDeployName)
                                    .collect(Collectors.joining(", ")));
        }
        if (!problems.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new CodeDeployHook(id, execution, hook));
    }
}
