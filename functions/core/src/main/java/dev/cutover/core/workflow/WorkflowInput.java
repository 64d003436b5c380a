package dev.cutover.core.workflow;

import dev.cutover.core.error.InvalidWorkflowInputException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deployment workflow execution's input (docs/workflow.md): the service, its spec (by parameter or inline), an
 * optional deployment id and, when a CodeDeploy hook started the execution, the hook to answer for.
 *
 * <pre>{@code
 * {"service": "orders", "specParameter": "/cutover/orders/spec", "deploymentId": "optional",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"}}
 * }</pre>
 *
 * @param service      the service to deploy
 * @param deploymentId the deployment's id, when given; otherwise the CodeDeploy deployment id or the execution name
 * @param spec         exactly one of {@code specParameter} and {@code spec}
 * @param codeDeploy   present when a CodeDeploy hook started the execution
 */
public record WorkflowInput(String service, Optional<String> deploymentId, SpecReference spec,
        Optional<CodeDeployHook> codeDeploy) {

    /** The fields an execution input may have. */
    public static final Set<String> FIELDS =
            new LinkedHashSet<>(List.of("service", "specParameter", "spec", "deploymentId", "codeDeploy"));

    static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final int MAX_DEPLOYMENT_ID = 128;

    public WorkflowInput {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
    }

    /**
     * Reads an execution input as the Lambda runtime hands it over.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static WorkflowInput fromMap(Map<String, ?> input) {
        Payload payload = new Payload("workflow execution input");
        WorkflowInput read = read(payload, Payload.tree(input), "");
        payload.throwIfAny();
        return read;
    }

    /** Reads the input at {@code path} of a larger payload; null when there were problems (in {@code payload}). */
    static WorkflowInput read(Payload payload, JsonNode node, String path) {
        if (!payload.requireObject(node, path, "the workflow execution input: {service, specParameter or spec, "
                + "deploymentId?, codeDeploy?}")) {
            return null;
        }
        int mark = payload.mark();
        payload.onlyKnown(node, path, FIELDS);
        Optional<String> service = payload.text(node, path, "service", true,
                "the service name, e.g. \"orders\"");
        service.filter(s -> !SERVICE.matcher(s).matches()).ifPresent(s -> payload.problem(
                Payload.path(path, "service"), Payload.quote(s) + " is not a service name: 1 to 63 lower-case "
                        + "letters, digits and dashes, starting with a letter"));
        Optional<String> deploymentId = payload.text(node, path, "deploymentId", false,
                "an id for this deployment (or leave it out to use the execution name)");
        deploymentId.filter(id -> id.length() > MAX_DEPLOYMENT_ID).ifPresent(id -> payload.problem(
                Payload.path(path, "deploymentId"), "is " + id.length() + " characters; at most "
                        + MAX_DEPLOYMENT_ID));
        SpecReference spec = specReference(payload, node, path);
        Optional<CodeDeployHook> codeDeploy = CodeDeployHook.read(payload, node, path);
        if (!payload.cleanSince(mark)) {
            return null;
        }
        return new WorkflowInput(service.get(), deploymentId, spec, codeDeploy);
    }

    private static SpecReference specReference(Payload payload, JsonNode node, String path) {
        boolean inline = node.has("spec") && !node.get("spec").isNull();
        boolean parameter = node.has("specParameter") && !node.get("specParameter").isNull();
        if (inline && parameter) {
            payload.problem(Payload.path(path, "specParameter"), "give either specParameter (the SSM parameter "
                    + "holding the spec) or spec (the document inline), not both");
            return null;
        }
        if (!inline && !parameter) {
            payload.problem(Payload.path(path, "specParameter"), "missing: give specParameter (the SSM parameter "
                    + "holding the spec, e.g. /cutover/orders/spec) or spec (the document inline)");
            return null;
        }
        if (parameter) {
            Optional<String> name = payload.text(node, path, "specParameter", true,
                    "the SSM parameter holding the spec, e.g. /cutover/orders/spec");
            name.filter(n -> n.chars().anyMatch(Character::isWhitespace)).ifPresent(n -> payload.problem(
                    Payload.path(path, "specParameter"), "must not contain whitespace, found " + Payload.quote(n)));
            return name.<SpecReference>map(SpecReference.Parameter::new).orElse(null);
        }
        Optional<JsonNode> document = payload.object(node, path, "spec", true, "the Cutover spec document");
        return document.<SpecReference>map(SpecReference.Inline::new).orElse(null);
    }

    /** The input as JSON, for starting an execution. */
    public String toJson() {
        ObjectNode node = Payload.JSON.createObjectNode();
        node.put("service", service);
        deploymentId.ifPresent(id -> node.put("deploymentId", id));
        if (spec instanceof SpecReference.Parameter p) {
            node.put("specParameter", p.name());
        } else if (spec instanceof SpecReference.Inline i) {
            node.set("spec", i.document());
        }
        codeDeploy.ifPresent(cd -> node.set("codeDeploy", cd.toJson()));
        return Payload.toJson(node);
    }
}
