package dev.cutover.tests.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.cutover.tests.support.CfnYaml;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy rules over {@code template.yaml} as written (SAM form): least-privilege IAM, encryption, logs, async
 * failure destinations, runtime, timeouts, state machine observability. {@link Mutations} proves each rule can
 * fail by breaking a copy of the template in memory.
 */
class TemplatePolicyTest {

    static final Map<String, String> EXPECTED_HANDLERS = new TreeMap<>(Map.ofEntries(
            Map.entry("BeforeInstallFunction", "dev.cutover.handlers.BeforeInstallHandler::handleRequest"),
            Map.entry("AfterInstallFunction", "dev.cutover.handlers.AfterInstallHandler::handleRequest"),
            Map.entry(
                    "AfterAllowTestTrafficFunction",
                    "dev.cutover.handlers.AfterAllowTestTrafficHandler::handleRequest"),
            Map.entry("BeforeAllowTrafficFunction", "dev.cutover.handlers.BeforeAllowTrafficHandler::handleRequest"),
            Map.entry("AfterAllowTrafficFunction", "dev.cutover.handlers.AfterAllowTrafficHandler::handleRequest"),
            Map.entry("EcsLifecycleHookFunction", "dev.cutover.handlers.EcsLifecycleHookHandler::handleRequest"),
            Map.entry("ValidateAndLockFunction", "dev.cutover.handlers.workflow.ValidateAndLockHandler::handleRequest"),
            Map.entry(
                    "PreTrafficChecksFunction", "dev.cutover.handlers.workflow.PreTrafficChecksHandler::handleRequest"),
            Map.entry("ShiftTrafficFunction", "dev.cutover.handlers.workflow.ShiftTrafficHandler::handleRequest"),
            Map.entry("JudgeHealthFunction", "dev.cutover.handlers.workflow.JudgeHealthHandler::handleRequest"),
            Map.entry(
                    "PostTrafficChecksFunction",
                    "dev.cutover.handlers.workflow.PostTrafficChecksHandler::handleRequest"),
            Map.entry("FinalizeFunction", "dev.cutover.handlers.workflow.FinalizeHandler::handleRequest"),
            Map.entry("RollbackFunction", "dev.cutover.handlers.workflow.RollbackHandler::handleRequest"),
            Map.entry("AlarmTriggerFunction", "dev.cutover.handlers.AlarmTriggerHandler::handleRequest"),
            Map.entry("QueryFunction", "dev.cutover.handlers.QueryHandler::handleRequest"),
            Map.entry("AbortFunction", "dev.cutover.handlers.AbortHandler::handleRequest"),
            Map.entry("RequestApprovalFunction", "dev.cutover.handlers.workflow.RequestApprovalHandler::handleRequest"),
            Map.entry(
                    "CloseRollbackWindowFunction",
                    "dev.cutover.handlers.workflow.CloseRollbackWindowHandler::handleRequest")));

    static JsonNode template;

    @BeforeAll
    static void parse() {
        template = CfnYaml.parse(RepoFiles.read("template.yaml"));
    }

    static ObjectNode copy() {
        return template.deepCopy();
    }

    static ObjectNode resourceProperties(ObjectNode t, String id) {
        return (ObjectNode) t.path("Resources").path(id).path("Properties");
    }

    @Test
    void theTemplateBreaksNoRule() {
        assertThat(TemplateRules.check(template)).isEmpty();
    }

    @Test
    void everyFunctionRunsTheHandlerItIsNamedFor() {
        Map<String, String> handlers = new TreeMap<>();
        TemplateRules.functions(template)
                .forEach((id, fn) ->
                        handlers.put(id, fn.path("Properties").path("Handler").asText()));
        assertThat(handlers).isEqualTo(EXPECTED_HANDLERS);
    }

