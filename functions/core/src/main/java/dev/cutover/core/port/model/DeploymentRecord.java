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
        Optional<TargetGroupRoles> roles) {

    /** Where a deployment stands. Every status but {@link #IN_PROGRESS} is final. */
    public enum Status {
        IN_PROGRESS("in progress"),
        PROMOTED("promoted"),
        ROLLED_BACK("rolled back"),
        FAILED("failed");

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
        if (status.isFinal() != finishedAt.isPresent()) {
            throw new IllegalArgumentException("deployment " + deploymentId + " is " + status
                    + (status.isFinal() ? " but has no finishedAt" : " but has a finishedAt"));
        }
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
                Optional.of(resolved));
    }

    /** This record with {@code entry} appended, unless it already holds the same fact. */
    public DeploymentRecord withStage(StageEntry entry, Instant now) {
        if (stagesReached.stream().anyMatch(entry::sameFactAs)) {
            return this;
        }
        List<StageEntry> stages = new ArrayList<>(stagesReached);
        stages.add(entry);
        return new DeploymentRecord(
                deploymentId, service, specVersion, startedAt, now, status, stages, outcomeReason, finishedAt, roles);
    }

    /** This record ended with {@code finalStatus}. */
    public DeploymentRecord finished(Status finalStatus, String reason, Instant at, Instant now) {
        if (!finalStatus.isFinal()) {
            throw new IllegalArgumentException(
                    "a deployment finishes PROMOTED, ROLLED_BACK or FAILED, not " + finalStatus);
        }
        return new DeploymentRecord(
                deploymentId,
                service,
                specVersion,
                startedAt,
                now,
                finalStatus,
                stagesReached,
                Optional.ofNullable(reason),
                Optional.of(at),
                roles);
    }

    /** The last stage recorded, if any. */
    public Optional<StageEntry> lastStage() {
        return stagesReached.isEmpty() ? Optional.empty() : Optional.of(stagesReached.get(stagesReached.size() - 1));
    }
}
