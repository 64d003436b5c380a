package dev.cutover.core.workflow;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.Notifier;
import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ReportingTest {

    @Test
    void aReasonIsOneLineCutToTheLedgersLimitAndNeverBlank() {
        assertThat(Reporting.reason("  first\n  second \r\n third ")).isEqualTo("first; second; third");
        assertThat(Reporting.reason(" ")).isEqualTo("no reason given");
        assertThat(Reporting.reason(null)).isEqualTo("no reason given");
        assertThat(Reporting.reason("y".repeat(10_000)))
                .hasSize(Reporting.MAX_REASON_LENGTH)
                .endsWith("...");
    }

    @Test
    void cutKeepsWhatFitsWhole() {
        assertThat(Reporting.cut("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Reporting.cut("abcdefg", 6)).isEqualTo("abc...");
    }

    @Test
    void quoteEscapesAndShortens() {
        assertThat(Reporting.quote("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
        assertThat(Reporting.quote("z".repeat(100))).endsWith("...(100 chars)\"");
    }

    @Test
    void aNotifierThatFailsDoesNotFailTheCaller() {
        DeploymentNotification notification =
                new DeploymentNotification("orders", "d-1", Status.PROMOTED, 100, "every stage healthy");
        Notifier broken = n -> {
            throw new IllegalStateException("SNS is down");
        };

        assertThat(Reporting.publish(broken, notification)).isFalse();
        assertThat(Reporting.publish(n -> {}, notification)).isTrue();
    }
}