    @Test
    void globalsSetTheJarSnapStartTracingAndJsonLogs() {
        JsonNode globals = template.path("Globals").path("Function");
        assertThat(globals.path("CodeUri").asText()).isEqualTo("functions/handlers/target/cutover-functions.jar");
        assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(globals.path("Tracing").asText()).isEqualTo("Active");
        assertThat(globals.path("LoggingConfig").path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(globals.path("Architectures").toString()).isIn("[\"arm64\"]", "[\"x86_64\"]");
        JsonNode variables = globals.path("Environment").path("Variables");
        assertThat(variables.path("POWERTOOLS_SERVICE_NAME").asText()).isNotBlank();
        assertThat(variables.path("CUTOVER_SPEC_PARAMETER").path("Ref").asText())
                .isEqualTo("SpecParameterName");
        assertThat(variables.path("JAVA_TOOL_OPTIONS").asText()).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theLedgerIsOnDemandEncryptedRecoverableAndExpiresLocks() {
        JsonNode table = template.path("Resources").path("LedgerTable").path("Properties");
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.path("SSESpecification").path("SSEEnabled").asBoolean())
                .isTrue();
        assertThat(table.path("PointInTimeRecoverySpecification")
                        .path("PointInTimeRecoveryEnabled")
                        .asBoolean())
                .isTrue();
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText())
                .isEqualTo("ttl");
        assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean())
                .isTrue();
        assertThat(table.path("KeySchema").toString()).isEqualTo("[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]");
        assertThat(table.path("AttributeDefinitions").toString())
                .isEqualTo("[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},"
                        + "{\"AttributeName\":\"service\",\"AttributeType\":\"S\"},"
                        + "{\"AttributeName\":\"startedAt\",\"AttributeType\":\"S\"}]");
        JsonNode history = table.path("GlobalSecondaryIndexes").path(0);
        assertThat(history.path("IndexName").asText()).isEqualTo("ServiceStartedAt");
        assertThat(history.path("KeySchema").toString())
                .isEqualTo("[{\"AttributeName\":\"service\",\"KeyType\":\"HASH\"},"
                        + "{\"AttributeName\":\"startedAt\",\"KeyType\":\"RANGE\"}]");
        assertThat(history.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
    }

    @Test
    void theAlarmRuleMatchesOnlyAlarmTransitionsOfTheServicesAlarms() {
        JsonNode event = template.path("Resources")
                .path("AlarmTriggerFunction")
                .path("Properties")
                .path("Events")
                .path("AlarmStateChange");
        assertThat(event.path("Type").asText()).isEqualTo("EventBridgeRule");
        JsonNode pattern = event.path("Properties").path("Pattern");
        assertThat(pattern.path("source").toString()).isEqualTo("[\"aws.cloudwatch\"]");
        assertThat(pattern.path("detail-type").toString()).isEqualTo("[\"CloudWatch Alarm State Change\"]");
        assertThat(pattern.path("detail").path("state").path("value").toString())
                .isEqualTo("[\"ALARM\"]");
        assertThat(pattern.path("detail").path("alarmName").toString())
                .isEqualTo("[{\"prefix\":{\"Ref\":\"AlarmNamePrefix\"}}]");
        assertThat(event.path("Properties").path("DeadLetterConfig").path("Arn").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"DeadLetterQueue\",\"Arn\"]}");
    }

    @Test
    void everyParameterAndOutputIsDescribed() {
        List<String> undocumented = new ArrayList<>();
        for (String section : List.of("Parameters", "Outputs")) {
            template.path(section).properties().forEach(e -> {
                if (e.getValue().path("Description").asText("").isBlank()) {
                    undocumented.add(section + "." + e.getKey());
                }
            });
        }
        assertThat(undocumented).isEmpty();
        assertThat(new TreeSet<>(iterableKeys(template.path("Parameters"))))
                .contains(
                        "ProductionListenerArn",
                        "TestListenerArn",
                        "TargetGroupArnA",
                        "TargetGroupArnB",
                        "AlarmNamePrefix",
                        "SpecParameterName",
                        "DatabaseSecretArns");
        assertThat(template.path("Parameters")
                        .path("DatabaseSecretArns")
                        .path("Type")
                        .asText())
                .isEqualTo("CommaDelimitedList");
    }

