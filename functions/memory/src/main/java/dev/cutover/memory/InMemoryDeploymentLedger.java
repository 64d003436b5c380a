package dev.cutover.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.deploy.LedgerRules;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.port.model.StageEntry;

/**
 * {@link DeploymentLedger} in this JVM's memory, for tests and the local runtime. Records are immutable values
 * replaced under one lock, so readers always see a whole record; {@code updatedAt} comes from the clock given.
 */
public final class InMemoryDeploymentLedger implements DeploymentLedger {

    private final Clock clock;
    private final Map<String, DeploymentRecord> records = new LinkedHashMap<>();
    /** The service's most recently started deployment, as the DynamoDB ledger's pointer item keeps it. */
    private final Map<String, String> latestByService = new LinkedHashMap<>();

    public InMemoryDeploymentLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void start(DeploymentRecord record) {
        LedgerRules.requireStartable(record);
        DeploymentRecord existing = records.get(record.deploymentId());
        if (existing == null) {
            records.put(record.deploymentId(), record);
            latestByService.put(record.service(), record.deploymentId());
            return;
        }
        LedgerRules.requireSameService(record.deploymentId(), existing.service(), record.service());
        if (LedgerRules.restartIsInFlight(existing.status())) {
            latestByService.put(record.service(), record.deploymentId());
        }
    }

    @Override
    public synchronized void stageReached(String deploymentId, StageEntry entry) {
        Objects.requireNonNull(entry, "entry");
        records.put(deploymentId, existing(deploymentId).withStage(entry, clock.instant()));
    }

    @Override
    public synchronized void finish(String deploymentId, Status status, String reason, Instant at) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        LedgerRules.requireFinal(deploymentId, status);
        DeploymentRecord current = existing(deploymentId);
        if (LedgerRules.finish(current, status) == LedgerRules.Finish.WRITE) {
            records.put(deploymentId, current.finished(status, reason, at, clock.instant()));
        }
    }

    @Override
    public synchronized Optional<DeploymentRecord> find(String deploymentId) {
        return Optional.ofNullable(records.get(deploymentId));
    }

    @Override
    public synchronized Optional<DeploymentRecord> findInFlight(String service) {
        return Optional.ofNullable(latestByService.get(service))
                .map(records::get)
                .filter(r -> r.status() == Status.IN_PROGRESS);
    }

    @Override
    public synchronized List<DeploymentRecord> history(String service, int limit) {
        Objects.requireNonNull(service, "service");
        LedgerRules.requireHistoryLimit(limit);
        List<DeploymentRecord> newestFirst = new ArrayList<>();
        // insertion order breaks ties of startedAt, as PostgreSQL's seq does: later recorded, newer
        records.values().stream().filter(r -> r.service().equals(service)).forEach(r -> newestFirst.add(0, r));
        return newestFirst.stream()
                .sorted(Comparator.comparing(DeploymentRecord::startedAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean awaitApproval(String deploymentId, PendingApproval approval) {
        Objects.requireNonNull(approval, "approval");
        DeploymentRecord current = existing(deploymentId);
        if (!LedgerRules.mayAwaitApproval(current)) {
            return false;
        }
        records.put(deploymentId, current.withPendingApproval(Optional.of(approval), clock.instant()));
        return true;
    }

    @Override
    public synchronized boolean clearApproval(String deploymentId, int stageIndex) {
        DeploymentRecord current = existing(deploymentId);
        if (!LedgerRules.mayAwaitApproval(current)
                || !LedgerRules.clearsApproval(current.pendingApproval(), stageIndex)) {
            return false;
        }
        records.put(deploymentId, current.withPendingApproval(Optional.empty(), clock.instant()));
        return true;
    }

    @Override
    public synchronized boolean openRollbackWindow(String deploymentId, Instant endsAt) {
        Objects.requireNonNull(endsAt, "endsAt");
        DeploymentRecord current = existing(deploymentId);
        if (!LedgerRules.mayOpenWindow(current)) {
            return false;
        }
        records.put(deploymentId, current.withRollbackWindow(RollbackWindow.open(endsAt), clock.instant()));
        return true;
    }

    @Override
    public synchronized boolean closeRollbackWindow(String deploymentId, Instant at) {
        Objects.requireNonNull(at, "at");
        DeploymentRecord current = existing(deploymentId);
        if (!LedgerRules.closesWindow(current.rollbackWindow())) {
            return false;
        }
        records.put(
                deploymentId,
                current.withRollbackWindow(current.rollbackWindow().get().closed(at), clock.instant()));
        return true;
    }

    @Override
    public synchronized boolean rollBackInsideWindow(String deploymentId, String reason, Instant at) {
        Objects.requireNonNull(at, "at");
        DeploymentRecord current = existing(deploymentId);
        if (!LedgerRules.mayRollBackInsideWindow(current, at)) {
            return false;
        }
        records.put(deploymentId, current.rolledBackInsideWindow(reason, at, clock.instant()));
        return true;
    }

    /** Every record, oldest start first; for the local runtime's views and for tests. */
    public synchronized List<DeploymentRecord> all() {
        return records.values().stream()
                .sorted(Comparator.comparing(DeploymentRecord::startedAt))
                .toList();
    }

    private DeploymentRecord existing(String deploymentId) {
        DeploymentRecord record = records.get(deploymentId);
        if (record == null) {
            throw new IllegalStateException("no deployment " + deploymentId + " in the ledger; start() it first");
        }
        return record;
    }
}
