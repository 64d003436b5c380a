package dev.cutover.core.workflow;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DeploymentInProgressException;
import dev.cutover.core.port.model.LockLease;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentInProgressExceptionTest {

    @Test
    void namesTheHolderItsLeaseAndTheRequester() {
        LockLease holder = new LockLease(
                "orders", "d-HOLDER", Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T12:00:00Z"));

        DeploymentInProgressException e = new DeploymentInProgressException("d-LATE", holder);

        assertThat(e).isInstanceOf(RuntimeException.class);
        assertThat(e.getMessage())
                .isEqualTo("service orders is locked by deployment d-HOLDER (acquired at "
                        + "2026-03-01T10:00:00Z, lease expires at 2026-03-01T12:00:00Z); deployment d-LATE cannot start "
                        + "until that one finishes or its lease expires");
        assertThat(e.holder()).isEqualTo(holder);
        assertThat(e.holderDeploymentId()).isEqualTo("d-HOLDER");
        assertThat(e.service()).isEqualTo("orders");
    }
}