    @Test
    void theStarResourceAllowListGivesAReasonForEveryAction() {
        assertThat(TemplateRules.ACTIONS_ALLOWED_ON_ANY_RESOURCE).allSatisfy((action, reason) -> {
            assertThat(action).matches("[a-z0-9-]+:[A-Za-z]+");
            assertThat(reason).isNotBlank();
        });
    }

    private static List<String> iterableKeys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Each rule, shown to fail on a template broken in one place. */
    @Nested
    class Mutations {

        @ParameterizedTest
        @ValueSource(strings = {"*", "ssm:*"})
        void aWildcardActionIsReported(String action) {
            ObjectNode t = copy();
            statement(t, "ValidateAndLockFunction", 0).put("Action", action);
            assertThat(TemplateRules.noWildcardActions(t))
                    .singleElement()
                    .asString()
                    .contains("ValidateAndLockFunction")
                    .contains("\"" + action + "\"");
        }

        @Test
        void aWildcardActionHiddenInAnIfBranchIsReported() {
            ObjectNode t = copy();
            ArrayNode statements = (ArrayNode) resourceProperties(t, "ShiftTrafficFunction")
                    .path("Policies")
                    .path(0)
                    .path("Statement");
            ObjectNode ruleBranch =
                    (ObjectNode) statements.path(3).path("Fn::If").path(1);
            ruleBranch.put("Action", "elasticloadbalancing:*");
            assertThat(TemplateRules.noWildcardActions(t))
                    .singleElement()
                    .asString()
                    .contains("ShiftTrafficFunction")
                    .contains("(in Fn::If)");
        }

        @Test
        void notActionIsReported() {
            ObjectNode t = copy();
            ObjectNode statement = statement(t, "JudgeHealthFunction", 0);
            statement.set("NotAction", statement.remove("Action"));
            assertThat(TemplateRules.noWildcardActions(t))
                    .singleElement()
                    .asString()
                    .contains("NotAction");
        }

        @Test
        void aStarResourceForAnActionWithResourceLevelPermissionsIsReported() {
            ObjectNode t = copy();
            statement(t, "ValidateAndLockFunction", 0).put("Resource", "*");
            assertThat(TemplateRules.wildcardResourcesOnlyForAllowedActions(t))
                    .singleElement()
                    .asString()
                    .contains("ssm:GetParameter")
                    .contains("ValidateAndLockFunction");
        }

        @Test
        void aStarResourceInAListIsReportedToo() {
            ObjectNode t = copy();
            statement(t, "FinalizeFunction", 1).putArray("Resource").add("*");
            assertThat(TemplateRules.wildcardResourcesOnlyForAllowedActions(t))
                    .singleElement()
                    .asString()
                    .contains("codedeploy:PutLifecycleEventHookExecutionStatus");
        }

        @Test
        void anActionScopedToTheWrongResourceIsReported() {
            ObjectNode t = copy();
            // ModifyListener on the test listener: green-only traffic must never be shifted by the workflow
            statement(t, "ShiftTrafficFunction", 2).putObject("Resource").put("Ref", "TestListenerArn");
            assertThat(TemplateRules.actionsScopedToTheirResources(t))
                    .singleElement()
                    .asString()
                    .contains("elasticloadbalancing:ModifyListener")
                    .contains("ProductionListenerArn");
        }

        @Test
        void anUnreviewedActionIsReported() {
            ObjectNode t = copy();
            statement(t, "JudgeHealthFunction", 3)
                    .putArray("Action")
                    .add("cloudwatch:GetMetricData")
                    .add("cloudwatch:PutMetricAlarm");
            assertThat(TemplateRules.actionsScopedToTheirResources(t))
                    .singleElement()
                    .asString()
                    .contains("cloudwatch:PutMetricAlarm")
                    .contains("not a reviewed action");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "NotificationTopic:KmsMasterKeyId",
                    "DeadLetterQueue:SqsManagedSseEnabled",
                    "LedgerTable:SSESpecification"
                })
        void removingEncryptionIsReported(String resourceAndProperty) {
            String[] parts = resourceAndProperty.split(":");
            ObjectNode t = copy();
            resourceProperties(t, parts[0]).remove(parts[1]);
            assertThat(TemplateRules.encryptedAtRest(t))
                    .singleElement()
                    .asString()
                    .contains(parts[0]);
        }

