package dev.cutover.tests.statemachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.cutover.core.error.AbortedByOperator;
import dev.cutover.core.error.AlarmTriggeredRollback;
import dev.cutover.core.error.CutoverException;
import dev.cutover.core.error.DemoException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.core.error.InvalidHookEventException;
import dev.cutover.core.workflow.AlarmTrigger;
import dev.cutover.core.workflow.DeploymentAbort;
import dev.cutover.tests.support.JsonFiles;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One error contract: every error name the state machine, its mock config, the sample events and the error table
 * of {@code docs/workflow.md} spell is either AWS's own ({@code States.*}, {@code Lambda.*}) or the fully qualified
 * name of a class under the sealed {@link CutoverException}, read by reflection; and every error a task can throw
 * is in the docs table. A rename of an exception that misses one of them fails here.
 */
class ErrorContractTest {

    /** Errors of the hierarchy that no Task state throws, so the docs table need not list them; with where they go. */
    private static final Map<Class<? extends CutoverException>, String> NOT_FROM_TASKS = Map.of(
            DemoException.class, "the local runtime's own failures, seen by the CLI",
            ExecutionNameConflictException.class, "BeforeAllowTraffic starting the workflow, not a Task",
            InvalidHookEventException.class, "the lifecycle hook handlers, answered to CodeDeploy or ECS");

    // ---- the documents ------------------------------------------------------------------------------------------

    @Test
    void everyErrorNameInTheStateMachineIsInTheHierarchy() {
        Set<String> names = errorNames(JsonFiles.read("statemachine/deployment.asl.json"));

        assertThat(names)
                .as("the check bites: ErrorEquals names Cutover's errors")
                .anyMatch(n -> n.startsWith("dev.cutover."));
        assertThat(unknown(names, hierarchyNames()))
                .as("error names in deployment.asl.json with no exception")
                .isEmpty();
    }

    @Test
    void everyErrorNameInTheMockConfigIsInTheHierarchy() {
        Set<String> names = errorNames(JsonFiles.read("statemachine/test/MockConfigFile.json"));

        assertThat(names)
                .as("the check bites: mocked errors name Cutover's errors")
                .anyMatch(n -> n.startsWith("dev.cutover."));
        assertThat(unknown(names, hierarchyNames()))
                .as("error names in MockConfigFile.json with no exception")
                .isEmpty();
    }

    @Test
    void everyErrorNameInTheSampleEventsIsInTheHierarchy() {
        Map<String, Set<String>> byFile = new TreeMap<>();
        for (Path file : sampleEvents()) {
            String relative = "events/" + file.getFileName();
            Set<String> names = errorNames(JsonFiles.read(relative));
            if (!names.isEmpty()) {
                byFile.put(relative, names);
            }
        }

        assertThat(byFile)
                .as("the check bites: some sample payloads carry an Error")
                .isNotEmpty();
        byFile.forEach((file, names) -> assertThat(unknown(names, hierarchyNames()))
                .as("error names in %s with no exception", file)
                .isEmpty());
    }

    @Test
    void everyNameInTheDocsErrorTableIsInTheHierarchy() {
        Set<String> documented = StateMachineStructureTest.documentedErrors(RepoFiles.read("docs/workflow.md"));

        assertThat(documented).as("the error table in docs/workflow.md").hasSizeGreaterThanOrEqualTo(6);
        assertThat(unknown(documented, hierarchyNames()))
                .as("names in the docs error table with no exception")
                .isEmpty();
    }

    @Test
    void everyErrorATaskCanThrowIsInTheDocsTable() {
        Set<String> documented = StateMachineStructureTest.documentedErrors(RepoFiles.read("docs/workflow.md"));

        assertThat(undocumented(hierarchy(), NOT_FROM_TASKS.keySet(), documented))
                .as("errors of the hierarchy missing from the docs error table")
                .isEmpty();
    }

    @Test
    void theAlarmPathStopsExecutionsWithAnErrorOfTheHierarchy() {
        assertThat(AlarmTrigger.STOP_ERROR).isEqualTo(AlarmTriggeredRollback.class.getName());
        assertThat(hierarchyNames()).contains(AlarmTrigger.STOP_ERROR);
    }

    @Test
    void anAbortStopsExecutionsWithAnErrorOfTheHierarchy() {
        assertThat(DeploymentAbort.STOP_ERROR).isEqualTo(AbortedByOperator.class.getName());
        assertThat(hierarchyNames()).contains(DeploymentAbort.STOP_ERROR);
    }

    // ---- the checking functions, on made-up documents -----------------------------------------------------------

    @Test
    void theHierarchyIsReadRecursivelyFromThePermitsLists() {
        assertThat(hierarchyNames())
                .contains(
                        "dev.cutover.core.error.DependencyException",
                        "dev.cutover.core.error.TransientDependencyException",
                        "dev.cutover.core.error.FunctionMisconfiguredException")
                .doesNotContain(CutoverException.class.getName());
    }

