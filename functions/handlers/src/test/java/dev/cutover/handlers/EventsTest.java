package dev.cutover.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample events in {@code events/} are what the handlers accept, and the README describes each. */
class EventsTest {

    static Stream<String> codeDeployEvents() throws IOException {
        try (Stream<Path> files = Files.list(Fixture.eventsDir())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("codedeploy-") && n.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(names).hasSize(5);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("codeDeployEvents")
    void codeDeployEventsParse(String file) {
        Map<String, Object> event = Fixture.event(file);
        assertThat(HookEventParser.parse(event).deploymentId()).matches("d-[A-Z0-9]{9}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ecs-lifecycle-hook-post-test-traffic-shift.json",
                "ecs-lifecycle-hook-post-scale-up.json",
                "ecs-lifecycle-hook-pre-production-traffic-shift.json"
            })
    void ecsEventsParseToAKnownStage(String file) {
        EcsHookEvent event = EcsHookEvent.parse(Fixture.event(file));
        assertThat(EcsLifecycleStage.of(event.lifecycleStage())).isPresent();
        assertThat(event.targetServiceRevisionArn()).isPresent();
    }

    @ParameterizedTest
    @MethodSource("allEvents")
    void theReadmeDescribesEveryEvent(String file) throws IOException {
        assertThat(Files.readString(Fixture.eventsDir().resolve("README.md"))).contains(file);
    }

    static Stream<String> allEvents() throws IOException {
        try (Stream<Path> files = Files.list(Fixture.eventsDir())) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }
}
