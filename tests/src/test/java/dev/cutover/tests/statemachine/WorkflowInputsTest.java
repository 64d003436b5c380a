package dev.cutover.tests.statemachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample execution inputs in events/ and their index, events/workflow-inputs.md. The valid inputs must break
 * none of the input rules docs/workflow.md states; each invalid one must break exactly the rule its row in the
 * index names, with the error fragment the ValidateAndLock handler's own tests will look for. The checks here are
 * a small independent reading of those rules, not the handler's validator.
 */
class WorkflowInputsTest {

    static final String INDEX = "events/workflow-inputs.md";
    static final int HOOK_WINDOW_SECONDS = 3600;
    static final int SAFETY_MARGIN_SECONDS = 300;

    static List<String> validInputs() {
        return List.of("events/workflow-input-standalone.json", "events/workflow-input-codedeploy.json");
    }

    static List<String> invalidInputs() throws IOException {
        try (Stream<Path> files = Files.list(RepoFiles.resolve("events"))) {
            return files.map(p -> "events/" + p.getFileName())
                    .filter(name -> name.matches("events/workflow-input-invalid-.+\\.json"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("validInputs")
    void validInputsBreakNoRule(String file) {
        assertThat(problems(JsonFiles.read(file))).isEmpty();
    }

    @Test
    void theValidInputsCoverBothWaysIn() {
        JsonNode standalone = JsonFiles.read("events/workflow-input-standalone.json");
        JsonNode codeDeploy = JsonFiles.read("events/workflow-input-codedeploy.json");
        assertThat(standalone.has("codeDeploy")).isFalse();
        assertThat(standalone.has("spec"))
                .as("the standalone sample carries its spec inline")
                .isTrue();
        assertThat(codeDeploy.path("codeDeploy").path("hook").asText()).isEqualTo("BeforeAllowTraffic");
        assertThat(codeDeploy.has("specParameter")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("invalidInputs")
    void eachInvalidInputBreaksTheRuleItsIndexRowNames(String file) {
        Map<String, String> index = indexedFragments();
        String name = Path.of(file).getFileName().toString();
        assertThat(index).as("%s lists %s", INDEX, name).containsKey(name);
        String fragment = index.get(name);

        List<String> problems = problems(JsonFiles.read(file));
        assertThat(problems)
                .as("problems found in %s", file)
                .isNotEmpty()
                .anySatisfy(problem -> assertThat(problem).contains(fragment));
    }

    @Test
    void theIndexListsOnlyFilesThatExist() throws IOException {
        List<String> onDisk = invalidInputs().stream()
                .map(f -> Path.of(f).getFileName().toString())
                .toList();
        assertThat(indexedFragments().keySet()).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(onDisk).hasSizeGreaterThanOrEqualTo(3);
        for (String valid : validInputs()) {
            assertThat(RepoFiles.read(INDEX)).contains("`" + Path.of(valid).getFileName() + "`");
        }
    }

    @Test
    void theRuleReadingCatchesEachRuleOnAValidInput() {
        // the checker below can fail: break a valid input one rule at a time
        ObjectNode input = (ObjectNode) JsonFiles.read("events/workflow-input-standalone.json");
        ObjectNode stage =
                (ObjectNode) input.path("spec").path("shifting").path("stages").path(1);
        stage.put("percent", 5);
        assertThat(problems(input)).singleElement().asString().contains("shifting.stages[1].percent");
        stage.put("percent", 25);
        input.put("specParameter", "/cutover/orders/spec");
        assertThat(problems(input)).singleElement().asString().contains("specParameter");
    }

    /** Field paths at fault, each with the reason, per the input rules of docs/workflow.md and the spec's stages. */
    static List<String> problems(JsonNode input) {
        List<String> problems = new ArrayList<>();
        if (input.path("service").asText("").isBlank()) {
            problems.add("service: required");
        }
        boolean inline = input.has("spec");
        if (inline == input.has("specParameter")) {
            problems.add("spec / specParameter: exactly one is required, found " + (inline ? "both" : "neither"));
        }
        JsonNode codeDeploy = input.path("codeDeploy");
        if (!codeDeploy.isMissingNode()) {
            for (String field : List.of("deploymentId", "lifecycleEventHookExecutionId", "hook")) {
                if (codeDeploy.path(field).asText("").isBlank()) {
                    problems.add("codeDeploy." + field + ": required when codeDeploy is present");
                }
            }
        }
        if (inline) {
            JsonNode spec = input.path("spec");
            if (!spec.path("service").asText().equals(input.path("service").asText())) {
                problems.add(
                        "service: " + input.path("service") + " does not match spec.service " + spec.path("service"));
            }
            JsonNode stages = spec.path("shifting").path("stages");
            int previous = 0;
            long bake = 0;
            for (int i = 0; i < stages.size(); i++) {
                int percent = stages.path(i).path("percent").asInt();
                if (percent <= previous) {
                    problems.add("shifting.stages[" + i + "].percent: " + percent
                            + " is not greater than the previous stage's " + previous);
                }
                previous = percent;
                bake += stages.path(i).path("bakeSeconds").asLong();
            }
            if (previous != 100) {
                problems.add("shifting.stages: the last stage is " + previous + "%, expected 100");
            }
            if (!codeDeploy.isMissingNode() && bake > HOOK_WINDOW_SECONDS - SAFETY_MARGIN_SECONDS) {
                problems.add("shifting.stages: " + bake + " s of bake exceed the hook window " + HOOK_WINDOW_SECONDS
                        + " s minus the safety margin " + SAFETY_MARGIN_SECONDS + " s");
            }
        }
        return problems;
    }

    /** file name to expected error fragment, from the invalid-inputs table of events/workflow-inputs.md. */
    static Map<String, String> indexedFragments() {
        String index = RepoFiles.read(INDEX);
        Map<String, String> rows = new TreeMap<>();
        Matcher row = Pattern.compile(
                        "(?m)^\\|\\s*`(workflow-input-invalid-[^`]+)`\\s*\\|[^|]*\\|\\s*`([^`]+)`\\s*\\|\\s*$")
                .matcher(index);
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        return rows;
    }
}