    @Test
    void aNameWithoutAnExceptionIsReportedWhereverItIsSpelled() {
        JsonNode madeUp = JsonFiles.parse("""
                {"States": {
                  "Task": {"Type": "Task",
                    "Retry": [{"ErrorEquals": ["dev.cutover.core.error.TransientDependencyException",
                                               "Lambda.ServiceException", "dev.cutover.core.error.RenamedAway"]}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
                  "Failed": {"Type": "Fail", "Error": "dev.cutover.core.workflow.GoneToo"}},
                 "Mocks": {"Bad": {"0": {"Throw": {"Error": "dev.cutover.core.error.SpecException",
                   "Cause": "{\\"errorMessage\\":\\"x\\",\\"errorType\\":\\"dev.cutover.core.spec.SpecError\\"}"}}}}}
                """, "made-up document");

        Set<String> names = errorNames(madeUp);

        assertThat(names)
                .containsExactlyInAnyOrder(
                        "dev.cutover.core.error.TransientDependencyException",
                        "Lambda.ServiceException",
                        "dev.cutover.core.error.RenamedAway",
                        "States.ALL",
                        "dev.cutover.core.workflow.GoneToo",
                        "dev.cutover.core.error.SpecException",
                        "dev.cutover.core.spec.SpecError");
        assertThat(unknown(names, hierarchyNames()))
                .containsExactly(
                        "dev.cutover.core.error.RenamedAway",
                        "dev.cutover.core.spec.SpecError",
                        "dev.cutover.core.workflow.GoneToo");
    }

    @Test
    void aDocsTableNamingAJavaExceptionOrMissingATaskErrorIsReported() {
        String madeUpDoc = """
                ## Errors the handlers throw
                | error | thrown by | meaning |
                | --- | --- | --- |
                | `dev.cutover.core.error.SpecException` | any | bad spec |
                | `java.lang.IllegalStateException` | any | misconfigured |
                | `States.Timeout` | any | too slow |
                """;
        Set<String> documented = StateMachineStructureTest.documentedErrors(madeUpDoc);

        assertThat(unknown(documented, hierarchyNames())).containsExactly("java.lang.IllegalStateException");
        assertThat(undocumented(hierarchy(), NOT_FROM_TASKS.keySet(), documented))
                .contains("dev.cutover.core.error.TrafficShiftException")
                .doesNotContain("dev.cutover.core.error.SpecException", "dev.cutover.core.error.DemoException");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Every class under {@link CutoverException}, following each sealed class's permits list down. */
    static Set<Class<?>> hierarchy() {
        Set<Class<?>> found = new LinkedHashSet<>();
        collect(CutoverException.class, found);
        return found;
    }

    private static void collect(Class<?> type, Set<Class<?>> found) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted == null) {
            return;
        }
        for (Class<?> sub : permitted) {
            found.add(sub);
            collect(sub, found);
        }
    }

    static Set<String> hierarchyNames() {
        Set<String> names = new TreeSet<>();
        hierarchy().forEach(c -> names.add(c.getName()));
        return names;
    }

    /** The names that are neither AWS's own nor a class of the hierarchy, sorted. */
    static List<String> unknown(Collection<String> names, Set<String> hierarchy) {
        return names.stream()
                .filter(n -> !n.startsWith("States.") && !n.startsWith("Lambda.") && !hierarchy.contains(n))
                .sorted()
                .distinct()
                .toList();
    }

    /** The concrete classes of the hierarchy, bar those no Task throws, that the docs table does not list. */
    static List<String> undocumented(
            Set<Class<?>> hierarchy, Set<? extends Class<?>> notFromTasks, Set<String> documented) {
        return hierarchy.stream()
                .filter(c -> !Modifier.isAbstract(c.getModifiers()) && !notFromTasks.contains(c))
                .map(Class::getName)
                .filter(n -> !documented.contains(n))
                .sorted()
                .toList();
    }

    /**
     * Every error name a JSON document spells: the entries of each {@code ErrorEquals}, each string {@code Error}
     * (a Fail state's, a mocked or recorded failure's), and the {@code errorType} inside each {@code Cause} that is
     * a Lambda error document.
     */
    static Set<String> errorNames(JsonNode document) {
        Set<String> names = new TreeSet<>();
        walk(document, names);
        return names;
    }

    private static void walk(JsonNode node, Set<String> names) {
        if (node.isArray()) {
            node.forEach(item -> walk(item, names));
            return;
        }
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "ErrorEquals" -> value.forEach(name -> names.add(name.asText()));
                case "Error" -> {
                    if (value.isTextual()) {
                        names.add(value.asText());
                    }
                }
                case "Cause" -> {
                    if (value.isTextual() && value.asText().strip().startsWith("{")) {
                        JsonNode cause = JsonFiles.parse(value.asText(), "a Cause");
                        if (cause.path("errorType").isTextual()) {
                            names.add(cause.path("errorType").asText());
                        }
                    }
                }
                default -> walk(value, names);
            }
        });
    }

    private static List<Path> sampleEvents() {
        try (Stream<Path> files = Files.list(RepoFiles.resolve("events"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
