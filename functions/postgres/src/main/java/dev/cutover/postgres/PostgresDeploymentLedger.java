package dev.cutover.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.deploy.LedgerRules;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.JudgeFindingsJson;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.TargetGroupRoles;

import static dev.cutover.postgres.Jdbc.instant;
import static dev.cutover.postgres.Jdbc.requireText;
import static dev.cutover.postgres.Jdbc.setInstant;

/**
 * {@link DeploymentLedger} in PostgreSQL, in the ledger schema (see {@link LedgerSchema}); the local runtime keeps it
 * in its embedded database. Three tables:
 * <ul>
 * <li>{@code deployment}: one row per deployment (id, service, spec version, status, started/updated/finished
 * times, outcome reason, the target group roles resolved when it started, the pending approval, the rollback
 * window: migration V2_3);</li>
 * <li>{@code deployment_stage}: one row per stage entry, in the order recorded, unique on the entry's
 * {@link StageEntry#sameFactAs fact} (everything but its time), so a repeated entry is a no-op; the statistical
 * judge's findings in a JSONB array (migration V2_4), outside the fact;</li>
 * <li>{@code deployment_in_flight}: per service, its most recently started deployment while that is in progress,
 * the same pointer the DynamoDB ledger keeps, so that {@link #findInFlight} answers exactly as the other ledgers
 * do.</li>
 * </ul>
 * Every method that touches two tables does so in one transaction, the deployment row locked first, so unlike the
 * DynamoDB ledger no crash can leave the pointer behind. {@code updatedAt} comes from the injected clock. Instants
 * are kept to the microsecond (PostgreSQL's precision).
 */
