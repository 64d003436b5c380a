package dev.cutover.tests.template;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.tests.support.CfnYaml;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template as a security reviewer reads it (issue 12): the workflow times out, log delivery is scoped as far as
 * CloudWatch Logs allows, the dead-letter queue refuses plain HTTP and pages at its first message, the alarm rule
 * hears only its own account and region, a customer managed key on the spec is usable only through Parameter
 * Store, database clients carry the RDS CA bundle their connections verify against, the rollback path has reserved
 * concurrency, and log groups are retained. Each rule passes on
 * {@code template.yaml} and fails on a copy with that one protection removed or widened, naming the resource and
 * the property at fault.
 */
class TemplateSecurityReviewTest {

    static JsonNode template;

    @BeforeAll
    static void parse() {
        template = CfnYaml.parse(RepoFiles.read("template.yaml"));
    }

    /** One protection broken in a copy of the template, the rule that must notice, and what it must name. */
    record Mutation(Function<JsonNode, List<String>> rule, Consumer<ObjectNode> breakIt, List<String> named) {}

    static Stream<Arguments> mutations() {
        return Stream.of(
                // ---- the workflow times out
                mutation(
                        "the definition without TimeoutSeconds",
                        TemplateRules::stateMachineTimesOut,
                        t -> inlineDefinition(t).remove("TimeoutSeconds"),
                        "DeploymentStateMachine",
                        "no TimeoutSeconds"),
                mutation(
                        "a TimeoutSeconds shorter than the longest plan (one hook window)",
                        TemplateRules::stateMachineTimesOut,
                        t -> inlineDefinition(t).put("TimeoutSeconds", 3600),
                        "DeploymentStateMachine",
                        "TimeoutSeconds 3600 s"),
                mutation(
                        "a TimeoutSeconds of a year (the default: bounds nothing)",
                        TemplateRules::stateMachineTimesOut,
                        t -> inlineDefinition(t).put("TimeoutSeconds", 31_536_000),
                        "DeploymentStateMachine",
                        "TimeoutSeconds 31536000 s"),
                mutation(
                        "a Rollback retried beyond what TimeoutSeconds keeps for it",
                        TemplateRules::stateMachineTimesOut,
                        t -> ((ObjectNode) inlineDefinition(t)
                                        .path("States")
                                        .path("Rollback")
                                        .path("Retry")
                                        .path(1))
                                .put("MaxAttempts", 20),
                        "DeploymentStateMachine",
                        "Rollback state"),
                // ---- log delivery: "*" only where CloudWatch Logs has no resource type
                mutation(
                        "logs:PutResourcePolicy widened to \"*\"",
                        TemplateRules::wildcardResourcesOnlyForAllowedActions,
                        logResourcePolicyOn("*"),
                        "DeploymentStateMachine",
                        "logs:PutResourcePolicy"),
                mutation(
                        "logs:DescribeLogGroups on every account's log groups",
                        TemplateRules::actionsScopedToTheirResources,
                        logResourcePolicyOn("arn:aws:logs:*:*:log-group:*"),
                        "DeploymentStateMachine",
                        "logs:DescribeLogGroups"),
                // ---- the dead-letter queue
                mutation(
                        "the queue policy without its TLS Deny",
                        TemplateRules::queuesDenyInsecureTransport,
                        t -> removeSid(t, "DeadLetterQueuePolicy", "DenyInsecureTransport"),
                        "DeadLetterQueue",
                        "aws:SecureTransport"),
                mutation(
                        "the TLS Deny turned around (denies TLS, lets plain HTTP through)",
                        TemplateRules::queuesDenyInsecureTransport,
                        t -> ((ObjectNode) sid(t, "DeadLetterQueuePolicy", "DenyInsecureTransport")
                                        .path("Condition")
                                        .path("Bool"))
                                .put("aws:SecureTransport", "true"),
                        "DeadLetterQueue",
                        "without TLS"),
                mutation(
                        "the TLS Deny for one action only",
                        TemplateRules::queuesDenyInsecureTransport,
                        t -> sid(t, "DeadLetterQueuePolicy", "DenyInsecureTransport")
                                .put("Action", "sqs:ReceiveMessage"),
                        "DeadLetterQueue",
                        "sqs:*"),
                mutation(
                        "a depth alarm that waits for ten dead letters",
                        TemplateRules::deadLetterQueuesAlarmed,
                        t -> properties(t, "DeadLetterQueueAlarm").put("Threshold", 10),
                        "DeadLetterQueueAlarm",
                        "GreaterThanOrEqualToThreshold 10"),
                mutation(
                        "a depth alarm on the average",
                        TemplateRules::deadLetterQueuesAlarmed,
                        t -> properties(t, "DeadLetterQueueAlarm").put("Statistic", "Average"),
                        "DeadLetterQueueAlarm",
                        "Statistic Maximum"),
                // ---- the alarm rule hears its own account and region only
                mutation(
                        "an alarm rule matching any account",
                        TemplateRules::eventRulesMatchTheStacksAccountAndRegion,
                        t -> alarmPattern(t).remove("account"),
                        "AlarmTriggerFunction.Events.AlarmStateChange",
                        "account"),
                mutation(
                        "an alarm rule pinned to a region literal instead of the stack's",
                        TemplateRules::eventRulesMatchTheStacksAccountAndRegion,
                        t -> alarmPattern(t).putArray("region").add("us-east-1"),
                        "AlarmTriggerFunction.Events.AlarmStateChange",
                        "region"),
                // ---- the spec's customer managed key
                mutation(
                        "kms:Decrypt without kms:ViaService (usable outside Parameter Store)",
                        TemplateRules::specKeyDecryptsOnlyTheSpec,
                        t -> sid(t, "ValidateAndLockFunction", "DecryptSpec").remove("Condition"),
                        "ValidateAndLockFunction",
                        "kms:ViaService"),
                mutation(
                        "kms:Decrypt through another service",
                        TemplateRules::specKeyDecryptsOnlyTheSpec,
                        t -> ((ObjectNode) sid(t, "RollbackFunction", "DecryptSpec")
                                        .path("Condition")
                                        .path("StringEquals"))
                                .putObject("kms:ViaService")
                                .put("Fn::Sub", "secretsmanager.${AWS::Region}.amazonaws.com"),
                        "RollbackFunction",
                        "kms:ViaService"),
                mutation(
                        "kms:Decrypt on every key",
                        TemplateRules::specKeyDecryptsOnlyTheSpec,
                        t -> sid(t, "BeforeInstallFunction", "DecryptSpec").put("Resource", "*"),
                        "BeforeInstallFunction",
                        "!Ref SpecKmsKeyArn alone"),
                mutation(
                        "kms:Decrypt granted when no key is named",
                        TemplateRules::specKeyDecryptsOnlyTheSpec,
                        t -> unwrapIf(t, "JudgeHealthFunction", "DecryptSpec"),
                        "JudgeHealthFunction",
                        "unconditionally"),
                mutation(
                        "a spec reader without the kms:Decrypt grant",
                        TemplateRules::specKeyDecryptsOnlyTheSpec,
                        t -> removeSid(t, "AlarmTriggerFunction", "DecryptSpec"),
                        "AlarmTriggerFunction",
                        "no kms:Decrypt"),
                mutation(
                        "no SpecKmsKeyArn parameter",
                        TemplateRules::specKeyDecryptsOnlyTheSpec,
                        t -> ((ObjectNode) t.path("Parameters")).remove("SpecKmsKeyArn"),
                        "Parameters.SpecKmsKeyArn",
                        "Default"),
                // ---- the rollback path's concurrency
                mutation(
                        "AlarmTrigger without reserved concurrency",
                        TemplateRules::alarmTriggerHasReservedConcurrency,
                        t -> properties(t, "AlarmTriggerFunction").remove("ReservedConcurrentExecutions"),
                        "AlarmTriggerFunction",
                        "ReservedConcurrentExecutions"),
                mutation(
                        "AlarmTrigger with reserved concurrency 0 (never runs)",
                        TemplateRules::alarmTriggerHasReservedConcurrency,
                        t -> properties(t, "AlarmTriggerFunction").put("ReservedConcurrentExecutions", 0),
                        "AlarmTriggerFunction",
                        "ReservedConcurrentExecutions is 0"),
                // ---- database connections verify TLS against the RDS CA bundle
                mutation(
                        "a database client without the CA bundle layer",
                        TemplateRules::databaseClientsCarryTheCaBundle,
                        t -> properties(t, "BeforeInstallFunction").remove("Layers"),
                        "BeforeInstallFunction",
                        "DatabaseCaBundleLayerArn"),
                mutation(
                        "a database client with another layer instead",
                        TemplateRules::databaseClientsCarryTheCaBundle,
                        t -> properties(t, "EcsLifecycleHookFunction")
                                .putArray("Layers")
                                .add("arn:aws:lambda:us-east-1:123456789012:layer:other:1"),
                        "EcsLifecycleHookFunction",
                        "Layers"),
                // ---- log groups
                mutation(
                        "a log group without RetentionInDays",
                        TemplateRules::logsRetained,
                        t -> properties(t, "StateMachineLogGroup").remove("RetentionInDays"),
                        "StateMachineLogGroup",
                        "RetentionInDays"),
                mutation(
                        "a log group deleted with the stack",
                        TemplateRules::logGroupsRetained,
                        t -> ((ObjectNode) t.path("Resources").path("AlarmTriggerLogGroup"))
                                .put("DeletionPolicy", "Delete"),
                        "AlarmTriggerLogGroup",
                        "DeletionPolicy"),
                mutation(
                        "a log group without UpdateReplacePolicy",
                        TemplateRules::logGroupsRetained,
                        t -> ((ObjectNode) t.path("Resources").path("QueryLogGroup")).remove("UpdateReplacePolicy"),
                        "QueryLogGroup",
                        "UpdateReplacePolicy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void aBrokenProtectionIsReportedNamingTheResourceAndProperty(Mutation mutation) {
        // given the template, which this rule passes
        assertThat(mutation.rule().apply(template)).isEmpty();
        // when one protection is removed or widened in a copy
        ObjectNode broken = template.deepCopy();
        mutation.breakIt().accept(broken);
        // then the rule reports it, naming the resource and the property
        List<String> violations = mutation.rule().apply(broken);
        assertThat(violations).isNotEmpty();
        assertThat(violations).anySatisfy(v -> assertThat(v).contains(mutation.named()));
    }

    @Test
    void theTemplatePassesEveryRule() {
        assertThat(TemplateRules.check(template)).isEmpty();
    }

    @Test
    void theTimeoutIsTheLongestPlanPlusTheRollbackAllowance() {
        // 1 h hook window (SpecReader caps hookWindowSeconds there) + 24 h rollback window + 4 h for a rollback
        assertThat(TemplateRules.STATE_MACHINE_TIMEOUT_FLOOR.toSeconds()).isEqualTo(3600 + 86_400 + 14_400);
        assertThat(JsonFiles.read("statemachine/deployment.asl.json")
                        .path("TimeoutSeconds")
                        .asLong())
                .isEqualTo(TemplateRules.STATE_MACHINE_TIMEOUT_FLOOR.toSeconds());
    }

    @Test
    void everyFunctionReadingTheSpecMayDecryptItWithTheNamedKeyOnly() {
        List<String> readers = new ArrayList<>();
        List<String> decrypters = new ArrayList<>();
        TemplateRules.functions(template).forEach((id, function) -> {
            String policies = function.path("Properties").path("Policies").toString();
            if (policies.contains("\"ssm:GetParameter\"")) {
                readers.add(id);
            }
            if (policies.contains("\"Sid\":\"DecryptSpec\"")) {
                decrypters.add(id);
            }
        });
        assertThat(readers).hasSizeGreaterThan(10);
        assertThat(decrypters).isEqualTo(readers);
        assertThat(template.path("Conditions").path("HasSpecKmsKey").toString())
                .isEqualTo("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"SpecKmsKeyArn\"},\"\"]}]}");
    }

    // ---- mutations ----------------------------------------------------------------------------------------------

    private static Arguments mutation(
            String name,
            Function<JsonNode, List<String>> rule,
            Consumer<ObjectNode> breakIt,
            String resource,
            String property) {
        return Arguments.of(Named.of(name, new Mutation(rule, breakIt, List.of(resource, property))));
    }

    private static ObjectNode properties(ObjectNode t, String id) {
        return (ObjectNode) t.path("Resources").path(id).path("Properties");
    }

    /** Inlines the state machine's definition file as {@code Definition} and returns it, to be changed. */
    private static ObjectNode inlineDefinition(ObjectNode t) {
        ObjectNode machine = properties(t, "DeploymentStateMachine");
        String file = machine.remove("DefinitionUri").asText();
        ObjectNode definition = (ObjectNode) JsonFiles.read(file);
        machine.set("Definition", definition);
        return definition;
    }

    /** The state machine's log-resource-policy statement moved onto another resource. */
    private static Consumer<ObjectNode> logResourcePolicyOn(String resource) {
        return t ->
                sid(t, "DeploymentStateMachine", "MaintainLogResourcePolicy").put("Resource", resource);
    }

    private static ObjectNode alarmPattern(ObjectNode t) {
        return (ObjectNode) properties(t, "AlarmTriggerFunction")
                .path("Events")
                .path("AlarmStateChange")
                .path("Properties")
                .path("Pattern");
    }

    /** The statement with this Sid anywhere in the resource, in an Fn::If branch or not. */
    private static ObjectNode sid(ObjectNode t, String resource, String sid) {
        JsonNode found = t.path("Resources").path(resource).findParents("Sid").stream()
                .filter(statement -> statement.path("Sid").asText().equals(sid))
                .findFirst()
                .orElseThrow(() -> new AssertionError(resource + " has no statement " + sid));
        return (ObjectNode) found;
    }

    /** Removes the statement with this Sid, or the Fn::If around it, from its Statement list. */
    private static void removeSid(ObjectNode t, String resource, String sid) {
        ObjectNode statement = sid(t, resource, sid);
        for (JsonNode list : t.path("Resources").path(resource).findValues("Statement")) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (item == statement || item.path("Fn::If").path(1) == statement) {
                    ((ArrayNode) list).remove(i);
                    return;
                }
            }
        }
        throw new AssertionError(sid + " is in no Statement list of " + resource);
    }

    /** Replaces the Fn::If around the statement with this Sid by the statement itself: granted unconditionally. */
    private static void unwrapIf(ObjectNode t, String resource, String sid) {
        ObjectNode statement = sid(t, resource, sid);
        for (JsonNode list : t.path("Resources").path(resource).findValues("Statement")) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).path("Fn::If").path(1) == statement) {
                    ((ArrayNode) list).set(i, statement);
                    return;
                }
            }
        }
        throw new AssertionError(sid + " of " + resource + " is not in an Fn::If");
    }
}
