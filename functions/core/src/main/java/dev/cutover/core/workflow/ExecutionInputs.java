package dev.cutover.core.workflow;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.spec.CutoverSpec;

/**
 * What the paths that act on a deployment from outside its execution (the alarm path, {@code cutover abort}) learn
 * from the execution's input and the ledger: which CodeDeploy hook it answers for, where its spec is, and which
 * target group is blue in it. Every read is best effort: an execution whose input cannot be read still gets rolled
 * back.
 */
final class ExecutionInputs {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionInputs.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionInputs() {}

    /** The execution's input as a JSON object; empty when it cannot be read or is not one. */
    static Optional<JsonNode> read(WorkflowExecutions executions, String executionArn) {
        Optional<String> input;
        try {
            input = executions.inputOf(executionArn);
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot read the input of {} ({}): a CodeDeploy hook it answers for is left to time out",
                    executionArn,
                    e.toString());
            return Optional.empty();
        }
        if (input.isEmpty()) {
            LOG.warn("no input for {}: a CodeDeploy hook it answers for is left to time out", executionArn);
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(input.get());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("the input of {} is not JSON: {}", executionArn, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** The CodeDeploy hook an execution answers for, from its input. */
    static Optional<CodeDeployHook> codeDeployOf(Optional<JsonNode> input) {
        return input.filter(node -> node.path("codeDeploy").isObject())
                .flatMap(node -> CodeDeployHook.fromJson(node.get("codeDeploy")));
    }

    /**
     * Where the execution's spec is, from its input: the inline document, or the parameter pinned to the version
     * the ledger recorded (the one ValidateAndLock validated) when the input names it unpinned.
     */
    static Optional<SpecReference> specOf(Optional<JsonNode> input, DeploymentRecord record) {
        if (input.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = input.get();
        if (node.path("spec").isObject()) {
            return Optional.of(new SpecReference.Inline(node.get("spec")));
        }
        if (node.path("specParameter").isTextual()) {
            return Optional.of(
                    new SpecReference.Parameter(pinned(node.get("specParameter").asText(), record)));
        }
        return Optional.empty();
    }

    /** {@code name:version} for an unpinned name and an SSM-style (numeric) recorded version; else the name. */
    static String pinned(String name, DeploymentRecord record) {
        boolean alreadyPinned = name.lastIndexOf(':') > name.lastIndexOf('/');
        return alreadyPinned || !record.specVersion().matches("[0-9]{1,10}") ? name : name + ":" + record.specVersion();
    }

    /**
     * The spec with the roles the deployment recorded when it started: blue is the group that was live then, which
     * alternates between deployments. A record without roles (written before they were recorded) falls back to
     * the order the spec lists the pair in.
     */
    static CutoverSpec withRecordedRoles(CutoverSpec spec, DeploymentRecord record) {
        Optional<TargetGroupRoles> recorded = record.roles().filter(spec.routing()::fits);
        if (recorded.isEmpty()) {
            List<String> pair = spec.routing().targetGroupArns();
            LOG.warn(
                    "deployment {} recorded no target group roles of {}; taking blue to be {}",
                    record.deploymentId(),
                    pair,
                    pair.get(0));
            recorded = Optional.of(new TargetGroupRoles(pair.get(0), pair.get(1)));
        }
        return spec.withRouting(spec.routing().withRoles(recorded.get()));
    }
}
