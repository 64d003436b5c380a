package dev.cutover.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import dev.cutover.aws.CloudWatchTargetGroupMetrics;
import dev.cutover.core.port.TargetGroupMetrics;
import dev.cutover.core.port.WorkflowExecutions;

/**
 * What the operator commands ask of AWS (or of {@code cutover serve}): the deployment workflow's executions
 * (Step Functions) and the stack's Query and Abort functions (Lambda), whose JSON contracts this class speaks.
 */
final class OperatorApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The error type the Abort and Query functions report for an unknown deployment id. */
    static final String DEPLOYMENT_NOT_FOUND = "dev.cutover.core.error.DeploymentNotFoundException";

    /** The error {@code cutover deny} fails the approval task with; the workflow rolls back on it. */
    static final String APPROVAL_DENIED = "dev.cutover.core.error.ApprovalDeniedException";

    private final AwsOptions options;
    private final SdkHttpClient http;
    private final SfnClient sfn;
    private final LambdaClient lambda;
    private String stateMachineArn;
    private CloudWatchClient cloudWatch;

    OperatorApi(AwsOptions options) {
        this.options = options;
        this.http = UrlConnectionHttpClient.builder().build();
        var region = options.resolveRegion();
        var credentials = options.credentials();
        var sfnBuilder = SfnClient.builder().httpClient(http).region(region).credentialsProvider(credentials);
        var lambdaBuilder =
                LambdaClient.builder().httpClient(http).region(region).credentialsProvider(credentials);
        if (options.endpointUrl != null) {
            sfnBuilder.endpointOverride(options.endpointUrl);
            lambdaBuilder.endpointOverride(options.endpointUrl);
        }
        this.sfn = sfnBuilder.build();
        this.lambda = lambdaBuilder.build();
    }

    // ---- Step Functions ---------------------------------------------------------------------------------------------

    /** The deployment workflow: --state-machine-arn, else the one state machine with Cutover's name. */
    String stateMachineArn() {
        if (stateMachineArn != null) {
            return stateMachineArn;
        }
        if (options.stateMachineArn != null) {
            stateMachineArn = options.stateMachineArn;
            return stateMachineArn;
        }
        List<StateMachineListItem> found = new ArrayList<>();
        sfn.listStateMachinesPaginator(b -> {}).stateMachines().forEach(m -> {
            if (m.name().equals(AwsOptions.LOCAL_STATE_MACHINE) || m.name().startsWith("DeploymentStateMachine-")) {
                found.add(m);
            }
        });
        if (found.size() != 1) {
            throw new NotFoundException((found.isEmpty()
                            ? "no state machine named " + AwsOptions.LOCAL_STATE_MACHINE
                                    + " or DeploymentStateMachine-*"
                            : "several deployment state machines: "
                                    + found.stream()
                                            .map(StateMachineListItem::stateMachineArn)
                                            .toList())
                    + "; pass --state-machine-arn (the stack's output DeploymentStateMachineArn)");
        }
        stateMachineArn = found.get(0).stateMachineArn();
        return stateMachineArn;
    }

    /** Starts the workflow under the execution name the deployment id gives; returns the execution's ARN. */
    String start(String deploymentId, JsonNode input) {
        return sfn.startExecution(b -> b.stateMachineArn(stateMachineArn())
                        .name(WorkflowExecutions.executionNameFor(deploymentId))
                        .input(input.toString()))
                .executionArn();
    }

    /** The ARN of the deployment's execution, named after it (docs/workflow.md, "Execution input"). */
    String executionArnOf(String deploymentId) {
        return WorkflowExecutions.executionArnFor(stateMachineArn(), WorkflowExecutions.executionNameFor(deploymentId));
    }

    DescribeExecutionResponse describe(String executionArn) {
        return sfn.describeExecution(b -> b.executionArn(executionArn));
    }

    /**
     * The bake of each stage, by index, from the plan ValidateAndLock returned (docs/workflow.md, "The plan"): the
     * first task output of the execution's history with {@code stages[].bakeSeconds}. Empty until it has run.
     */
    Map<Integer, Duration> plannedBakes(String executionArn) {
        Map<Integer, Duration> bakes = new HashMap<>();
        for (HistoryEvent event : sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn))
                .events()) {
            String output = event.lambdaFunctionSucceededEventDetails() != null
                    ? event.lambdaFunctionSucceededEventDetails().output()
                    : event.taskSucceededEventDetails() != null
                            ? event.taskSucceededEventDetails().output()
                            : null;
            JsonNode stages =
                    output == null ? null : parse(output, "ValidateAndLock").path("stages");
            if (stages != null
                    && stages.isArray()
                    && stages.size() > 0
                    && stages.get(0).has("bakeSeconds")) {
                for (JsonNode stage : stages) {
                    bakes.put(
                            stage.path("index").asInt(),
                            Duration.ofSeconds(stage.path("bakeSeconds").asLong()));
                }
                break;
            }
        }
        return bakes;
    }

    /**
     * The target groups' traffic as the workflow's health judge reads it (CloudWatch's ALB metrics), for
     * {@code deploy --dashboard}; the client is built on first use.
     */
    synchronized TargetGroupMetrics targetGroupMetrics() {
        if (cloudWatch == null) {
            var builder = CloudWatchClient.builder()
                    .httpClient(http)
                    .region(options.resolveRegion())
                    .credentialsProvider(options.credentials());
            if (options.endpointUrl != null) {
                builder.endpointOverride(options.endpointUrl);
            }
            cloudWatch = builder.build();
        }
        return new CloudWatchTargetGroupMetrics(cloudWatch);
    }

    /** The execution's latest history events, newest first. */
    List<HistoryEvent> recentHistory(String executionArn, int max) {
        return sfn.getExecutionHistory(
                        b -> b.executionArn(executionArn).reverseOrder(true).maxResults(max))
                .events();
    }

    void approve(String taskToken, JsonNode output) {
        sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(output.toString()));
    }

    void deny(String taskToken, String reason) {
        sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(APPROVAL_DENIED).cause(reason));
    }

    // ---- the Query and Abort functions ------------------------------------------------------------------------------

    /** The ledger's record of a deployment, if it has one. */
    Optional<JsonNode> deployment(String deploymentId) {
        ObjectNode query = JSON.createObjectNode().put("action", "status").put("deploymentId", deploymentId);
        return present(invoke("Query", query).path("deployment"));
    }

    /** The service's deployment in progress, else its last one. */
    Optional<JsonNode> lastOf(String service) {
        ObjectNode query = JSON.createObjectNode().put("action", "status").put("service", service);
        return present(invoke("Query", query).path("deployment"));
    }

    /** The service's deployments, newest first. */
    List<JsonNode> history(String service, int limit) {
        ObjectNode query = JSON.createObjectNode()
                .put("action", "history")
                .put("service", service)
                .put("limit", limit);
        List<JsonNode> records = new ArrayList<>();
        invoke("Query", query).path("deployments").forEach(records::add);
        return records;
    }

    /** Aborts a deployment: traffic back on blue, the ledger ABORTED, the execution stopped. */
    JsonNode abort(String deploymentId, String reason, String requestedBy) {
        ObjectNode request = JSON.createObjectNode()
                .put("deploymentId", deploymentId)
                .put("reason", reason)
                .put("requestedBy", requestedBy);
        return invoke("Abort", request);
    }

    private static Optional<JsonNode> present(JsonNode node) {
        return node.isObject() ? Optional.of(node) : Optional.empty();
    }

    private JsonNode invoke(String logicalName, JsonNode payload) {
        String name = functionName(logicalName);
        InvokeResponse response =
                lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String(payload.toString())));
        JsonNode body =
                parse(response.payload() == null ? "" : response.payload().asUtf8String(), name);
        if (response.functionError() != null) {
            String type = body.path("errorType").asText("");
            String message = body.path("errorMessage").asText(body.toString());
            if (type.equals(DEPLOYMENT_NOT_FOUND) || type.endsWith(".DeploymentNotFoundException")) {
                throw new NotFoundException(message);
            }
            throw new FunctionFailedException(name, type, message);
        }
        return body;
    }

    private static JsonNode parse(String text, String function) {
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new FunctionFailedException(function, "invalid response", "not JSON: " + text);
        }
    }

    /**
     * The deployed name of a function of the stack: --function-prefix + logical name; with --endpoint-url, the
     * logical name; else CloudFormation's {@code <stack>-<Logical>Function-<suffix>}, found by ListFunctions.
     */
    String functionName(String logicalName) {
        if (options.functionPrefix != null) {
            return options.functionPrefix + logicalName;
        }
        if (options.endpointUrl != null) {
            return logicalName;
        }
        String prefix = options.stack + "-" + logicalName + "Function-";
        List<String> names = new ArrayList<>();
        lambda.listFunctionsPaginator(b -> {}).functions().stream()
                .map(FunctionConfiguration::functionName)
                .filter(n -> n.startsWith(prefix))
                .forEach(names::add);
        if (names.size() != 1) {
            throw new NotFoundException((names.isEmpty() ? "no function named " + prefix + "*" : "several: " + names)
                    + " in this account and region; pass --stack or --function-prefix");
        }
        return names.get(0);
    }

    @Override
    public void close() {
        sfn.close();
        lambda.close();
        synchronized (this) {
            if (cloudWatch != null) {
                cloudWatch.close();
            }
        }
        http.close();
    }

    /** Nothing found, or nothing to act on: exit 4. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }

    /** A function reported an error other than "not found". */
    static final class FunctionFailedException extends RuntimeException {
        FunctionFailedException(String function, String type, String message) {
            super(function + " failed: " + (type.isEmpty() ? "" : type + ": ") + message);
        }
    }
}
