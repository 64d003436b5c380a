package dev.cutover.handlers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.port.model.HookExecution;

import static org.assertj.core.api.Assertions.assertThat;

class HookEventDialectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void showsAValueAsTheMapOrListTheRuntimeHandedOver() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("id", "d-7QXK2M4RB");
        nested.put("n", List.of(1, 2.5, true));
        nested.put("none", null);
        nested.put("inner", Map.of("k", "v"));

        assertThat(HookEventDialect.describe(JSON.valueToTree(nested))).isEqualTo("an object " + nested);
        assertThat(HookEventDialect.describe(JSON.valueToTree(List.of("a", 1)))).isEqualTo("an array [a, 1]");
        assertThat(HookEventDialect.describe(JSON.valueToTree(123456789))).isEqualTo("a number (123456789)");
        assertThat(HookEventDialect.describe(JSON.valueToTree(42.5))).isEqualTo("a number (42.5)");
        assertThat(HookEventDialect.describe(JSON.valueToTree(false))).isEqualTo("a boolean (false)");
        assertThat(HookEventDialect.describe(JSON.nullNode())).isEqualTo("null");
    }

    @Test
    void shortensLongValues() {
        List<String> many = List.of("x".repeat(40), "y".repeat(40));
        String shown = HookEventDialect.describe(JSON.valueToTree(many));

        assertThat(shown).isEqualTo("an array " + many.toString().substring(0, 60) + "...(84 chars)");
    }

    @Test
    void codeDeployHintsAtWhatWasThereAndEcsStaysTerse() {
        Problems problems = new Problems();
        Map<String, Object> event = Map.of("deploymentid", "d-7QXK2M4RB", "blank", " ");
        FieldReader codeDeploy = HookEventDialect.CODE_DEPLOY.reader(event, problems);
        codeDeploy.text("DeploymentId", true);
        codeDeploy.text("Other", true);
        codeDeploy.text("blank", true);
        FieldReader ecs = HookEventDialect.ECS.reader(event, problems);
        ecs.text("executionId", true);
        ecs.text("blank", true);

        assertThat(problems.all())
                .containsExactly(
                        new FieldError(
                                "DeploymentId", "is missing (found \"deploymentid\": field names are case-sensitive)"),
                        new FieldError("Other", "is missing (keys present: [blank, deploymentid])"),
                        new FieldError("blank", "is blank (found \" \")"),
                        new FieldError("executionId", "is missing"),
                        new FieldError("blank", "is blank"));
    }

    @Test
    void anEmptyEventSaysSo() {
        Problems problems = new Problems();
        HookEventDialect.CODE_DEPLOY.reader(Map.of(), problems).text("DeploymentId", true);

        assertThat(problems.all()).containsExactly(new FieldError("DeploymentId", "is missing (the event is empty)"));
    }

    @Test
    void eachProblemReadsFieldThenReason() {
        HookExecution ids = new HookExecution("d-7QXK2M4RB", "e");
        InvalidHookEventException e = HookEventDialect.exception(
                "test event",
                List.of(new FieldError("A", "is missing"), new FieldError("B", "must be a string, found null")),
                Optional.of(ids));

        assertThat(e.problems()).containsExactly("A is missing", "B must be a string, found null");
        assertThat(e).hasMessage("invalid test event: A is missing; B must be a string, found null");
        assertThat(e.reportable()).contains(ids);
    }
}
