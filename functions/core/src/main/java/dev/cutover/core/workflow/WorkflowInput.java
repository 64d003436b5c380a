package dev.cutover.core.workflow;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
public record WorkflowInput(
        String service, Optional<String> deploymentId, SpecReference spec, Optional<CodeDeployHook> codeDeploy) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public WorkflowInput {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(codeDeploy, "codeDeploy");
    }

    /**
     * The input as JSON, for starting an execution ({@link dev.cutover.core.port.WorkflowExecutions#start} takes it
     * as text).
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("service", service);
        deploymentId.ifPresent(id -> node.put("deploymentId", id));
        if (spec instanceof SpecReference.Parameter p) {
            node.put("specParameter", p.name());
        } else if (spec instanceof SpecReference.Inline i) {
            node.set("spec", i.document());
        }
        codeDeploy.ifPresent(cd -> node.set("codeDeploy", cd.toJson()));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
