package dev.cutover.core.workflow.task;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.workflow.DeploymentPlan;

/**
 * The CloseRollbackWindow state, after the RollbackWindow Wait: records in the ledger that the promoted deployment's
 * rollback window has closed, so that people see it closed and blue may go. Idempotent; a window the next
 * deployment or a rollback inside it closed first keeps that close. The alarm path compares the window's end with
 * its own clock, so a close that comes late changes nothing it decides.
 */
public final class CloseRollbackWindow {

    private static final Logger LOG = LoggerFactory.getLogger(CloseRollbackWindow.class);

    private final DeploymentLedger ledger;
    private final Clock clock;

    public CloseRollbackWindow(DeploymentLedger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What the close found.
     *
     * @param closed whether this call closed the window (false: it was closed already, or there was none)
     * @param status the deployment's status in the ledger: PROMOTED, or ROLLED_BACK when an alarm rolled it back
     *               inside the window
     */
    public record Outcome(String deploymentId, boolean closed, Status status, Instant at) {}

    public Outcome run(DeploymentPlan plan) {
        Instant now = clock.instant();
        boolean closed = ledger.closeRollbackWindow(plan.deploymentId(), now);
        DeploymentRecord record = PlanChecks.recordOf(ledger, plan);
        LOG.info(
                "deployment {} of {}: rollback window {} ({})",
                plan.deploymentId(),
                plan.service(),
                closed ? "closed" : "was already closed",
                record.status());
        return new Outcome(plan.deploymentId(), closed, record.status(), now);
    }
}
