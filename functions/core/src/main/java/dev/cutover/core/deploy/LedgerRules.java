package dev.cutover.core.deploy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;

/**
 * The status rules of a {@link DeploymentLedger}, written once for every store (DynamoDB, PostgreSQL, memory), with
 * the messages people see when one is broken. A store writes atomically in its own terms and asks these what a
 * request may do and what to say when it may not. Pure functions.
 */
public final class LedgerRules {

    private LedgerRules() {}

    /** What a finish does to the deployment it finds. */
    public enum Finish {
        /** The deployment is in progress: record how it ended. */
        WRITE,
        /** It already ended with the same status (a retried task): change nothing, keep the first reason and time. */
        REPEAT
    }

    /** @throws IllegalArgumentException when the record does not start {@link Status#IN_PROGRESS} */
    public static void requireStartable(DeploymentRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.status() != Status.IN_PROGRESS) {
            throw new IllegalArgumentException(
                    "deployment " + record.deploymentId() + " must start IN_PROGRESS, was " + record.status());
        }
    }

    /**
     * A start of an id the ledger already holds keeps the first record; the id must belong to the same service.
     *
     * @throws IllegalStateException when the id is recorded for another service, naming both
     */
    public static void requireSameService(String deploymentId, String recordedService, String requestedService) {
        if (!recordedService.equals(requestedService)) {
            throw new IllegalStateException("deployment " + deploymentId + " is already recorded for service "
                    + recordedService + ", cannot start it for " + requestedService);
        }
    }

    /**
     * Whether a repeated start makes the recorded deployment its service's in-flight one again: only while it has
     * not finished, so a late retry cannot revive a finished deployment.
     */
    public static boolean restartIsInFlight(Status recorded) {
        return recorded == Status.IN_PROGRESS;
    }

    /** @throws IllegalArgumentException when {@code status} is not an end (PROMOTED, ROLLED_BACK, FAILED, ABORTED) */
    public static void requireFinal(String deploymentId, Status status) {
        Objects.requireNonNull(status, "status");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("deployment " + deploymentId
                    + " must finish PROMOTED, ROLLED_BACK, FAILED or ABORTED, not " + status);
        }
    }

    /**
     * What a finish does to the deployment as recorded: a store that decides before it writes (memory) asks this.
     *
     * @param status the (final) status asked for
     * @throws IllegalStateException when it already ended with another status, naming both
     */
    public static Finish finish(DeploymentRecord current, Status status) {
        if (current.status() == Status.IN_PROGRESS) {
            return Finish.WRITE;
        }
        requireSameEnd(current, status);
        return Finish.REPEAT;
    }

    /**
     * A store whose conditional "finish if still in progress" was refused asks this of the deployment as recorded:
     * ending again the same way is a retried task; any other status is refused.
     *
     * @throws IllegalStateException when the recorded status is not {@code status}, naming both
     */
    public static void requireSameEnd(DeploymentRecord current, Status status) {
        if (current.status() != status) {
            throw new IllegalStateException("deployment " + current.deploymentId() + " already finished "
                    + current.status() + " at "
                    + current.finishedAt().map(Instant::toString).orElse("?")
                    + "; cannot finish it again as " + status);
        }
    }

    /**
     * What a stage or a finish of a deployment the ledger does not hold says.
     *
     * @param store the store, as messages name it (e.g. {@code DynamoDB table cutover})
     */
    public static IllegalStateException unknown(String deploymentId, String store) {
        return new IllegalStateException(
                "no deployment " + deploymentId + " in the ledger (" + store + "); start() it first");
    }

    /** The most a history read returns; a bigger limit is refused rather than silently cut. */
    public static final int MAX_HISTORY = 1000;

    /** @throws IllegalArgumentException when {@code limit} is not 1..{@value #MAX_HISTORY}, naming it */
    public static int requireHistoryLimit(int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_HISTORY + ", was " + limit);
        }
        return limit;
    }

    /** Whether a deployment may be recorded as waiting for approval: only while it is in progress. */
    public static boolean mayAwaitApproval(DeploymentRecord current) {
        return current.status() == Status.IN_PROGRESS;
    }

    /**
     * Whether clearing the approval of {@code stageIndex} clears what is recorded: only that stage's pending
     * approval, so a late clear of an earlier stage cannot clear a later stage's gate.
     */
    public static boolean clearsApproval(Optional<PendingApproval> pending, int stageIndex) {
        return pending.isPresent() && pending.get().stageIndex() == stageIndex;
    }

    /** Whether a rollback window may be opened: only on a PROMOTED deployment that has none yet (a retry keeps it). */
    public static boolean mayOpenWindow(DeploymentRecord current) {
        return current.status() == Status.PROMOTED && current.rollbackWindow().isEmpty();
    }

    /** Whether closing the window changes anything: only a window not closed yet (closing is idempotent). */
    public static boolean closesWindow(Optional<RollbackWindow> window) {
        return window.isPresent() && window.get().closedAt().isEmpty();
    }

    /** Whether a promotion may be rolled back at {@code at}: PROMOTED with its window open then. */
    public static boolean mayRollBackInsideWindow(DeploymentRecord current, Instant at) {
        return current.status() == Status.PROMOTED
                && current.rollbackWindow().map(w -> w.isOpenAt(at)).orElse(false);
    }
}
