package dev.cutover.tests.template;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Shifting;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static java.util.Map.entry;

/**
 * Policy rules over a CloudFormation template, in the spirit of CloudFormation Guard: each rule returns the
 * violations it finds, one readable sentence each, naming the resource (and the statement path for IAM) and what
 * was expected. The rules read both the SAM form of {@code template.yaml} (parsed by
 * {@link dev.cutover.tests.support.CfnYaml}) and the plain CloudFormation the SAM translator expands it into, so
 * they also cover what SAM generates (roles, queues, invoke configs).
 */
public final class TemplateRules {

    private static final String VENDED_LOG_DELIVERY =
            "Step Functions log delivery: the vended-log delivery APIs have no resource type";

    /**
     * The only actions a statement may grant on {@code "Resource": "*"}, each because the API has no resource-level
     * permissions (the IAM service authorization reference lists no resource type for it).
     */
    public static final Map<String, String> ACTIONS_ALLOWED_ON_ANY_RESOURCE = Map.ofEntries(
            entry("elasticloadbalancing:DescribeListeners", "ELBv2 Describe APIs have no resource-level permissions"),
            entry("elasticloadbalancing:DescribeRules", "ELBv2 Describe APIs have no resource-level permissions"),
            entry(
                    "elasticloadbalancing:DescribeTargetHealth",
                    "ELBv2 Describe APIs have no resource-level permissions"),
            entry("cloudwatch:GetMetricData", "metric queries have no resource-level permissions"),
            entry("logs:CreateLogDelivery", VENDED_LOG_DELIVERY),
            entry("logs:GetLogDelivery", VENDED_LOG_DELIVERY),
            entry("logs:UpdateLogDelivery", VENDED_LOG_DELIVERY),
            entry("logs:DeleteLogDelivery", VENDED_LOG_DELIVERY),
            entry("logs:ListLogDeliveries", VENDED_LOG_DELIVERY));

