package dev.cutover.runtime.demo;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.DatabaseTls;
import dev.cutover.core.spec.SpecParser;

import static org.assertj.core.api.Assertions.assertThat;

class DemoSpecTest {

    @Test
    void theDemoSpecOptsOutOfDatabaseTlsExplicitlyForItsEmbeddedPostgres() {
        // given the demo's spec as rendered for a run
        String yaml = DemoSpec.render(
                URI.create("http://127.0.0.1:18080"),
                URI.create("http://127.0.0.1:18443"),
                50,
                List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO),
                false);

        // then it says, in the named field, that its databases have no TLS
        assertThat(yaml).contains("databaseTls:\n  mode: disable");
        CutoverSpec spec = SpecParser.parse(yaml, DemoSpec.TEMPLATE);
        assertThat(spec.databaseTls()).isEqualTo(DatabaseTls.disabled());

        // and without that field, the same spec would verify the server (the secure default)
        CutoverSpec withoutOptOut = SpecParser.parse(
                yaml.replace("databaseTls:\n  mode: disable\n", ""), DemoSpec.TEMPLATE + " without databaseTls");
        assertThat(withoutOptOut.databaseTls()).isEqualTo(DatabaseTls.verifyFull());
    }

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

    @Test
    void aHighRequestedRateDoesNotAskGreenForMoreRequestsThanTheGatesNeed() {
        // given a request rate far above what this machine serves (issue 13: it served 2,000/s of 5,000 asked)
        List<Duration> bakes = List.of(Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(4));
        String text = DemoSpec.render(
                URI.create("http://127.0.0.1:41000"), URI.create("http://127.0.0.1:41001"), 5_000, bakes, false);

        // when parsed
        CutoverSpec spec = SpecParser.parse(text, DemoSpec.TEMPLATE);

        // then every gate asks for what judging needs, which 10% of 2,000/s brings in a 6 s bake several times over
        assertThat(spec.health().metricGates())
                .allSatisfy(gate -> assertThat(gate.minRequests()).isEqualTo(DemoSpec.MIN_REQUESTS_NEEDED));
        assertThat(DemoSpec.MIN_REQUESTS_NEEDED).isLessThan(Math.round(2_000 * 0.10 * 6 * 0.5));
        // and the latency gate judges green against blue, so a machine saturated for both is not green's fault
        assertThat(spec.health().metricGates())
                .allSatisfy(gate -> assertThat(gate.maxIncreaseOverBlue()).isPresent());
        // while a low rate still asks only what it can bring
        assertThat(DemoSpec.minRequests(50, Duration.ofSeconds(5))).isEqualTo(20);
        assertThat(DemoSpec.minRequests(200, Duration.ofSeconds(5))).isEqualTo(40);
    }
}
