package dev.cutover.core.error;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of the error hierarchy the state machine, the CLI and the docs rely on. */
class CutoverExceptionTest {

    @Test
    void thePermitsListIsSortedByName() {
        List<String> permitted = Arrays.stream(CutoverException.class.getPermittedSubclasses())
                .map(Class::getSimpleName)
                .toList();

        assertThat(permitted).isSorted().contains("AlarmTriggeredRollback", "FunctionMisconfiguredException");
    }

    @Test
    void everyErrorLivesInThisPackageAndIsFinalOrSealed() {
        for (Class<?> type : CutoverException.class.getPermittedSubclasses()) {
            assertThat(type.getPackageName()).as(type.getName()).isEqualTo("dev.cutover.core.error");
            assertThat(Modifier.isFinal(type.getModifiers()) || type.isSealed())
                    .as(type.getName())
                    .isTrue();
        }
    }

    @Test
    void theAlarmPathsStopErrorIsACutoverException() {
        assertThat(AlarmTriggeredRollback.class.getName()).isEqualTo("dev.cutover.core.error.AlarmTriggeredRollback");
        assertThat(new AlarmTriggeredRollback("alarm orders-5xx in ALARM"))
                .isInstanceOf(CutoverException.class)
                .hasMessage("alarm orders-5xx in ALARM");
    }

    @Test
    void aMisconfiguredFunctionKeepsItsMessage() {
        assertThat(new FunctionMisconfiguredException("environment variable CUTOVER_LEDGER_TABLE is not set: x"))
                .isInstanceOf(CutoverException.class)
                .hasMessage("environment variable CUTOVER_LEDGER_TABLE is not set: x");
    }
}
