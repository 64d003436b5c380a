package dev.cutover.core.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.StageEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentRecordTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void weightsMustSumToAHundred() {
        assertThatThrownBy(() -> new StageEntry(0, 10, 90, 20, "shifted", T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum to 100");
        assertThatThrownBy(() -> new StageEntry(-1, 10, 90, 10, "shifted", T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index");
        assertThatThrownBy(() -> new StageEntry(0, 110, 90, 10, "shifted", T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent");
    }

    @Test
    void sameFactIgnoresTheTime() {
        StageEntry a = new StageEntry(0, 10, 90, 10, "healthy", T);

        assertThat(a.sameFactAs(new StageEntry(0, 10, 90, 10, "healthy", T.plusSeconds(5))))
                .isTrue();
        assertThat(a.sameFactAs(new StageEntry(0, 10, 90, 10, "unhealthy", T))).isFalse();
        assertThat(a.factKey()).isEqualTo(new StageEntry(0, 10, 90, 10, "healthy", T.plusSeconds(5)).factKey());
    }

    @Test
    void aFinalStatusNeedsAFinishTimeAndInProgressMustNotHaveOne() {
        assertThatThrownBy(() -> new DeploymentRecord(
                        "d-A", "orders", "1", T, T, Status.PROMOTED, List.of(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finishedAt");
        assertThatThrownBy(() -> new DeploymentRecord(
                        "d-A", "orders", "1", T, T, Status.IN_PROGRESS, List.of(), Optional.empty(), Optional.of(T)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finishedAt");
    }

    @Test
    void stagesAreCopiedAndTheLastOneIsAtHand() {
        DeploymentRecord record = DeploymentRecord.started("d-A", "orders", "1", T)
                .withStage(new StageEntry(0, 10, 90, 10, "healthy", T), T)
                .withStage(new StageEntry(1, 50, 50, 50, "healthy", T), T);

        assertThat(record.lastStage()).map(StageEntry::percent).contains(50);
        assertThatThrownBy(() -> record.stagesReached().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(DeploymentRecord.started("d-A", "orders", "1", T).lastStage())
                .isEmpty();
    }
}
