package dev.cutover.tests.template;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cutover.tests.support.ExternalTool;
import dev.cutover.tests.support.ExternalTool.Result;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expands template.yaml with the SAM translator (offline, through cfn-lint's wrapper: sam_expand.py) and applies
 * the policy rules to what CloudFormation would actually create: the generated roles (with SAM's policy templates
 * and managed policies), invoke configs, aliases and any queue SAM adds. Fails without python3 + cfn-lint +
 * aws-sam-translator when CI=true, skips otherwise.
 */
class SamExpandedTemplateTest {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final Set<String> ASYNC_FUNCTIONS = Set.of(
            "BeforeInstallFunction",
            "AfterInstallFunction",
            "AfterAllowTestTrafficFunction",
            "BeforeAllowTrafficFunction",
            "AfterAllowTrafficFunction",
            "AlarmTriggerFunction");

    static JsonNode expanded;

    @BeforeEach
    void expandOnce() {
        ExternalTool.require(
                "pip install cfn-lint aws-sam-translator", "python3", "-c", "import cfnlint.decode, samtranslator");
        if (expanded == null) {
            expanded = expand(RepoFiles.resolve("template.yaml"));
        }
    }

    static JsonNode expand(Path template) {
        Result result = ExternalTool.run(
                template.getParent(),
                TIMEOUT,
                "python3",
                script().toString(),
                template.getFileName().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return JsonFiles.parse(result.stdout(), "SAM translation of " + template);
    }

    private static Path script() {
        try {
            return Path.of(
                    SamExpandedTemplateTest.class.getResource("/sam_expand.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whatCloudFormationWouldCreateBreaksNoRule() {
        assertThat(TemplateRules.resources(expanded, "AWS::Serverless::Function"))
                .as("fully expanded")
                .isEmpty();
        assertThat(TemplateRules.check(expanded)).isEmpty();
    }

    @Test
    void everyFunctionAndTheStateMachineHasItsOwnRole() {
        Map<String, JsonNode> roles = TemplateRules.resources(expanded, "AWS::IAM::Role");
        Map<String, JsonNode> functions = TemplateRules.resources(expanded, "AWS::Lambda::Function");
        assertThat(functions).hasSize(TemplatePolicyTest.EXPECTED_HANDLERS.size());
        assertThat(roles).hasSize(functions.size() + 1).containsKey("DeploymentStateMachineRole");
        functions.forEach((id, function) -> assertThat(
                        function.path("Properties").path("Role").toString())
                .as(id)
                .isEqualTo("{\"Fn::GetAtt\":[\"" + id + "Role\",\"Arn\"]}"));
    }

    @Test
    void asyncFunctionsSendFailuresToTheEncryptedQueue() {
        Set<String> configured = new TreeSet<>();
        TemplateRules.resources(expanded, "AWS::Lambda::EventInvokeConfig").forEach((id, config) -> {
            JsonNode properties = config.path("Properties");
            assertThat(properties
                            .path("DestinationConfig")
                            .path("OnFailure")
                            .path("Destination")
                            .toString())
                    .as(id)
                    .isEqualTo("{\"Fn::GetAtt\":[\"DeadLetterQueue\",\"Arn\"]}");
            assertThat(properties.path("Qualifier").asText()).as(id).isEqualTo("live");
            configured.add(properties.path("FunctionName").path("Ref").asText());
        });
        assertThat(configured).isEqualTo(new TreeSet<>(ASYNC_FUNCTIONS));
        assertThat(TemplateRules.resources(expanded, "AWS::SQS::Queue")).containsOnlyKeys("DeadLetterQueue");
    }

    @Test
    void theAlarmRuleInvokesTheLiveAliasAndDeadLettersToTheQueue() {
        JsonNode rule = TemplateRules.resources(expanded, "AWS::Events::Rule")
                .values()
                .iterator()
                .next();
        JsonNode target = rule.path("Properties").path("Targets").path(0);
        assertThat(target.path("Arn").toString()).isEqualTo("{\"Ref\":\"AlarmTriggerFunctionAliaslive\"}");
        assertThat(target.path("DeadLetterConfig").path("Arn").toString())
                .isEqualTo("{\"Fn::GetAtt\":[\"DeadLetterQueue\",\"Arn\"]}");
    }

    @Test
    void anAsyncFunctionWithoutItsInvokeConfigIsReported() {
        ObjectNode t = expanded.deepCopy();
        ((ObjectNode) t.path("Resources")).remove("AlarmTriggerFunctionEventInvokeConfig");
        ((ObjectNode) t.path("Resources")).remove("BeforeInstallFunctionEventInvokeConfig");
        assertThat(TemplateRules.asyncFunctionsHaveFailureDestination(t))
                .hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("AlarmTriggerFunction").contains("EventBridge rule"))
                .anySatisfy(v -> assertThat(v).contains("BeforeInstallFunction").contains("CodeDeploy"));
        assertThat(TemplateRules.timeoutsFitTheHookWindow(t))
                .singleElement()
                .asString()
                .contains("BeforeInstallFunction")
                .contains("unset");
    }

    @Test
    void theSpecKeyRuleReadsTheGeneratedRoles() {
        // given the generated role of a spec reader, its kms:Decrypt grant still under HasSpecKmsKey
        ObjectNode t = expanded.deepCopy();
        ObjectNode decrypt =
                (ObjectNode) t.path("Resources").path("ValidateAndLockFunctionRole").findParents("Sid").stream()
                        .filter(statement -> statement.path("Sid").asText().equals("DecryptSpec"))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("ValidateAndLockFunctionRole has no DecryptSpec statement"));

        // when the grant loses its kms:ViaService condition
        decrypt.remove("Condition");

        // then the rule names the role and the condition
        assertThat(TemplateRules.specKeyDecryptsOnlyTheSpec(t))
                .singleElement()
                .asString()
                .contains("ValidateAndLockFunctionRole")
                .contains("kms:ViaService");
    }

    @Test
    void aBroadManagedPolicyOnAGeneratedRoleIsReported() {
        ObjectNode t = expanded.deepCopy();
        ((ArrayNode) t.path("Resources")
                        .path("ShiftTrafficFunctionRole")
                        .path("Properties")
                        .path("ManagedPolicyArns"))
                .add("arn:aws:iam::aws:policy/AdministratorAccess");
        assertThat(TemplateRules.onlyAllowedManagedPolicies(t))
                .singleElement()
                .asString()
                .contains("ShiftTrafficFunctionRole")
                .contains("AdministratorAccess");
    }

    @Test
    void aQueueSamWouldAddUnencryptedIsReported(@TempDir Path dir) throws IOException {
        String original = RepoFiles.read("template.yaml");
        String deadLetterByArn = "DeadLetterConfig:\n              Arn: !GetAtt DeadLetterQueue.Arn";
        assertThat(original).contains(deadLetterByArn);
        Path mutated = dir.resolve("template.yaml");
        Files.writeString(
                mutated,
                original.replace(deadLetterByArn, "DeadLetterConfig:\n              Type: SQS"),
                StandardCharsets.UTF_8);

        JsonNode withGeneratedQueue = expand(mutated);
        assertThat(TemplateRules.encryptedAtRest(withGeneratedQueue))
                .singleElement()
                .asString()
                .contains("AlarmTriggerFunctionAlarmStateChangeQueue")
                .contains("not encrypted");
    }
}
