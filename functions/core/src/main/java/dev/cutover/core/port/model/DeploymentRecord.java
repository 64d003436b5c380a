package dev.cutover.core.port.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ledger knows about one deployment: what was deployed, how far it got and how it ended.
 *
 * @param deploymentId  the CodeDeploy deployment id, or the execution name of a standalone execution
 * @param service       the service deployed
 * @param specVersion   which version of the spec drove it (an SSM parameter version, a file's hash)
 * @param startedAt     when the deployment was recorded as started
 * @param updatedAt     when the record last changed
 * @param status        where it stands
 * @param stagesReached the stages reached, in the order they were recorded
 * @param outcomeReason why it ended the way it did; empty while in progress
 * @param finishedAt    when it ended; empty while in progress
 * @param roles         which target group was blue and which green in this deployment, as resolved when it
 *                      started; the alarm path rolls back to this blue. Empty only in records written before roles
 *                      were recorded
 */
public record DeploymentRecord(
        String deploymentId,
        String service,
        String specVersion,
        Instant startedAt,
        Instant updatedAt,
        Status status,
        List<StageEntry> stagesReached,
        Optional<String> outcomeReason,
        Optional<Instant> finishedAt,
        Optional<TargetGroupRoles> roles,
        Optional<PendingApproval> pendingApproval,
        Optional<RollbackWindow> rollbackWindow) {

    /**
     * Where a deployment stands. Every status but {@link #IN_PROGRESS} is final, with one exception: a PROMOTED
     * deployment whose {@link RollbackWindow rollback window} is open may still become ROLLED_BACK, through the alarm
     * path ({@link dev.cutover.core.port.DeploymentLedger#rollBackInsideWindow}).
     */
    public enum Status {
        IN_PROGRESS("in progress"),
        PROMOTED("promoted"),
        ROLLED_BACK("rolled back"),
        FAILED("failed"),
        /** Stopped by a person ({@code cutover abort}): traffic back on blue, like a rollback. */
        ABORTED("aborted");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        public boolean isFinal() {
            return this != IN_PROGRESS;
        }

        /** The status as people read it, e.g. "rolled back". */
        public String words() {
            return words;
        }
    }

    public DeploymentRecord {
        LockLease.requireText(deploymentId, "deploymentId");
        LockLease.requireText(service, "service");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(status, "status");
        stagesReached = List.copyOf(stagesReached);
        Objects.requireNonNull(outcomeReason, "outcomeReason");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(pendingApproval, "pendingApproval");
        Objects.requireNonNull(rollbackWindow, "rollbackWindow");
        if (pendingApproval.isPresent() && status != Status.IN_PROGRESS) {
            throw new IllegalArgumentException(
                    "deployment " + deploymentId + " is " + status + " but still has a pending approval");
        }
        if (status.isFinal() != finishedAt.isPresent()) {
            throw new IllegalArgumentException("deployment " + deploymentId + " is " + status
                    + (status.isFinal() ? " but has no finishedAt" : " but has a finishedAt"));
        }
    }

    /** A record without a pending approval or a rollback window. */
    public DeploymentRecord(
            String deploymentId,
            String service,
            String specVersion,
            Instant startedAt,
            Instant updatedAt,
            Status status,
            List<StageEntry> stagesReached,
            Optional<String> outcomeReason,
            Optional<Instant> finishedAt,
            Optional<TargetGroupRoles> roles) {
        this(
                deploymentId,
                service,
                specVersion,
                startedAt,
                updatedAt,
                status,
                stagesReached,
                outcomeReason,
                finishedAt,
                roles,
                Optional.empty(),
                Optional.empty());
    }

    /** A record without target group roles (written before they were recorded). */
    public DeploymentRecord(
            String deploymentId,
            String service,
            String specVersion,
            Instant startedAt,
            Instant updatedAt,
            Status status,
            List<StageEntry> stagesReached,
            Optional<String> outcomeReason,
            Optional<Instant> finishedAt) {
        this(
                deploymentId,
                service,
                specVersion,
                startedAt,
                updatedAt,
                status,
                stagesReached,
                outcomeReason,
                finishedAt,
                Optional.empty());
    }

    /** A deployment that has just started: in progress, no stages yet, no roles recorded. */
    public static DeploymentRecord started(String deploymentId, String service, String specVersion, Instant at) {
        return new DeploymentRecord(
                deploymentId,
                service,
                specVersion,
                at,
                at,
                Status.IN_PROGRESS,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** A deployment that has just started with the target group roles resolved for it. */
    public static DeploymentRecord started(
            String deploymentId, String service, String specVersion, Instant at, TargetGroupRoles roles) {
        return started(deploymentId, service, specVersion, at).withRoles(roles);
    }

    /** This record with its target group roles. */
    public DeploymentRecord withRoles(TargetGroupRoles resolved) {
        return new DeploymentRecord(
                deploymentId,
                service,
                specVersion,
                startedAt,
                updatedAt,
                status,
                stagesReached,
                outcomeReason,
                finishedAt,
                Optional.of(resolved),
                pendingApproval,
                rollbackWindow);
    }

    /** This record waiting at {@code approval} (or no longer waiting, when empty), changed at {@code now}. */
    public DeploymentRecord withPendingApproval(Optional<PendingApproval> approval, Instant now) {
        return changed(now, status, stagesReached, outcomeReason, finishedAt, approval, rollbackWindow);
    }

    /** This record with {@code window}, changed at {@code now}. */
    public DeploymentRecord withRollbackWindow(RollbackWindow window, Instant now) {
        return changed(now, status, stagesReached, outcomeReason, finishedAt, pendingApproval, Optional.of(window));
    }

    /** This record with {@code entry} appended, unless it already holds the same fact. */
    public DeploymentRecord withStage(StageEntry entry, Instant now) {
        if (stagesReached.stream().anyMatch(entry::sameFactAs)) {
            return this;
        }
        List<StageEntry> stages = new ArrayList<>(stagesReached);
        stages.add(entry);
        return changed(now, status, stages, outcomeReason, finishedAt, pendingApproval, rollbackWindow);
    }

    /** This record ended with {@code finalStatus}; an end is no longer waiting for approval. */
    public DeploymentRecord finished(Status finalStatus, String reason, Instant at, Instant now) {
        if (!finalStatus.isFinal()) {
            throw new IllegalArgumentException(
                    "a deployment finishes PROMOTED, ROLLED_BACK, FAILED or ABORTED, not " + finalStatus);
        }
        return changed(
                now,
                finalStatus,
                stagesReached,
                Optional.ofNullable(reason),
                Optional.of(at),
                Optional.empty(),
                rollbackWindow);
    }

    /**
     * This promoted record rolled back inside its rollback window: ROLLED_BACK at {@code at} for {@code reason}, the
     * window closed then.
     *
     * @throws IllegalStateException when it is not PROMOTED with a window open at {@code at}
     */
    public DeploymentRecord rolledBackInsideWindow(String reason, Instant at, Instant now) {
        if (status != Status.PROMOTED
                || rollbackWindow.isEmpty()
                || !rollbackWindow.get().isOpenAt(at)) {
            throw new IllegalStateException("deployment " + deploymentId + " is " + status
                    + rollbackWindow.map(w -> " with rollback window " + w).orElse(" without a rollback window")
                    + "; only a promotion whose window is open at " + at + " can be rolled back");
        }
        return changed(
                now,
                Status.ROLLED_BACK,
                stagesReached,
                Optional.ofNullable(reason),
                Optional.of(at),
                Optional.empty(),
                rollbackWindow.map(w -> w.closed(at)));
    }

    /** This deployment (same id, service, spec version, start and roles) as changed at {@code now}. */
    private DeploymentRecord changed(
            Instant now,
            Status newStatus,
            List<StageEntry> stages,
            Optional<String> reason,
            Optional<Instant> finished,
            Optional<PendingApproval> approval,
            Optional<RollbackWindow> window) {
        return new DeploymentRecord(
                deploymentId,
                service,
                specVersion,
                startedAt,
                now,
                newStatus,
                stages,
                reason,
                finished,
                roles,
                approval,
                window);
    }

    /** The last stage recorded, if any. */
    public Optional<StageEntry> lastStage() {
        return stagesReached.isEmpty() ? Optional.empty() : Optional.of(stagesReached.get(stagesReached.size() - 1));
    }
}