        @Test
        void aLogGroupWithoutRetentionIsReported() {
            ObjectNode t = copy();
            resourceProperties(t, "RollbackLogGroup").remove("RetentionInDays");
            assertThat(TemplateRules.logsRetained(t)).singleElement().asString().contains("RollbackLogGroup");
        }

        @Test
        void aFunctionLoggingToItsDefaultLogGroupIsReported() {
            ObjectNode t = copy();
            resourceProperties(t, "JudgeHealthFunction").remove("LoggingConfig");
            assertThat(TemplateRules.logsRetained(t)).singleElement().asString().contains("JudgeHealthFunction");
        }

        @Test
        void aStateMachineLoggingElsewhereIsReported() {
            ObjectNode t = copy();
            ObjectNode destination = (ObjectNode) resourceProperties(t, "DeploymentStateMachine")
                    .path("Logging")
                    .path("Destinations")
                    .path(0)
                    .path("CloudWatchLogsLogGroup");
            destination.put("LogGroupArn", "arn:aws:logs:us-east-1:123456789012:log-group:elsewhere");
            assertThat(TemplateRules.logsRetained(t)).singleElement().asString().contains("DeploymentStateMachine");
        }

        @ParameterizedTest
        @ValueSource(strings = {"BeforeInstallFunction", "AfterAllowTrafficFunction", "AlarmTriggerFunction"})
        void anAsyncFunctionWithoutFailureDestinationIsReported(String function) {
            ObjectNode t = copy();
            resourceProperties(t, function).remove("EventInvokeConfig");
            assertThat(TemplateRules.asyncFunctionsHaveFailureDestination(t))
                    .singleElement()
                    .asString()
                    .contains(function);
        }

        @Test
        void aDeadLetterQueueWithoutAnAlarmIsReported() {
            ObjectNode t = copy();
            ((ObjectNode) t.path("Resources")).remove("DeadLetterQueueAlarm");
            assertThat(TemplateRules.deadLetterQueuesAlarmed(t))
                    .singleElement()
                    .asString()
                    .contains("DeadLetterQueue")
                    .contains("no CloudWatch alarm");
        }

        @Test
        void aDeadLetterAlarmPublishingToATopicCloudWatchCannotUseIsReported() {
            ObjectNode t = copy();
            ObjectNode alarm = resourceProperties(t, "DeadLetterQueueAlarm");
            alarm.putArray("AlarmActions").addObject().put("Ref", "NotificationTopic");
            assertThat(TemplateRules.deadLetterQueuesAlarmed(t))
                    .singleElement()
                    .asString()
                    .contains("alias/aws/sns");
        }

        @Test
        void aDeadLetterQueueAlsoCountsAsAFailureDestination() {
            ObjectNode t = copy();
            ObjectNode hook = resourceProperties(t, "AfterInstallFunction");
            hook.remove("EventInvokeConfig");
            hook.putObject("DeadLetterQueue").put("Type", "SQS");
            assertThat(TemplateRules.asyncFunctionsHaveFailureDestination(t))
                    .singleElement()
                    .asString()
                    .contains("AfterInstallFunction");
            ((ObjectNode) hook.path("DeadLetterQueue"))
                    .putObject("TargetArn")
                    .putArray("Fn::GetAtt")
                    .add("DeadLetterQueue")
                    .add("Arn");
            assertThat(TemplateRules.asyncFunctionsHaveFailureDestination(t)).isEmpty();
        }

        @Test
        void anOlderRuntimeInGlobalsIsReportedForEveryFunction() {
            ObjectNode t = copy();
            ((ObjectNode) t.path("Globals").path("Function")).put("Runtime", "java17");
            assertThat(TemplateRules.runtimeIsJava21(t)).hasSize(EXPECTED_HANDLERS.size());
        }

