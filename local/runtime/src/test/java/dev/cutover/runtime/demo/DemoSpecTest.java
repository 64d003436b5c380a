package dev.cutover.runtime.demo;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSpecTest {

    @Test
    void theDemosOwnSpecSaysItMeansToCallItsListenersOnThisMachine() {
        // given the demo's listeners, which it starts itself on 127.0.0.1
        String text = DemoSpec.render(
                URI.create("http://127.0.0.1:41000"),
                URI.create("http://127.0.0.1:41001"),
                20,
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(0)),
                false);

        // when it is parsed like any other spec
        CutoverSpec spec = SpecParser.parse(text, DemoSpec.TEMPLATE);

        // then it is valid because it allows loopback targets, and says so
        assertThat(spec.smokeTests().allowLoopbackTargets()).isTrue();
        assertThat(spec.routing().testUrl()).isEqualTo(URI.create("http://127.0.0.1:41001"));
    }
}
