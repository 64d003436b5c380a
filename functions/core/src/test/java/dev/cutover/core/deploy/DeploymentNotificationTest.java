package dev.cutover.core.deploy;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentNotification;
import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentNotificationTest {

    @Test
    void theSubjectSaysWhoWhatAndHowFar() {
        assertThat(new DeploymentNotification("orders", "d-ABCDEF123", Status.ROLLED_BACK, 25, "alarm").subject())
                .isEqualTo("Cutover: orders d-ABCDEF123 rolled back at 25%");
        assertThat(new DeploymentNotification("orders", "d-ABCDEF123", Status.PROMOTED, 100, "").subject())
                .isEqualTo("Cutover: orders d-ABCDEF123 promoted at 100%");
        assertThat(new DeploymentNotification(
                                "orders", "d-ABCDEF123", Status.FAILED, DeploymentNotification.NO_STAGE, "spec invalid")
                        .subject())
                .isEqualTo("Cutover: orders d-ABCDEF123 failed");
        assertThat(new DeploymentNotification("orders", "d-ABCDEF123", Status.IN_PROGRESS, 0, "").subject())
                .isEqualTo("Cutover: orders d-ABCDEF123 started");
    }

    @Test
    void aLongSubjectIsCutToSnsLimit() {
        String subject = new DeploymentNotification("s".repeat(150), "d-ABCDEF123", Status.PROMOTED, 100, "").subject();

        assertThat(subject).hasSize(DeploymentNotification.MAX_SUBJECT_LENGTH).endsWith("...");
    }

    @Test
    void theSubjectIsPrintableAsciiOnly() {
        String subject = new DeploymentNotification("bestellungen-ü", "d-ABC\n\t", Status.PROMOTED, 100, "").subject();

        assertThat(subject).isEqualTo("Cutover: bestellungen-? d-ABC?? promoted at 100%");
        assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void theMessageListsOneFactPerLine() {
        String message = new DeploymentNotification(
                        "orders", "d-ABCDEF123", Status.ROLLED_BACK, 25, "alarm orders-green-5xx went to ALARM")
                .message();

        assertThat(message.lines())
                .containsExactly(
                        "Service:       orders",
                        "Deployment:    d-ABCDEF123",
                        "Outcome:       rolled back",
                        "Stage reached: 25% of traffic on green",
                        "Reason:        alarm orders-green-5xx went to ALARM");
    }

    @Test
    void theMessageSaysWhenNoTrafficMovedAndOmitsAnEmptyReason() {
        String message = new DeploymentNotification("orders", "d-A", Status.FAILED, -1, " ").message();

        assertThat(message)
                .contains("Stage reached: none (no traffic was shifted to green)")
                .doesNotContain("Reason:");
    }

    @Test
    void aHugeReasonIsCut() {
        String message = new DeploymentNotification("orders", "d-A", Status.FAILED, -1, "x".repeat(20_000)).message();

        assertThat(message.length()).isLessThan(9_000);
        assertThat(message).contains("12000 more characters in the ledger");
    }

    @Test
    void stageReachedIsAPercentOrMinusOne() {
        assertThatThrownBy(() -> new DeploymentNotification("orders", "d-A", Status.FAILED, 101, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stageReached");
        assertThatThrownBy(() -> new DeploymentNotification("orders", "d-A", Status.FAILED, -2, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