    /** Managed policies SAM may attach to the roles it generates. */
    public static final Map<String, String> ALLOWED_MANAGED_POLICIES = Map.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "writes the function's own logs (Tracing aside, the only managed policy SAM attaches to a function)",
            "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
            "Tracing: Active / Tracing.Enabled: sends trace segments, no read access");

    public static final String RUNTIME = "java21";
    /** AWS Lambda's maximum function timeout. */
    public static final int LAMBDA_MAX_TIMEOUT_SECONDS = 900;
    /** How long Lambda keeps an asynchronous event when EventInvokeConfig does not say. */
    public static final int LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS = 21600;
    /** CodeDeploy's lifecycle hook window: a hook not reported within it fails the deployment. */
    public static final int HOOK_WINDOW_SECONDS = 3600;
    /** AWSCodeDeployRoleForECS only allows lambda:InvokeFunction on functions with this name prefix. */
    public static final String HOOK_NAME_PREFIX = "CodeDeployHook_";

    public static final String ALARM_TRIGGER_HANDLER = "dev.cutover.handlers.AlarmTriggerHandler";

    /**
     * What a state machine's TimeoutSeconds keeps for a Rollback with every retry after the longest plan: 14
     * attempts (1 + 10 + 3 retries) of at most {@link #LAMBDA_MAX_TIMEOUT_SECONDS} and their delays, 12,990 s,
     * rounded up to 4 h.
     */
    public static final Duration ROLLBACK_ALLOWANCE = Duration.ofHours(4);

    /**
     * The shortest TimeoutSeconds a workflow may have: the longest plan the spec validator allows (every stage's
     * bake and approval and the safety margin within the hook window, at most {@link Shifting#DEFAULT_HOOK_WINDOW};
     * then a rollback window of at most {@link RollbackPolicy#MAX_WINDOW}), plus {@link #ROLLBACK_ALLOWANCE}.
     */
    public static final Duration STATE_MACHINE_TIMEOUT_FLOOR =
            Shifting.DEFAULT_HOOK_WINDOW.plus(RollbackPolicy.MAX_WINDOW).plus(ROLLBACK_ALLOWANCE);

    public static final Set<String> CODEDEPLOY_HOOK_HANDLERS = Set.of(
            "dev.cutover.handlers.BeforeInstallHandler",
            "dev.cutover.handlers.AfterInstallHandler",
            "dev.cutover.handlers.AfterAllowTestTrafficHandler",
            "dev.cutover.handlers.BeforeAllowTrafficHandler",
            "dev.cutover.handlers.AfterAllowTrafficHandler");
    /** SAM event sources that invoke a function asynchronously. */
    public static final Set<String> ASYNC_EVENT_TYPES = Set.of(
            "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "SNS", "S3", "CloudWatchLogs", "IoTRule");

    /** The only resource the log-resource-policy actions may have. */
    public static final String LOG_GROUPS_OF_THE_STACKS_ACCOUNT =
            "{\"Fn::Sub\":\"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*\"}";

    /**
     * Every action a function or the state machine is granted, with the resource it must be scoped to: a token the
     * statement's Resource (as JSON text) must contain (one of several, separated by '|'). A key ending in ':' covers
     * the whole service. An action
     * neither here nor in {@link #ACTIONS_ALLOWED_ON_ANY_RESOURCE} has not been reviewed and is reported.
     */
    public static final Map<String, String> ACTION_SCOPES = Map.ofEntries(
            entry("ssm:GetParameter", "parameter${SpecParameterName}"),
            entry("secretsmanager:GetSecretValue", "{\"Ref\":\"DatabaseSecretArns\"}"),
            entry("elasticloadbalancing:ModifyListener", "{\"Ref\":\"ProductionListenerArn\"}"),
            entry("elasticloadbalancing:ModifyRule", "{\"Ref\":\"ProductionRuleArn\"}"),
            // routing.type route53: the stack's hosted zone (ChangeResourceRecordSets also narrowed to its record name,
            // UPSERT and A/CNAME by condition keys); GetChange has only change ids, unknown before the change
            entry("route53:ChangeResourceRecordSets", "route53:::hostedzone/${DnsHostedZoneId}"),
            entry("route53:ListResourceRecordSets", "route53:::hostedzone/${DnsHostedZoneId}"),
            entry("route53:GetChange", "route53:::change/*"),
            entry("cloudwatch:DescribeAlarms", "alarm:${AlarmNamePrefix}*"),
            entry("ecs:DescribeServiceRevisions", ":service-revision/"),
            entry("codedeploy:", "deploymentgroup:${CodeDeployApplicationName}/${CodeDeployDeploymentGroupName}"),
            entry("dynamodb:", "LedgerTable"),
            // the stack's topic, or the topics an operator lists for the specs' notifications.topicArn
            entry("sns:Publish", "NotificationTopic|{\"Ref\":\"SpecTopicArns\"}"),
            entry("sqs:SendMessage", "DeadLetterQueue"),
            entry("states:StartExecution", "DeploymentStateMachine"),
            entry("states:StopExecution", "execution:${DeploymentStateMachine.Name}:*"),
            entry("states:DescribeExecution", "execution:${DeploymentStateMachine.Name}:*"),
            entry("lambda:InvokeFunction", "Function"),
            // Step Functions log delivery maintains the account's log resource policy: "Logs sent to CloudWatch
            // Logs" (Amazon CloudWatch Logs User Guide) asks for a log-group wildcard on these, not "*" and not a
            // single log group; the stack's account and region only
            entry("logs:PutResourcePolicy", LOG_GROUPS_OF_THE_STACKS_ACCOUNT),
            entry("logs:DescribeResourcePolicies", LOG_GROUPS_OF_THE_STACKS_ACCOUNT),
            entry("logs:DescribeLogGroups", LOG_GROUPS_OF_THE_STACKS_ACCOUNT),
            // only the customer managed key the spec parameter names (specKeyDecryptsOnlyTheSpec adds the rest)
            entry("kms:Decrypt", "{\"Ref\":\"SpecKmsKeyArn\"}"));

    private static final Pattern SERVICE_WILDCARD = Pattern.compile("^[A-Za-z0-9-]+:\\*$");

    private TemplateRules() {}

    /** Every rule at once. */
    public static List<String> check(JsonNode template) {
        List<String> all = new ArrayList<>();
        all.addAll(noWildcardActions(template));
        all.addAll(wildcardResourcesOnlyForAllowedActions(template));
        all.addAll(actionsScopedToTheirResources(template));
        all.addAll(encryptedAtRest(template));
        all.addAll(logsRetained(template));
        all.addAll(asyncFunctionsHaveFailureDestination(template));
        all.addAll(runtimeIsJava21(template));
        all.addAll(timeoutsFitTheHookWindow(template));
        all.addAll(hookFunctionsNamedForCodeDeploy(template));
        all.addAll(stateMachineObservable(template));
        all.addAll(stateMachineInvokesOnlyItsTasks(template));
        all.addAll(onlyAllowedManagedPolicies(template));
        all.addAll(deadLetterQueuesAlarmed(template));
        all.addAll(queuesDenyInsecureTransport(template));
        all.addAll(stateMachineTimesOut(template));
        all.addAll(eventRulesMatchTheStacksAccountAndRegion(template));
        all.addAll(specKeyDecryptsOnlyTheSpec(template));
        all.addAll(alarmTriggerHasReservedConcurrency(template));
        all.addAll(logGroupsRetained(template));
        all.addAll(databaseClientsCarryTheCaBundle(template));
        return all;
    }

    // ---- alarms -------------------------------------------------------------------------------------------------

    /**
     * Every SQS queue (each is a dead-letter queue or an on-failure destination) has a CloudWatch alarm on its depth
     * ({@code AWS/SQS ApproximateNumberOfMessagesVisible} with its {@code QueueName}) with an action, and each
     * action's topic is one CloudWatch can publish to: not encrypted with the AWS managed key {@code alias/aws/sns},
     * whose key policy cannot let CloudWatch in, and, under a key of this template, one whose policy names
     * {@code cloudwatch.amazonaws.com} ("Enable compatibility between event sources from AWS services and encrypted
     * topics", Amazon SNS Developer Guide).
     */
    public static List<String> deadLetterQueuesAlarmed(JsonNode template) {
        List<String> violations = new ArrayList<>();
        Map<String, JsonNode> alarms = resources(template, "AWS::CloudWatch::Alarm");
        resources(template, "AWS::SQS::Queue").forEach((id, queue) -> {
            List<String> found = new ArrayList<>();
            alarms.forEach((alarmId, alarm) -> {
                JsonNode p = alarm.path("Properties");
                if (p.path("Namespace").asText().equals("AWS/SQS")
                        && p.path("MetricName").asText().equals("ApproximateNumberOfMessagesVisible")
                        && p.path("Dimensions").toString().contains("\"" + id)) {
                    found.add(alarmId);
                }
            });
            if (found.isEmpty()) {
                violations.add("Resources." + id + " (SQS queue): no CloudWatch alarm on its "
                        + "ApproximateNumberOfMessagesVisible; a failed event would wait there unseen");
            }
            for (String alarmId : found) {
                JsonNode p = alarms.get(alarmId).path("Properties");
                if (!firesOnTheFirstMessage(p)) {
                    violations.add("Resources." + alarmId + " (alarm on " + id + "): "
                            + p.path("Statistic").asText()
                            + " " + p.path("ComparisonOperator").asText() + " " + p.path("Threshold")
                            + " does not fire on the first message; expected Statistic Maximum and"
                            + " ApproximateNumberOfMessagesVisible > 0 (GreaterThanThreshold 0 or"
                            + " GreaterThanOrEqualToThreshold 1)");
                }
                JsonNode actions = p.path("AlarmActions");
                if (!actions.isArray() || actions.isEmpty()) {
                    violations.add("Resources." + alarmId + " (alarm on " + id + "): no AlarmActions; nobody is told");
                }
                actions.forEach(action -> {
                    String topicId = action.path("Ref").asText();
                    JsonNode topic = template.path("Resources").path(topicId);
                    if (!topic.path("Type").asText().equals("AWS::SNS::Topic")) {
                        return;
                    }
                    JsonNode key = topic.path("Properties").path("KmsMasterKeyId");
                    if (key.asText().equals("alias/aws/sns")) {
                        violations.add("Resources." + alarmId + ": publishes to " + topicId + ", encrypted with "
                                + "alias/aws/sns, which CloudWatch cannot use; expected a topic under a customer "
                                + "managed key whose policy allows cloudwatch.amazonaws.com");
                    }
                    String keyId = key.path("Ref").asText();
                    if (!keyId.isEmpty()
                            && !template.path("Resources")
                                    .path(keyId)
                                    .path("Properties")
                                    .path("KeyPolicy")
                                    .toString()
                                    .contains("cloudwatch.amazonaws.com")) {
                        violations.add("Resources." + alarmId + ": publishes to " + topicId + ", whose key " + keyId
                                + " does not let cloudwatch.amazonaws.com use it");
                    }
                });
            }
        });
        return violations;
    }

    // ---- IAM ----------------------------------------------------------------------------------------------------

    /**
     * No statement grants {@code *} or {@code service:*} (a Deny may deny them), and none uses NotAction or
     * NotResource.
     */
    public static List<String> noWildcardActions(JsonNode template) {
        List<String> violations = new ArrayList<>();
        forEachStatement(template, (path, statement) -> {
            if (isDeny(statement)) {
                return; // "sqs:*" in a Deny takes everything away: the wider the better
            }
            for (String action : texts(statement.path("Action"))) {
                if (action.equals("*") || SERVICE_WILDCARD.matcher(action).matches()) {
                    violations.add(path + ": grants the wildcard action \"" + action
                            + "\"; expected the individual actions the function calls");
                }
            }
            for (String negated : List.of("NotAction", "NotResource")) {
                if (statement.has(negated)) {
                    violations.add(path + ": uses " + negated + ", which grants everything not listed");
                }
            }
        });
        return violations;
    }

    /**
     * An Allow statement on {@code "Resource": "*"} may only grant actions in {@link #ACTIONS_ALLOWED_ON_ANY_RESOURCE}.
     */
    public static List<String> wildcardResourcesOnlyForAllowedActions(JsonNode template) {
        List<String> violations = new ArrayList<>();
        forEachStatement(template, (path, statement) -> {
            if (isDeny(statement) || !texts(statement.path("Resource")).contains("*")) {
                return;
            }
            for (String action : texts(statement.path("Action"))) {
                if (!ACTIONS_ALLOWED_ON_ANY_RESOURCE.containsKey(action)) {
                    violations.add(path + ": grants " + action + " on \"Resource\": \"*\"; expected a resource ARN"
                            + " (only APIs without resource-level permissions may use \"*\": "
                            + new TreeSet<>(ACTIONS_ALLOWED_ON_ANY_RESOURCE.keySet()) + ")");
                }
            }
        });
        return violations;
    }

    /**
     * Every action granted to an identity (statements without a Principal) is a reviewed one, scoped to the stack's
     * own resources or to the parameters naming the service's: see {@link #ACTION_SCOPES}.
     */
    public static List<String> actionsScopedToTheirResources(JsonNode template) {
        List<String> violations = new ArrayList<>();
        forEachStatement(template, (path, statement) -> {
            if (statement.has("Principal") || !statement.has("Resource")) {
                return;
            }
            String resource = statement.path("Resource").toString();
            for (String action : texts(statement.path("Action"))) {
                String scope = ACTION_SCOPES.get(action);
                if (scope == null) {
                    scope = ACTION_SCOPES.get(action.substring(0, action.indexOf(':') + 1));
                }
                if (scope == null) {
                    if (!ACTIONS_ALLOWED_ON_ANY_RESOURCE.containsKey(action)) {
                        violations.add(path + ": grants " + action + ", which is not a reviewed action; add it to"
                                + " TemplateRules.ACTION_SCOPES with the resource it must be scoped to");
                    }
                } else if (java.util.Arrays.stream(scope.split("\\|")).noneMatch(resource::contains)) {
                    violations.add(path + ": grants " + action + " on " + resource + "; expected a resource"
                            + " containing " + scope);
                }
            }
        });
        return violations;
    }

    /** Roles (in the expanded template) attach no managed policy beyond {@link #ALLOWED_MANAGED_POLICIES}. */
    public static List<String> onlyAllowedManagedPolicies(JsonNode template) {
        List<String> violations = new ArrayList<>();
        resources(template, "AWS::IAM::Role").forEach((id, role) -> {
            for (JsonNode arn : role.path("Properties").path("ManagedPolicyArns")) {
                String text = arn.isTextual() ? arn.asText() : arn.toString();
                if (!ALLOWED_MANAGED_POLICIES.containsKey(text)) {
                    violations.add("Resources." + id + ": attaches managed policy " + text + "; expected only "
                            + ALLOWED_MANAGED_POLICIES.keySet());
                }
            }
        });
        return violations;
    }

    // ---- data at rest -------------------------------------------------------------------------------------------

    /** SNS topics, SQS queues and DynamoDB tables are encrypted. */
    public static List<String> encryptedAtRest(JsonNode template) {
        List<String> violations = new ArrayList<>();
        resources(template, "AWS::SNS::Topic").forEach((id, topic) -> {
            if (!topic.path("Properties").hasNonNull("KmsMasterKeyId")) {
                violations.add("Resources." + id + " (SNS topic): no KmsMasterKeyId; expected e.g. alias/aws/sns");
            }
        });
        resources(template, "AWS::SQS::Queue").forEach((id, queue) -> {
            JsonNode properties = queue.path("Properties");
            boolean sqsManaged = properties.path("SqsManagedSseEnabled").asBoolean(false);
            if (!sqsManaged && !properties.hasNonNull("KmsMasterKeyId")) {
                violations.add("Resources." + id + " (SQS queue): not encrypted; expected SqsManagedSseEnabled: true"
                        + " or a KmsMasterKeyId");
            }
        });
        resources(template, "AWS::DynamoDB::Table").forEach((id, table) -> {
            if (!table.path("Properties")
                    .path("SSESpecification")
                    .path("SSEEnabled")
                    .asBoolean(false)) {
                violations.add("Resources." + id + " (DynamoDB table): SSESpecification.SSEEnabled is not true");
            }
        });
        return violations;
    }

    // ---- logs ---------------------------------------------------------------------------------------------------

    /**
     * Every log group keeps its logs for a bounded time; every function and state machine logs to a log group of
     * this template (a function's default /aws/lambda group would be created by Lambda and kept forever).
     */
    public static List<String> logsRetained(JsonNode template) {
        List<String> violations = new ArrayList<>();
        Map<String, JsonNode> logGroups = resources(template, "AWS::Logs::LogGroup");
        logGroups.forEach((id, group) -> {
            if (!group.path("Properties").has("RetentionInDays")) {
                violations.add("Resources." + id + " (log group): no RetentionInDays; logs would be kept forever");
            }
        });
        functions(template).forEach((id, function) -> {
            JsonNode logGroup = effective(template, function, "LoggingConfig").path("LogGroup");
            if (logGroup.isMissingNode() || logGroup.isNull()) {
                logGroup = globals(template).path("LoggingConfig").path("LogGroup");
            }
            String target = logGroup.path("Ref").asText(null);
            if (target == null || !logGroups.containsKey(target)) {
                violations.add("Resources." + id + " (function): LoggingConfig.LogGroup does not reference a log group"
                        + " of this template (found " + logGroup + "); expected !Ref to an AWS::Logs::LogGroup with"
                        + " RetentionInDays");
            }
        });
        stateMachines(template).forEach((id, machine) -> {
            JsonNode logging = stateMachineLogging(machine);
            boolean ok = false;
            for (JsonNode destination : logging.path("Destinations")) {
                JsonNode getAtt = destination
                        .path("CloudWatchLogsLogGroup")
                        .path("LogGroupArn")
                        .path("Fn::GetAtt");
                ok |= getAtt.isArray() && logGroups.containsKey(getAtt.path(0).asText());
            }
            if (!ok) {
                violations.add("Resources." + id + " (state machine): no log destination that is a log group of this"
                        + " template; expected Logging.Destinations[].CloudWatchLogsLogGroup.LogGroupArn:"
                        + " !GetAtt <LogGroup>.Arn");
            }
        });
        return violations;
    }

    // ---- functions ----------------------------------------------------------------------------------------------

    /**
     * Functions invoked asynchronously (the CodeDeploy hooks, and any function with an EventBridge, SNS, S3...
     * event, or targeted by an EventBridge rule) send failed invocations somewhere: an on-failure destination
     * (EventInvokeConfig.DestinationConfig.OnFailure) or a dead-letter queue.
     */
    public static List<String> asyncFunctionsHaveFailureDestination(JsonNode template) {
        List<String> violations = new ArrayList<>();
        functions(template).forEach((id, function) -> {
            List<String> reasons = new ArrayList<>();
            if (isCodeDeployHook(template, function)) {
                reasons.add("CodeDeploy invokes hooks asynchronously");
            }
            for (Map.Entry<String, JsonNode> event :
                    function.path("Properties").path("Events").properties()) {
                String type = event.getValue().path("Type").asText();
                if (ASYNC_EVENT_TYPES.contains(type)) {
                    reasons.add("event " + event.getKey() + " (" + type + ") invokes it asynchronously");
                }
            }
            resources(template, "AWS::Events::Rule").forEach((ruleId, rule) -> {
                for (JsonNode target : rule.path("Properties").path("Targets")) {
                    if (refersTo(target.path("Arn"), id)) {
                        reasons.add("EventBridge rule " + ruleId + " invokes it asynchronously");
                    }
                }
            });
            if (reasons.isEmpty()) {
                return;
            }
            boolean destination = invokeConfig(template, id, function)
                    .path("DestinationConfig")
                    .path("OnFailure")
                    .hasNonNull("Destination");
            boolean deadLetterQueue = effective(template, function, "DeadLetterQueue")
                            .hasNonNull("TargetArn")
                    || function.path("Properties").path("DeadLetterConfig").hasNonNull("TargetArn");
            if (!destination && !deadLetterQueue) {
                violations.add("Resources." + id + " (function): " + String.join(", ", reasons)
                        + ", but failed invocations go nowhere; expected EventInvokeConfig.DestinationConfig.OnFailure"
                        + " with a Destination, or a DeadLetterQueue");
            }
        });
        return violations;
    }

    /**
     * A function's asynchronous invocation settings: the SAM EventInvokeConfig property, or in an expanded
     * template the AWS::Lambda::EventInvokeConfig resource naming the function.
     */
    static JsonNode invokeConfig(JsonNode template, String id, JsonNode function) {
        JsonNode own = effective(template, function, "EventInvokeConfig");
        if (!own.isMissingNode()) {
            return own;
        }
        for (JsonNode config :
                resources(template, "AWS::Lambda::EventInvokeConfig").values()) {
            if (refersTo(config.path("Properties").path("FunctionName"), id)) {
                return config.path("Properties");
            }
        }
        return MissingNode.getInstance();
    }

    /** True for {@code Ref id}, {@code Ref idAlias...} (SAM's alias ids) and {@code GetAtt id.Arn}. */
    private static boolean refersTo(JsonNode value, String id) {
        String ref = value.path("Ref").asText("");
        return ref.equals(id)
                || ref.startsWith(id + "Alias")
                || id.equals(value.path("Fn::GetAtt").path(0).asText());
    }

    /** Every function runs on java21 (own Runtime or the Globals one). */
    public static List<String> runtimeIsJava21(JsonNode template) {
        List<String> violations = new ArrayList<>();
        functions(template).forEach((id, function) -> {
            JsonNode runtime = effective(template, function, "Runtime");
            if (!RUNTIME.equals(runtime.asText(null))) {
                violations.add("Resources." + id + " (function): Runtime is " + runtime + "; expected " + RUNTIME);
            }
        });
        return violations;
    }

    /**
     * Every function's timeout is a literal within Lambda's maximum. A CodeDeploy hook must report within the hook
     * window counted from CodeDeploy's invocation: an asynchronous event may wait (throttling, retries) up to
     * MaximumEventAgeInSeconds (six hours when unset) before its last attempt starts, which then runs up to the
     * timeout, so the two together must fit in the window.
     */
    public static List<String> timeoutsFitTheHookWindow(JsonNode template) {
        List<String> violations = new ArrayList<>();
        functions(template).forEach((id, function) -> {
            JsonNode timeout = effective(template, function, "Timeout");
            if (!timeout.canConvertToInt()) {
                violations.add(
                        "Resources." + id + " (function): Timeout " + timeout + " is not a literal number of seconds");
                return;
            }
            int seconds = timeout.asInt();
            if (seconds < 1 || seconds > LAMBDA_MAX_TIMEOUT_SECONDS) {
                violations.add("Resources." + id + " (function): Timeout " + seconds + " s is outside Lambda's 1.."
                        + LAMBDA_MAX_TIMEOUT_SECONDS + " s");
            }
            if (isCodeDeployHook(template, function)) {
                JsonNode age = invokeConfig(template, id, function).path("MaximumEventAgeInSeconds");
                int maxAge = age.canConvertToInt() ? age.asInt() : LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS;
                if (maxAge + seconds > HOOK_WINDOW_SECONDS) {
                    violations.add("Resources." + id + " (CodeDeploy hook): an event up to " + maxAge
                            + " s old (EventInvokeConfig.MaximumEventAgeInSeconds"
                            + (age.canConvertToInt() ? "" : ", unset")
                            + ") plus a " + seconds + " s run = " + (maxAge + seconds) + " s, beyond the "
                            + HOOK_WINDOW_SECONDS + " s hook window");
                }
            }
        });
        return violations;
    }

    /** Functions running a CodeDeploy hook handler are named CodeDeployHook_*, or CodeDeploy cannot invoke them. */
    public static List<String> hookFunctionsNamedForCodeDeploy(JsonNode template) {
        List<String> violations = new ArrayList<>();
        functions(template).forEach((id, function) -> {
            String handler = effective(template, function, "Handler").asText("");
            String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            if (CODEDEPLOY_HOOK_HANDLERS.contains(handlerClass) && !isCodeDeployHook(template, function)) {
                violations.add("Resources." + id + " (function " + handlerClass + "): FunctionName "
                        + effective(template, function, "FunctionName") + " does not start with " + HOOK_NAME_PREFIX
                        + "; AWSCodeDeployRoleForECS could not invoke it");
            }
        });
        return violations;
    }

    // ---- state machine ------------------------------------------------------------------------------------------

    /** State machines log (level other than OFF, without execution data) and trace. */
    public static List<String> stateMachineObservable(JsonNode template) {
        List<String> violations = new ArrayList<>();
        stateMachines(template).forEach((id, machine) -> {
            JsonNode logging = stateMachineLogging(machine);
            String level = logging.path("Level").asText("OFF");
            if (level.equals("OFF")) {
                violations.add(
                        "Resources." + id + " (state machine): logging level is " + level + "; expected ERROR or ALL");
            }
            if (!logging.path("IncludeExecutionData").isBoolean()
                    || logging.path("IncludeExecutionData").asBoolean()) {
                violations.add("Resources." + id + " (state machine): IncludeExecutionData is not false; execution"
                        + " data (specs, deployments) would be copied into the logs");
            }
            JsonNode tracing = machine.path("Properties").has("Tracing")
                    ? machine.path("Properties").path("Tracing")
                    : machine.path("Properties").path("TracingConfiguration");
            if (!tracing.path("Enabled").asBoolean(false)) {
                violations.add("Resources." + id + " (state machine): tracing is not enabled; expected Enabled: true");
            }
        });
        return violations;
    }

    /**
     * A SAM state machine may invoke exactly the functions its DefinitionSubstitutions name (each through a
     * LambdaInvokePolicy), no others.
     */
    public static List<String> stateMachineInvokesOnlyItsTasks(JsonNode template) {
        List<String> violations = new ArrayList<>();
        resources(template, "AWS::Serverless::StateMachine").forEach((id, machine) -> {
            Set<String> substituted = new LinkedHashSet<>();
            machine.path("Properties").path("DefinitionSubstitutions").forEach(value -> {
                String ref = value.path("Ref").asText("");
                if (!ref.isEmpty()) {
                    substituted.add(ref.replaceFirst("\\.Alias$", ""));
                }
            });
            Set<String> invokable = new LinkedHashSet<>();
            for (JsonNode policy : machine.path("Properties").path("Policies")) {
                JsonNode name =
                        policy.path("LambdaInvokePolicy").path("FunctionName").path("Ref");
                if (!name.isMissingNode()) {
                    invokable.add(name.asText());
                }
            }
            if (!invokable.equals(substituted)) {
                violations.add("Resources." + id + " (state machine): may invoke " + invokable
                        + " but its definition uses " + substituted + "; expected one LambdaInvokePolicy per task"
                        + " function and no other");
            }
        });
        return violations;
    }

    /** One dead letter is one event nobody handled: the depth alarm fires at the first. */
    private static boolean firesOnTheFirstMessage(JsonNode alarm) {
        String operator = alarm.path("ComparisonOperator").asText();
        double threshold = alarm.path("Threshold").asDouble(Double.NaN);
        boolean firstMessage = (operator.equals("GreaterThanThreshold") && threshold >= 0 && threshold < 1)
                || (operator.equals("GreaterThanOrEqualToThreshold") && threshold > 0 && threshold <= 1);
        return firstMessage && alarm.path("Statistic").asText().equals("Maximum");
    }

    /**
     * Every SQS queue has a queue policy denying every principal every SQS action on it over plain HTTP: a Deny of
     * {@code sqs:*} (or {@code *}) for {@code Principal: "*"} on the queue's ARN with {@code Bool
     * aws:SecureTransport "false"} ("Amazon SQS security best practices", Amazon SQS Developer Guide).
     */
    public static List<String> queuesDenyInsecureTransport(JsonNode template) {
        List<String> violations = new ArrayList<>();
        Map<String, JsonNode> policies = resources(template, "AWS::SQS::QueuePolicy");
        resources(template, "AWS::SQS::Queue").forEach((id, queue) -> {
            boolean denied = false;
            for (JsonNode policy : policies.values()) {
                JsonNode p = policy.path("Properties");
                boolean forThisQueue = false;
                for (JsonNode queueRef : p.path("Queues")) {
                    forThisQueue |= refersTo(queueRef, id);
                }
                if (!forThisQueue) {
                    continue;
                }
                for (JsonNode statement : p.path("PolicyDocument").path("Statement")) {
                    denied |= deniesInsecureTransport(statement, id);
                }
            }
            if (!denied) {
                violations.add("Resources." + id + " (SQS queue): no queue policy denies access without TLS; expected"
                        + " a statement Effect Deny, Principal \"*\", Action \"sqs:*\", Resource !GetAtt " + id
                        + ".Arn, Condition Bool aws:SecureTransport \"false\"");
            }
        });
        return violations;
    }

    private static boolean deniesInsecureTransport(JsonNode statement, String queueId) {
        JsonNode principal = statement.path("Principal");
        boolean everyone =
                principal.asText().equals("*") || texts(principal.path("AWS")).contains("*");
        List<String> actions = texts(statement.path("Action"));
        boolean everyAction = actions.contains("sqs:*") || actions.contains("*");
        JsonNode resource = statement.path("Resource");
        boolean thisQueue = refersTo(resource, queueId)
                || texts(resource).contains("*")
                || (resource.isArray()
                        && java.util.stream.StreamSupport.stream(resource.spliterator(), false)
                                .anyMatch(r -> refersTo(r, queueId)));
        JsonNode secure = statement.path("Condition").path("Bool").path("aws:SecureTransport");
        boolean withoutTls = secure.asText().equals("false") || texts(secure).contains("false");
        return isDeny(statement) && everyone && everyAction && thisQueue && withoutTls;
    }

    /**
     * Every state machine's definition has a {@code TimeoutSeconds}: long enough for the longest plan the spec
     * validator allows plus a rollback with every retry ({@link #STATE_MACHINE_TIMEOUT_FLOOR}), so the timeout never
     * cuts a legitimate deployment or rollback short, and at most a day more, so a stuck execution (and the lock it
     * holds) ends. The definition is read from {@code Definition}, {@code DefinitionString} or the file
     * {@code DefinitionUri} names; an expanded template's {@code DefinitionS3Location} (a stand-in for that file
     * until packaging) is checked through the SAM form. The Rollback state's worst case must fit in
     * {@link #ROLLBACK_ALLOWANCE}.
     */
    public static List<String> stateMachineTimesOut(JsonNode template) {
        List<String> violations = new ArrayList<>();
        stateMachines(template).forEach((id, machine) -> {
            JsonNode properties = machine.path("Properties");
            if (properties.has("DefinitionS3Location")) {
                return;
            }
            JsonNode definition = definition(properties);
            if (definition == null) {
                violations.add("Resources." + id + " (state machine): no definition to read (expected Definition,"
                        + " DefinitionString or DefinitionUri)");
                return;
            }
            JsonNode timeout = definition.path("TimeoutSeconds");
            long floor = STATE_MACHINE_TIMEOUT_FLOOR.toSeconds();
            long ceiling = floor + Duration.ofDays(1).toSeconds();
            if (!timeout.canConvertToLong()) {
                violations.add("Resources." + id + " (state machine): its definition has no TimeoutSeconds (found "
                        + timeout + "); a stuck execution would run for a year and hold the service's lock; expected"
                        + " " + floor + ".." + ceiling + " s");
            } else if (timeout.asLong() < floor || timeout.asLong() > ceiling) {
                violations.add("Resources." + id + " (state machine): TimeoutSeconds " + timeout.asLong() + " s is"
                        + " outside " + floor + ".." + ceiling + " s: the longest plan the validator allows (hook"
                        + " window " + Shifting.DEFAULT_HOOK_WINDOW.toSeconds() + " s + rollback window "
                        + RollbackPolicy.MAX_WINDOW.toSeconds() + " s) + " + ROLLBACK_ALLOWANCE.toSeconds()
                        + " s for a rollback, and at most a day more");
            }
            JsonNode rollback = definition.path("States").path("Rollback");
            if (!rollback.isMissingNode()) {
                long attempts = 1;
                long delays = 0;
                for (JsonNode retrier : rollback.path("Retry")) {
                    long retries = retrier.path("MaxAttempts").asLong(3);
                    attempts += retries;
                    delays += retries * retrier.path("MaxDelaySeconds").asLong(LAMBDA_MAX_TIMEOUT_SECONDS);
                }
                long worst = attempts * LAMBDA_MAX_TIMEOUT_SECONDS + delays;
                if (worst > ROLLBACK_ALLOWANCE.toSeconds()) {
                    violations.add("Resources." + id + " (state machine): its Rollback state may take " + attempts
                            + " attempts x " + LAMBDA_MAX_TIMEOUT_SECONDS + " s + " + delays + " s of retry delays = "
                            + worst + " s, beyond the " + ROLLBACK_ALLOWANCE.toSeconds() + " s TimeoutSeconds keeps"
                            + " for it");
                }
            }
        });
        return violations;
    }

    private static JsonNode definition(JsonNode properties) {
        if (properties.path("Definition").isObject()) {
            return properties.path("Definition");
        }
        if (properties.path("DefinitionString").isTextual()) {
            return JsonFiles.parse(properties.path("DefinitionString").asText(), "DefinitionString");
        }
        if (properties.path("DefinitionUri").isTextual()) {
            String file = properties.path("DefinitionUri").asText();
            return JsonFiles.parse(RepoFiles.read(file), file);
        }
        return null;
    }

    /**
     * Every EventBridge rule (a SAM EventBridgeRule or CloudWatchEvent event, or an AWS::Events::Rule) matches only
     * events of the stack's own account and region: {@code account: [!Ref AWS::AccountId]} and
     * {@code region: [!Ref AWS::Region]}.
     */
    public static List<String> eventRulesMatchTheStacksAccountAndRegion(JsonNode template) {
        List<String> violations = new ArrayList<>();
        Map<String, JsonNode> patterns = new LinkedHashMap<>();
        functions(template)
                .forEach((id, function) -> function.path("Properties")
                        .path("Events")
                        .properties()
                        .forEach(event -> {
                            String type = event.getValue().path("Type").asText();
                            if (type.equals("EventBridgeRule") || type.equals("CloudWatchEvent")) {
                                patterns.put(
                                        id + ".Events." + event.getKey(),
                                        event.getValue().path("Properties").path("Pattern"));
                            }
                        }));
        resources(template, "AWS::Events::Rule")
                .forEach((id, rule) -> patterns.put(id, rule.path("Properties").path("EventPattern")));
        patterns.forEach((where, pattern) -> {
            if (pattern.isMissingNode()) {
                return; // a schedule
            }
            for (Map.Entry<String, String> field :
                    Map.of("account", "AWS::AccountId", "region", "AWS::Region").entrySet()) {
                String expected = "[{\"Ref\":\"" + field.getValue() + "\"}]";
                if (!pattern.path(field.getKey()).toString().equals(expected)) {
                    violations.add("Resources." + where + " (event rule): pattern field " + field.getKey() + " is "
                            + pattern.path(field.getKey()) + "; expected [!Ref " + field.getValue() + "], events of"
                            + " the stack's own " + field.getKey() + " only");
                }
            }
        });
        return violations;
    }

    /**
     * The spec parameter may be a SecureString under a customer managed key: a template that reads it has the
     * parameter {@code SpecKmsKeyArn} and the condition {@code HasSpecKmsKey}; every resource granting
     * {@code ssm:GetParameter} also grants {@code kms:Decrypt}, only under {@code HasSpecKmsKey}; and every
     * {@code kms:Decrypt} grant is that one: under {@code HasSpecKmsKey}, on {@code !Ref SpecKmsKeyArn}, with
     * {@code kms:ViaService ssm.<region>.amazonaws.com} (decrypting through Parameter Store only).
     */
    public static List<String> specKeyDecryptsOnlyTheSpec(JsonNode template) {
        List<String> violations = new ArrayList<>();
        Set<String> readers = new TreeSet<>();
        Set<String> decrypters = new TreeSet<>();
        forEachStatement(template, (path, statement, condition) -> {
            if (statement.has("Principal") || isDeny(statement)) {
                return;
            }
            int end = path.indexOf('.', "Resources.".length());
            String owner = end < 0 ? path : path.substring(0, end);
            List<String> actions = texts(statement.path("Action"));
            if (actions.contains("ssm:GetParameter")) {
                readers.add(owner);
            }
            if (!actions.contains("kms:Decrypt")) {
                return;
            }
            decrypters.add(owner);
            if (!"HasSpecKmsKey".equals(condition)) {
                violations.add(
                        path + ": grants kms:Decrypt " + (condition == null ? "unconditionally" : "under " + condition)
                                + "; expected it only under the condition HasSpecKmsKey (SpecKmsKeyArn set)");
            }
            if (!statement.path("Resource").toString().equals("{\"Ref\":\"SpecKmsKeyArn\"}")) {
                violations.add(path + ": grants kms:Decrypt on " + statement.path("Resource")
                        + "; expected !Ref SpecKmsKeyArn alone");
            }
            String via = statement
                    .path("Condition")
                    .path("StringEquals")
                    .path("kms:ViaService")
                    .toString();
            if (!via.equals("{\"Fn::Sub\":\"ssm.${AWS::Region}.amazonaws.com\"}")) {
                violations.add(path + ": grants kms:Decrypt with kms:ViaService " + via + "; expected"
                        + " StringEquals kms:ViaService !Sub ssm.${AWS::Region}.amazonaws.com, so the key decrypts"
                        + " only through Parameter Store");
            }
        });
        if (!readers.isEmpty()) {
            if (!template.path("Parameters")
                    .path("SpecKmsKeyArn")
                    .path("Default")
                    .asText("-")
                    .isEmpty()) {
                violations.add("Parameters.SpecKmsKeyArn: missing, or its Default is not \"\"; expected an optional"
                        + " key ARN");
            }
            if (!template.path("Conditions").has("HasSpecKmsKey")) {
                violations.add("Conditions.HasSpecKmsKey: missing; expected !Not [!Equals [!Ref SpecKmsKeyArn, \"\"]]");
            }
        }
        for (String reader : readers) {
            if (!decrypters.contains(reader)) {
                violations.add(reader + ": reads the spec parameter (ssm:GetParameter) but has no kms:Decrypt for"
                        + " SpecKmsKeyArn; a spec under a customer managed key would be AccessDenied");
            }
        }
        return violations;
    }

    /**
     * The function running the AlarmTriggerHandler (the rollback path) has a literal
     * {@code ReservedConcurrentExecutions} of at least 1: other functions of the account cannot starve it, and an
     * alarm storm cannot take the account's pool.
     */
    public static List<String> alarmTriggerHasReservedConcurrency(JsonNode template) {
        List<String> violations = new ArrayList<>();
        functions(template).forEach((id, function) -> {
            if (!effective(template, function, "Handler").asText("").startsWith(ALARM_TRIGGER_HANDLER + "::")) {
                return;
            }
            JsonNode reserved = function.path("Properties").path("ReservedConcurrentExecutions");
            if (!reserved.canConvertToInt() || reserved.asInt() < 1) {
                violations.add("Resources." + id + " (function " + ALARM_TRIGGER_HANDLER + "): "
                        + "ReservedConcurrentExecutions is " + reserved + "; expected a literal of at least 1");
            }
        });
        return violations;
    }

    /**
     * Every log group keeps its logs when the stack is deleted or the group replaced: {@code DeletionPolicy} and
     * {@code UpdateReplacePolicy} are both {@code Retain} (RetentionInDays, checked by {@link #logsRetained},
     * still expires them).
     */
    public static List<String> logGroupsRetained(JsonNode template) {
        List<String> violations = new ArrayList<>();
        resources(template, "AWS::Logs::LogGroup").forEach((id, group) -> {
            for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
                if (!group.path(policy).asText("").equals("Retain")) {
                    violations.add("Resources." + id + " (log group): " + policy + " is " + group.path(policy)
                            + "; expected Retain: the logs of a deployment outlive the stack, RetentionInDays expires"
                            + " them");
                }
            }
        });
        return violations;
    }

    /**
     * Every function that may read a database secret (so connects to a database: migrations, data-sync checks)
     * carries the RDS CA bundle layer ({@code Layers} naming {@code !Ref DatabaseCaBundleLayerArn}): its connections
     * verify the server against that bundle by default (the spec's {@code databaseTls}), so without the layer they
     * would fail, and an operator would be tempted to turn verification off.
     */
    public static List<String> databaseClientsCarryTheCaBundle(JsonNode template) {
        List<String> violations = new ArrayList<>();
        functions(template).forEach((id, function) -> {
            JsonNode policies = function.path("Properties").path("Policies");
            String role = function.path("Properties")
                    .path("Role")
                    .path("Fn::GetAtt")
                    .path(0)
                    .asText("");
            if (!role.isEmpty()) {
                policies =
                        template.path("Resources").path(role).path("Properties").path("Policies");
            }
            if (!policies.toString().contains("\"secretsmanager:GetSecretValue\"")) {
                return;
            }
            JsonNode layers = effective(template, function, "Layers");
            if (!layers.toString().contains("{\"Ref\":\"DatabaseCaBundleLayerArn\"}")) {
                violations.add("Resources." + id + " (function): reads database secrets but its Layers " + layers
                        + " do not name DatabaseCaBundleLayerArn; its connections verify the database against the RDS"
                        + " CA bundle that layer provides (databaseTls)");
            }
        });
        return violations;
    }

    private static boolean isDeny(JsonNode statement) {
        return statement.path("Effect").asText().equals("Deny");
    }

    // ---- template navigation ------------------------------------------------------------------------------------

    /** Resources of one type, by logical id, in template order. */
    public static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** SAM functions, or the Lambda functions of an expanded template. */
    public static Map<String, JsonNode> functions(JsonNode template) {
        Map<String, JsonNode> found = resources(template, "AWS::Serverless::Function");
        found.putAll(resources(template, "AWS::Lambda::Function"));
        return found;
    }

    static Map<String, JsonNode> stateMachines(JsonNode template) {
        Map<String, JsonNode> found = resources(template, "AWS::Serverless::StateMachine");
        found.putAll(resources(template, "AWS::StepFunctions::StateMachine"));
        return found;
    }

    private static JsonNode stateMachineLogging(JsonNode machine) {
        JsonNode properties = machine.path("Properties");
        return properties.has("Logging") ? properties.path("Logging") : properties.path("LoggingConfiguration");
    }

    private static JsonNode globals(JsonNode template) {
        return template.path("Globals").path("Function");
    }

    /** A function property, falling back to Globals.Function for SAM functions. */
    public static JsonNode effective(JsonNode template, JsonNode function, String property) {
        JsonNode own = function.path("Properties").path(property);
        if (!own.isMissingNode() && !own.isNull()) {
            return own;
        }
        if ("AWS::Serverless::Function".equals(function.path("Type").asText())) {
            return globals(template).path(property);
        }
        return MissingNode.getInstance();
    }

    /** The function's name text: a literal, or the template string of a !Sub. */
    static String nameText(JsonNode name) {
        if (name.isTextual()) {
            return name.asText();
        }
        JsonNode sub = name.path("Fn::Sub");
        if (sub.isTextual()) {
            return sub.asText();
        }
        if (sub.isArray() && sub.path(0).isTextual()) {
            return sub.path(0).asText();
        }
        return "";
    }

    static boolean isCodeDeployHook(JsonNode template, JsonNode function) {
        return nameText(effective(template, function, "FunctionName")).startsWith(HOOK_NAME_PREFIX);
    }

    /**
     * Visits every IAM statement anywhere in the template (function and state machine Policies, roles, managed
     * and resource policies), expanding both branches of an {@code Fn::If} and skipping {@code AWS::NoValue}.
     */
    public static void forEachStatement(JsonNode template, BiConsumer<String, JsonNode> visitor) {
        walk(template, "", (path, statement, condition) -> visitor.accept(path, statement));
    }

    /** A statement, where it is, and the condition of the Fn::If it is a true branch of (null for none). */
    @FunctionalInterface
    public interface StatementVisitor {
        void accept(String path, JsonNode statement, String condition);
    }

    /** {@link #forEachStatement(JsonNode, BiConsumer)}, also naming the condition a statement is granted under. */
    public static void forEachStatement(JsonNode template, StatementVisitor visitor) {
        walk(template, "", visitor);
    }

    private static void walk(JsonNode node, String path, StatementVisitor visitor) {
        walk(node, path, visitor, null);
    }

    /** {@code condition}: the Fn::If branch {@code node} is in (a policy granted only under a condition). */
    private static void walk(JsonNode node, String path, StatementVisitor visitor, String condition) {
        if (node.isObject()) {
            JsonNode statements = node.get("Statement");
            if (statements != null) {
                List<JsonNode> list = new ArrayList<>();
                if (statements.isArray()) {
                    statements.forEach(list::add);
                } else {
                    list.add(statements);
                }
                for (int i = 0; i < list.size(); i++) {
                    String where = path + ".Statement[" + i + "]" + (list.get(i).has("Fn::If") ? " (in Fn::If)" : "");
                    for (Map.Entry<JsonNode, String> statement : expandIf(list.get(i), condition)) {
                        visitor.accept(
                                where.startsWith(".") ? where.substring(1) : where,
                                statement.getKey(),
                                statement.getValue());
                    }
                }
            }
            node.properties().forEach(e -> {
                JsonNode value = e.getValue();
                String at = path + "." + e.getKey();
                // a key policy is the key's own resource policy (its Resource "*" is the key itself), not a grant
                // of what the stack's code may do: deadLetterQueuesAlarmed reads the one this template has
                if (e.getKey().equals("Statement") || e.getKey().equals("KeyPolicy")) {
                    return;
                }
                if (e.getKey().equals("Fn::If") && value.isArray() && value.size() == 3) {
                    String name = value.get(0).asText();
                    walk(value.get(1), at + "[1]", visitor, name);
                    walk(value.get(2), at + "[2]", visitor, "!" + name);
                } else {
                    walk(value, at, visitor, condition);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor, condition);
            }
        }
    }

    /** The statements of both branches, each with the condition it is granted under ("!C" for a false branch). */
    private static List<Map.Entry<JsonNode, String>> expandIf(JsonNode node, String condition) {
        if (node.isObject()
                && node.size() == 1
                && node.has("Fn::If")
                && node.get("Fn::If").size() == 3) {
            String name = node.get("Fn::If").get(0).asText();
            List<Map.Entry<JsonNode, String>> branches =
                    new ArrayList<>(expandIf(node.get("Fn::If").get(1), name));
            branches.addAll(expandIf(node.get("Fn::If").get(2), "!" + name));
            return branches;
        }
        if (node.isObject()
                && node.size() == 1
                && "AWS::NoValue".equals(node.path("Ref").asText())) {
            return List.of();
        }
        List<Map.Entry<JsonNode, String>> one = new ArrayList<>();
        one.add(new java.util.AbstractMap.SimpleEntry<>(node, condition));
        return one;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(item -> {
                if (item.isTextual()) {
                    texts.add(item.asText());
                }
            });
        }
        return texts;
    }
}