public final class PostgresDeploymentLedger implements DeploymentLedger {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDeploymentLedger.class);

    private final Jdbc jdbc;
    private final Clock clock;
    private final String deployment;
    private final String stage;
    private final String inFlight;
    private final String selectRecords;

    /**
     * @param schema the ledger schema, created on first use; a lower-case SQL identifier
     */
    public PostgresDeploymentLedger(DataSource dataSource, String schema, Clock clock) {
        this.jdbc = new Jdbc(dataSource, schema);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deployment = jdbc.table("deployment");
        this.stage = jdbc.table("deployment_stage");
        this.inFlight = jdbc.table("deployment_in_flight");
        // one statement reads a deployment with its stages, so the two come from one snapshot
        this.selectRecords = "SELECT d.id, d.service, d.spec_version, d.status, d.started_at, d.updated_at,"
                + " d.finished_at, d.outcome_reason, d.blue_target_group, d.green_target_group,"
                + " d.approval_task_token, d.approval_stage_index, d.approval_percent, d.approval_requested_at,"
                + " d.approval_expires_at, d.window_ends_at, d.window_closed_at, s.idx, s.percent, s.blue, s.green, s.verdict, s.at,"
                + " s.findings::text AS findings"
                + " FROM " + deployment + " d LEFT JOIN " + stage + " s ON s.deployment_id = d.id";
    }

    /** In the {@value LedgerSchema#DEFAULT_SCHEMA} schema. */
    public PostgresDeploymentLedger(DataSource dataSource, Clock clock) {
        this(dataSource, LedgerSchema.DEFAULT_SCHEMA, clock);
    }

    @Override
    public void start(DeploymentRecord record) {
        LedgerRules.requireStartable(record);
        String id = record.deploymentId();
        jdbc.transaction("start deployment " + id + " of service " + record.service(), c -> {
            if (insert(c, record)) {
                for (StageEntry entry : record.stagesReached()) {
                    insertStage(c, id, entry);
                }
                pointInFlight(c, record.service(), id);
                LOG.info(
                        "ledger: deployment {} of service {} started (spec version {})",
                        id,
                        record.service(),
                        record.specVersion());
                return null;
            }
            Existing existing = lockExisting(c, id);
            if (existing == null) {
                // the insert met a row that a concurrent transaction has since deleted; nothing here deletes
                throw new IllegalStateException("deployment " + id + " was there when starting it and gone right"
                        + " after; is something else deleting rows of " + deployment + "?");
            }
            LedgerRules.requireSameService(id, existing.service(), record.service());
            if (LedgerRules.restartIsInFlight(existing.status())) {
                pointInFlight(c, record.service(), id);
            }
            LOG.info("ledger: deployment {} was already started ({}); keeping the first record", id, existing.status());
            return null;
        });
    }

    @Override
    public void stageReached(String deploymentId, StageEntry entry) {
        requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(entry, "entry");
        jdbc.transaction("record stage " + entry.index() + " of deployment " + deploymentId, c -> {
            // locks the deployment, so entries and updated_at change together and in order
            if (lockExisting(c, deploymentId) == null) {
                throw unknown(deploymentId);
            }
            if (insertStage(c, deploymentId, entry)) {
                try (PreparedStatement s =
                        c.prepareStatement("UPDATE " + deployment + " SET updated_at = ? WHERE id = ?")) {
                    setInstant(s, 1, clock.instant());
                    s.setString(2, deploymentId);
                    s.executeUpdate();
                }
                LOG.info(
                        "ledger: deployment {} reached stage {} ({}% on green, weights {}/{}): {}",
                        deploymentId,
                        entry.index(),
                        entry.percent(),
                        entry.blueWeight(),
                        entry.greenWeight(),
                        entry.verdict());
            } else {
                LOG.info(
                        "ledger: deployment {} already has stage entry {}; a retried task",
                        deploymentId,
                        entry.factKey());
            }
            return null;
        });
    }

    @Override
    public void finish(String deploymentId, Status status, String reason, Instant at) {
        requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        LedgerRules.requireFinal(deploymentId, status);
        jdbc.transaction("finish deployment " + deploymentId + " as " + status, c -> {
            String service;
            try (PreparedStatement s = c.prepareStatement("UPDATE " + deployment
                    + " SET status = ?, finished_at = ?, updated_at = ?, outcome_reason = ?, " + NO_APPROVAL
                    + " WHERE id = ? AND status = 'IN_PROGRESS' RETURNING service")) {
                s.setString(1, status.name());
                setInstant(s, 2, at);
                setInstant(s, 3, clock.instant());
                s.setString(4, reason);
                s.setString(5, deploymentId);
                try (ResultSet rs = s.executeQuery()) {
                    service = rs.next() ? rs.getString(1) : null;
                }
            }
            if (service != null) {
                LOG.info("ledger: deployment {} of service {} finished {}: {}", deploymentId, service, status, reason);
            } else {
                Optional<DeploymentRecord> current = find(c, deploymentId);
                if (current.isEmpty()) {
                    throw unknown(deploymentId);
                }
                LedgerRules.requireSameEnd(current.get(), status);
                service = current.get().service();
                LOG.info("ledger: deployment {} had already finished {}; a retried task", deploymentId, status);
            }
            try (PreparedStatement s =
                    c.prepareStatement("DELETE FROM " + inFlight + " WHERE service = ? AND deployment_id = ?")) {
                s.setString(1, service);
                s.setString(2, deploymentId);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<DeploymentRecord> find(String deploymentId) {
        requireText(deploymentId, "deploymentId");
        return jdbc.autocommit("read deployment " + deploymentId, c -> find(c, deploymentId));
    }

    @Override
    public Optional<DeploymentRecord> findInFlight(String service) {
        requireText(service, "service");
        return jdbc.autocommit("read the in-flight deployment of service " + service, c -> {
            try (PreparedStatement s = c.prepareStatement(selectRecords
                    + " WHERE d.id = (SELECT deployment_id FROM " + inFlight + " WHERE service = ?)"
                    + " AND d.status = 'IN_PROGRESS' ORDER BY s.seq")) {
                s.setString(1, service);
                return records(s).stream().findFirst();
            }
        });
    }

    @Override
    public List<DeploymentRecord> history(String service, int limit) {
        requireText(service, "service");
        LedgerRules.requireHistoryLimit(limit);
        return jdbc.autocommit("read the history of service " + service, c -> {
            // the index on (service, started_at) finds the newest ids; seq breaks ties as the insertion order
            try (PreparedStatement s = c.prepareStatement(selectRecords + " WHERE d.id IN (SELECT id FROM "
                    + deployment + " WHERE service = ? ORDER BY started_at DESC, seq DESC LIMIT ?)"
                    + " ORDER BY d.started_at DESC, d.seq DESC, s.seq")) {
                s.setString(1, service);
                s.setInt(2, limit);
                return records(s);
            }
        });
    }

    @Override
    public boolean awaitApproval(String deploymentId, PendingApproval approval) {
        Objects.requireNonNull(approval, "approval");
        return conditionalUpdate(
                "record the approval gate of stage " + approval.stageIndex() + " of deployment " + deploymentId,
                deploymentId,
                "approval_task_token = ?, approval_stage_index = ?, approval_percent = ?,"
                        + " approval_requested_at = ?, approval_expires_at = ?",
                "status = 'IN_PROGRESS'",
                s -> {
                    s.setString(1, approval.taskToken());
                    s.setInt(2, approval.stageIndex());
                    s.setInt(3, approval.percent());
                    setInstant(s, 4, approval.requestedAt());
                    setInstant(s, 5, approval.expiresAt());
                    return 6;
                });
    }

    @Override
    public boolean clearApproval(String deploymentId, int stageIndex) {
        return conditionalUpdate(
                "clear the approval gate of stage " + stageIndex + " of deployment " + deploymentId,
                deploymentId,
                NO_APPROVAL,
                "status = 'IN_PROGRESS' AND approval_stage_index = " + stageIndex,
                s -> 1);
    }

    @Override
    public boolean openRollbackWindow(String deploymentId, Instant endsAt) {
        Objects.requireNonNull(endsAt, "endsAt");
        return conditionalUpdate(
                "open the rollback window of deployment " + deploymentId,
                deploymentId,
                "window_ends_at = ?",
                "status = 'PROMOTED' AND window_ends_at IS NULL",
                s -> {
                    setInstant(s, 1, endsAt);
                    return 2;
                });
    }

    @Override
    public boolean closeRollbackWindow(String deploymentId, Instant at) {
        Objects.requireNonNull(at, "at");
        return conditionalUpdate(
                "close the rollback window of deployment " + deploymentId,
                deploymentId,
                "window_closed_at = ?",
                "window_ends_at IS NOT NULL AND window_closed_at IS NULL",
                s -> {
                    setInstant(s, 1, at);
                    return 2;
                });
    }

    @Override
    public boolean rollBackInsideWindow(String deploymentId, String reason, Instant at) {
        Objects.requireNonNull(at, "at");
        return conditionalUpdate(
                "roll back deployment " + deploymentId + " inside its rollback window",
                deploymentId,
                "status = 'ROLLED_BACK', finished_at = ?, outcome_reason = ?, window_closed_at = ?",
                "status = 'PROMOTED' AND window_closed_at IS NULL AND window_ends_at > ?",
                s -> {
                    setInstant(s, 1, at);
                    s.setString(2, reason);
                    setInstant(s, 3, at);
                    // 4 is updated_at, 5 the id
                    setInstant(s, 6, at);
                    return 4;
                });
    }

    private static final String NO_APPROVAL = "approval_task_token = NULL, approval_stage_index = NULL,"
            + " approval_percent = NULL, approval_requested_at = NULL, approval_expires_at = NULL";

    /** Binds a conditional update's SET values from 1 and returns the index of updated_at (the id follows it). */
    @FunctionalInterface
    private interface Binder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * {@code UPDATE deployment SET <set>, updated_at = ? WHERE id = ? AND <condition>}: parameters of the condition
     * follow the id.
     *
     * @return whether the row matched the condition and was written
     * @throws IllegalStateException when there is no such deployment
     */
    private boolean conditionalUpdate(String what, String deploymentId, String set, String condition, Binder binder) {
        requireText(deploymentId, "deploymentId");
        return jdbc.autocommit(what, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE " + deployment + " SET " + set + ", updated_at = ? WHERE id = ? AND " + condition)) {
                int next = binder.bind(s);
                setInstant(s, next, clock.instant());
                s.setString(next + 1, deploymentId);
                if (s.executeUpdate() == 1) {
                    LOG.info("ledger: {}", what);
                    return true;
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + deployment + " WHERE id = ?")) {
                s.setString(1, deploymentId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw unknown(deploymentId);
                    }
                }
            }
            LOG.info("ledger: {}: nothing to change", what);
            return false;
        });
    }

    /** Every deployment, oldest start first; for the local runtime's views and for tests. */
    public List<DeploymentRecord> all() {
        return jdbc.autocommit("list deployments", c -> {
            try (PreparedStatement s = c.prepareStatement(selectRecords + " ORDER BY d.started_at, d.seq, s.seq")) {
                return records(s);
            }
        });
    }

    private Optional<DeploymentRecord> find(Connection c, String deploymentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(selectRecords + " WHERE d.id = ? ORDER BY s.seq")) {
            s.setString(1, deploymentId);
            return records(s).stream().findFirst();
        }
    }

    /** The rows of {@link #selectRecords}, grouped into records in row order. */
    private List<DeploymentRecord> records(PreparedStatement statement) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("id");
                Row row = rows.get(id);
                if (row == null) {
                    row = new Row(rs);
                    rows.put(id, row);
                }
                if (rs.getString("verdict") != null) {
                    row.stages.add(new StageEntry(
                            rs.getInt("idx"),
                            rs.getInt("percent"),
                            rs.getInt("blue"),
                            rs.getInt("green"),
                            rs.getString("verdict"),
                            instant(rs, "at"),
                            JudgeFindingsJson.fromJson(rs.getString("findings"))));
                }
            }
        }
        return rows.values().stream().map(Row::toRecord).toList();
    }

    private final class Row {
        private final String id;
        private final String service;
        private final String specVersion;
        private final String status;
        private final Instant startedAt;
        private final Instant updatedAt;
        private final Instant finishedAt;
        private final String reason;
        private final String blue;
        private final String green;
        private final Optional<PendingApproval> approval;
        private final Optional<RollbackWindow> window;
        private final List<StageEntry> stages = new ArrayList<>();

        Row(ResultSet rs) throws SQLException {
            id = rs.getString("id");
            service = rs.getString("service");
            specVersion = rs.getString("spec_version");
            status = rs.getString("status");
            startedAt = instant(rs, "started_at");
            updatedAt = instant(rs, "updated_at");
            finishedAt = instant(rs, "finished_at");
            reason = rs.getString("outcome_reason");
            blue = rs.getString("blue_target_group");
            green = rs.getString("green_target_group");
            String token = rs.getString("approval_task_token");
            approval = token == null
                    ? Optional.empty()
                    : Optional.of(new PendingApproval(
                            token,
                            rs.getInt("approval_stage_index"),
                            rs.getInt("approval_percent"),
                            instant(rs, "approval_requested_at"),
                            instant(rs, "approval_expires_at")));
            Instant endsAt = instant(rs, "window_ends_at");
            window = endsAt == null
                    ? Optional.empty()
                    : Optional.of(new RollbackWindow(endsAt, Optional.ofNullable(instant(rs, "window_closed_at"))));
        }

        DeploymentRecord toRecord() {
            Status parsed;
            try {
                parsed = Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                // the table's check constraint keeps this out, unless someone changed the schema by hand
                throw new IllegalStateException(
                        "deployment " + id + " in " + deployment + " has status \"" + status
                                + "\"; expected one of IN_PROGRESS, PROMOTED, ROLLED_BACK, FAILED, ABORTED",
                        e);
            }
            return new DeploymentRecord(
                    id,
                    service,
                    specVersion,
                    startedAt,
                    updatedAt,
                    parsed,
                    stages,
                    Optional.ofNullable(reason),
                    Optional.ofNullable(finishedAt),
                    // the table's check constraint keeps both or neither
                    blue == null ? Optional.empty() : Optional.of(new TargetGroupRoles(blue, green)),
                    approval,
                    window);
        }
    }

    /** @return whether the row was new (false: the id was already there, and nothing was written) */
    private boolean insert(Connection c, DeploymentRecord record) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + deployment
                + " (id, service, spec_version, status, started_at, updated_at, finished_at, outcome_reason,"
                + " blue_target_group, green_target_group)"
                + " VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            s.setString(1, record.deploymentId());
            s.setString(2, record.service());
            s.setString(3, record.specVersion());
            s.setString(4, record.status().name());
            setInstant(s, 5, record.startedAt());
            setInstant(s, 6, record.updatedAt());
            s.setString(7, record.outcomeReason().orElse(null));
            s.setString(8, record.roles().map(TargetGroupRoles::blue).orElse(null));
            s.setString(9, record.roles().map(TargetGroupRoles::green).orElse(null));
            return s.executeUpdate() == 1;
        }
    }

    /** @return whether the entry was new (false: the same fact was already recorded) */
    private boolean insertStage(Connection c, String deploymentId, StageEntry entry) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + stage
                + " (deployment_id, idx, percent, blue, green, verdict, at, findings)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (deployment_id, idx, percent, blue, green, md5(verdict)) DO NOTHING")) {
            s.setString(1, deploymentId);
            s.setInt(2, entry.index());
            s.setInt(3, entry.percent());
            s.setInt(4, entry.blueWeight());
            s.setInt(5, entry.greenWeight());
            s.setString(6, entry.verdict());
            setInstant(s, 7, entry.at());
            s.setString(8, JudgeFindingsJson.toJson(entry.findings()));
            return s.executeUpdate() == 1;
        }
    }

    private void pointInFlight(Connection c, String service, String deploymentId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + inFlight + " (service, deployment_id)"
                + " VALUES (?, ?) ON CONFLICT (service) DO UPDATE SET deployment_id = excluded.deployment_id")) {
            s.setString(1, service);
            s.setString(2, deploymentId);
            s.executeUpdate();
        }
    }

    /** The status is one of {@link Status}'s names: the table's check constraint says so. */
    private record Existing(String service, Status status) {}

    /**
     * Locks the deployment's row until the transaction ends (as an UPDATE of it would), so that concurrent writes
     * to one deployment take turns.
     *
     * @return its service and status, or null when there is no such deployment
     */
    private Existing lockExisting(Connection c, String deploymentId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT service, status FROM " + deployment + " WHERE id = ? FOR NO KEY UPDATE")) {
            s.setString(1, deploymentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Existing(rs.getString(1), Status.valueOf(rs.getString(2))) : null;
            }
        }
    }

    private IllegalStateException unknown(String deploymentId) {
        return LedgerRules.unknown(deploymentId, "PostgreSQL table " + deployment);
    }
}