        @Test
        void aFunctionOverridingTheRuntimeIsReported() {
            ObjectNode t = copy();
            resourceProperties(t, "FinalizeFunction").put("Runtime", "java11");
            assertThat(TemplateRules.runtimeIsJava21(t))
                    .singleElement()
                    .asString()
                    .contains("FinalizeFunction")
                    .contains("java11");
        }

        @Test
        void aTimeoutBeyondLambdasMaximumIsReported() {
            ObjectNode t = copy();
            resourceProperties(t, "ShiftTrafficFunction").put("Timeout", 901);
            assertThat(TemplateRules.timeoutsFitTheHookWindow(t))
                    .singleElement()
                    .asString()
                    .contains("ShiftTrafficFunction")
                    .contains("outside Lambda's 1..900 s");
        }

        @Test
        void aHookWhoseEventsMayReportAfterTheHookWindowIsReported() {
            ObjectNode t = copy();
            ObjectNode invokeConfig =
                    (ObjectNode) resourceProperties(t, "AfterInstallFunction").path("EventInvokeConfig");
            invokeConfig.put("MaximumEventAgeInSeconds", 2701);
            assertThat(TemplateRules.timeoutsFitTheHookWindow(t))
                    .singleElement()
                    .asString()
                    .contains("AfterInstallFunction")
                    .contains("2701 s old")
                    .contains("3601 s");
            invokeConfig.remove("MaximumEventAgeInSeconds");
            assertThat(TemplateRules.timeoutsFitTheHookWindow(t))
                    .singleElement()
                    .asString()
                    .contains("21600 s old")
                    .contains("unset");
        }

        @Test
        void aHookFunctionWithoutTheCodeDeployPrefixIsReported() {
            ObjectNode t = copy();
            resourceProperties(t, "AfterAllowTestTrafficFunction")
                    .putObject("FunctionName")
                    .put("Fn::Sub", "${ServiceName}-AfterAllowTestTraffic");
            assertThat(TemplateRules.hookFunctionsNamedForCodeDeploy(t))
                    .singleElement()
                    .asString()
                    .contains("AfterAllowTestTrafficFunction")
                    .contains("CodeDeployHook_");
        }

        @Test
        void aStateMachineWithoutTracingOrWithLoggingOffIsReported() {
            ObjectNode t = copy();
            ObjectNode machine = resourceProperties(t, "DeploymentStateMachine");
            machine.remove("Tracing");
            ((ObjectNode) machine.path("Logging")).put("Level", "OFF");
            ((ObjectNode) machine.path("Logging")).put("IncludeExecutionData", true);
            assertThat(TemplateRules.stateMachineObservable(t)).hasSize(3);
        }

        @Test
        void aStateMachineAllowedToInvokeAnotherFunctionIsReported() {
            ObjectNode t = copy();
            ((ArrayNode) resourceProperties(t, "DeploymentStateMachine").path("Policies"))
                    .addObject()
                    .putObject("LambdaInvokePolicy")
                    .putObject("FunctionName")
                    .put("Ref", "AlarmTriggerFunction");
            assertThat(TemplateRules.stateMachineInvokesOnlyItsTasks(t))
                    .singleElement()
                    .asString()
                    .contains("AlarmTriggerFunction");
        }

        @Test
        void everyMutationAboveStartsFromACleanTemplate() {
            // the copies are deep: the shared parse is untouched by the tests above
            assertThat(TemplateRules.check(template)).isEmpty();
            assertThat(JsonFiles.write(template)).doesNotContain("java17", "ssm:*");
        }

        private ObjectNode statement(ObjectNode t, String function, int index) {
            JsonNode policies = resourceProperties(t, function).path("Policies");
            for (JsonNode policy : policies) {
                if (policy.has("Statement")) {
                    return (ObjectNode) policy.path("Statement").path(index);
                }
            }
            throw new AssertionError(function + " has no inline Statement policy");
        }
    }
}
