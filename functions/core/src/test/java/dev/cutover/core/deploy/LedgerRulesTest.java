package dev.cutover.core.deploy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.cutover.core.deploy.LedgerRules.Finish;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerRulesTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant ENDED = Instant.parse("2026-03-01T10:20:00Z");

    private static DeploymentRecord recorded(Status status) {
        DeploymentRecord started = DeploymentRecord.started("d-AAA", "orders", "7", STARTED);
        return status == Status.IN_PROGRESS ? started : started.finished(status, "first", ENDED, ENDED);
    }

    @ParameterizedTest(name = "recorded {0}, finish as {1}: {2}")
    @CsvSource({
        // recorded,   asked,       outcome (or the refusal)
        "IN_PROGRESS,  PROMOTED,    WRITE",
        "IN_PROGRESS,  ROLLED_BACK, WRITE",
        "IN_PROGRESS,  FAILED,      WRITE",
        "PROMOTED,     PROMOTED,    REPEAT",
        "ROLLED_BACK,  ROLLED_BACK, REPEAT",
        "FAILED,       FAILED,      REPEAT",
        "ROLLED_BACK,  PROMOTED,    refused",
        "PROMOTED,     ROLLED_BACK, refused",
        "PROMOTED,     FAILED,      refused",
        "FAILED,       ROLLED_BACK, refused",
    })
    void whatAFinishDoesToTheDeploymentItFinds(Status recorded, Status asked, String outcome) {
        DeploymentRecord current = recorded(recorded);
        if (outcome.equals("refused")) {
            String message = "deployment d-AAA already finished " + recorded + " at " + ENDED
                    + "; cannot finish it again as " + asked;
            assertThatThrownBy(() -> LedgerRules.finish(current, asked))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(message);
            assertThatThrownBy(() -> LedgerRules.requireSameEnd(current, asked))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(message);
        } else {
            assertThat(LedgerRules.finish(current, asked)).isEqualTo(Finish.valueOf(outcome));
        }
        if (outcome.equals("REPEAT")) {
            assertThatCode(() -> LedgerRules.requireSameEnd(current, asked)).doesNotThrowAnyException();
        }
    }

    @Test
    void aStoreWhoseConditionalFinishWasRefusedNamesAnUnfinishedRecordAsIs() {
        assertThatThrownBy(() -> LedgerRules.requireSameEnd(recorded(Status.IN_PROGRESS), Status.PROMOTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("deployment d-AAA already finished IN_PROGRESS at ?; cannot finish it again as PROMOTED");
    }

    @ParameterizedTest(name = "finishing as {0}")
    @EnumSource(Status.class)
    void onlyFinalStatusesEndADeployment(Status status) {
        if (status.isFinal()) {
            assertThatCode(() -> LedgerRules.requireFinal("d-AAA", status)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> LedgerRules.requireFinal("d-AAA", status))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "deployment d-AAA must finish PROMOTED, ROLLED_BACK, FAILED or ABORTED, not IN_PROGRESS");
        }
    }

    @ParameterizedTest(name = "starting a {0} record")
    @EnumSource(Status.class)
    void onlyInProgressRecordsStart(Status status) {
        DeploymentRecord record = recorded(status);
        if (status == Status.IN_PROGRESS) {
            assertThatCode(() -> LedgerRules.requireStartable(record)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> LedgerRules.requireStartable(record))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("deployment d-AAA must start IN_PROGRESS, was " + status);
        }
    }

    @ParameterizedTest(name = "a repeated start of a {0} deployment is in flight: {1}")
    @CsvSource({"IN_PROGRESS, true", "PROMOTED, false", "ROLLED_BACK, false", "FAILED, false"})
    void aRepeatedStartPutsOnlyAnUnfinishedDeploymentBackInFlight(Status recorded, boolean inFlight) {
        assertThat(LedgerRules.restartIsInFlight(recorded)).isEqualTo(inFlight);
    }

    @Test
    void anIdBelongsToOneService() {
        assertThatCode(() -> LedgerRules.requireSameService("d-AAA", "orders", "orders"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LedgerRules.requireSameService("d-AAA", "orders", "payments"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("deployment d-AAA is already recorded for service orders, cannot start it for payments");
    }

    @Test
    void anUnknownDeploymentIsNamedWithItsStore() {
        assertThat(LedgerRules.unknown("d-NOPE", "DynamoDB table cutover"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no deployment d-NOPE in the ledger (DynamoDB table cutover); start() it first");
    }
}
