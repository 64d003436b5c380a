package dev.cutover.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.deploy.LeaseAcquisition;
import dev.cutover.core.deploy.LeaseRules;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;

import static dev.cutover.postgres.Jdbc.instant;
import static dev.cutover.postgres.Jdbc.requireText;
import static dev.cutover.postgres.Jdbc.setInstant;

/**
 * {@link DeploymentLock} as one row per service in PostgreSQL (table {@code deployment_lock} of the ledger schema,
 * see {@link LedgerSchema}); the local runtime keeps it in its embedded database next to the ledger.
 *
 * <p>Acquiring is a single {@code INSERT ... ON CONFLICT (service) DO UPDATE ... WHERE holder = :me OR expires_at
 * <= :now RETURNING}: a free service gets a row, an expired lease is overwritten in place, the holder's own lease is
 * extended (keeping {@code acquired_at}), and a live lease of another deployment makes the statement return
 * nothing: {@link LeaseRules#claim}, applied atomically. PostgreSQL row-locks the conflicting row and re-evaluates
 * the condition on its latest version, so exactly one of any number of racing deployments wins.
 *
 * <p>The rest it shares with the DynamoDB lock ({@link LeaseAcquisition}, {@link LeaseRules}): "now" comes from the
 * injected clock (never the database's {@code now()}), a lease is valid strictly before its {@code expiresAt}, and
 * times are whole seconds, {@code acquiredAt} rounded down and {@code expiresAt} up, so a lease is never shorter
 * than asked.
 */
public final class PostgresDeploymentLock implements DeploymentLock {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDeploymentLock.class);

    private final Jdbc jdbc;
    private final Clock clock;
    private final String acquireSql;
    private final String selectSql;
    private final String releaseSql;
    private final String renewSql;
    private final String decideSql;

    /**
     * @param schema the ledger schema, created on first use; a lower-case SQL identifier
     */
    public PostgresDeploymentLock(DataSource dataSource, String schema, Clock clock) {
        this.jdbc = new Jdbc(dataSource, schema);
        this.clock = Objects.requireNonNull(clock, "clock");
        String table = jdbc.table("deployment_lock");
        this.acquireSql = "INSERT INTO " + table + " AS l (service, holder, acquired_at, expires_at)"
                + " VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (service) DO UPDATE SET"
                + "   holder = excluded.holder,"
                // renewing a live lease keeps when it was first taken; an expired one starts afresh
                + "   acquired_at = CASE WHEN l.holder = excluded.holder AND l.expires_at > excluded.acquired_at"
                + "                      THEN l.acquired_at ELSE excluded.acquired_at END,"
                + "   expires_at = excluded.expires_at,"
                // a renewal keeps the fence's phase; a lease taken afresh is HELD
                + "   phase = CASE WHEN l.holder = excluded.holder AND l.expires_at > excluded.acquired_at"
                + "                THEN l.phase ELSE 'HELD' END"
                + " WHERE l.holder = excluded.holder OR l.expires_at <= excluded.acquired_at"
                + " RETURNING holder, acquired_at, expires_at, phase";
        this.selectSql = "SELECT holder, acquired_at, expires_at, phase FROM " + table + " WHERE service = ?";
        // LeaseRules.mayRenew as one conditional UPDATE: only the holder's own live lease, still HELD
        this.renewSql = "UPDATE " + table + " SET expires_at = ?"
                + " WHERE service = ? AND holder = ? AND phase = 'HELD' AND expires_at > ?";
        // LeaseRules.decide as one conditional UPDATE: HELD -> the phase asked for, or already there (a retry)
        this.decideSql = "UPDATE " + table + " SET phase = ?"
                + " WHERE service = ? AND holder = ? AND (phase = 'HELD' OR phase = ?)";
        this.releaseSql = "DELETE FROM " + table + " WHERE service = ? AND holder = ?";
    }

    /** In the {@value LedgerSchema#DEFAULT_SCHEMA} schema. */
    public PostgresDeploymentLock(DataSource dataSource, Clock clock) {
        this(dataSource, LedgerSchema.DEFAULT_SCHEMA, clock);
    }

    @Override
    public LockLease acquire(String service, String deploymentId, Duration ttl) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        return LeaseAcquisition.acquire(
                clock,
                service,
                deploymentId,
                ttl,
                "PostgreSQL (ledger schema " + jdbc.schema() + ")",
                (acquiredAt, expiresAt) -> {
                    Optional<LockLease> taken = jdbc.autocommit(
                            "acquire the lock of service " + service + " for deployment " + deploymentId,
                            c -> tryAcquire(c, service, deploymentId, acquiredAt, expiresAt));
                    taken.ifPresent(lease -> LOG.info(
                            "deployment {} holds the lock of service {} until {} (since {})",
                            deploymentId,
                            service,
                            lease.expiresAt(),
                            lease.acquiredAt()));
                    return taken;
                },
                () -> holder(service));
    }

    private Optional<LockLease> tryAcquire(
            Connection c, String service, String deploymentId, Instant acquiredAt, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(acquireSql)) {
            statement.setString(1, service);
            statement.setString(2, deploymentId);
            setInstant(statement, 3, acquiredAt);
            setInstant(statement, 4, expiresAt);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(lease(service, rs)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean renew(String service, String deploymentId, Duration ttl) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        LeaseRules.requireTtl(ttl);
        Instant now = clock.instant();
        return jdbc.autocommit("renew the lock of service " + service + " for deployment " + deploymentId, c -> {
                    try (PreparedStatement statement = c.prepareStatement(renewSql)) {
                        setInstant(statement, 1, LeaseRules.expiresAt(now, ttl));
                        statement.setString(2, service);
                        statement.setString(3, deploymentId);
                        setInstant(statement, 4, now);
                        return statement.executeUpdate();
                    }
                })
                > 0;
    }

    @Override
    public boolean decide(String service, String deploymentId, LockLease.Phase phase) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        LeaseRules.decide(Optional.empty(), deploymentId, phase); // refuses HELD
        int updated = jdbc.autocommit(
                "decide " + phase + " on the lock of service " + service + " for deployment " + deploymentId, c -> {
                    try (PreparedStatement statement = c.prepareStatement(decideSql)) {
                        statement.setString(1, phase.name());
                        statement.setString(2, service);
                        statement.setString(3, deploymentId);
                        statement.setString(4, phase.name());
                        return statement.executeUpdate();
                    }
                });
        LOG.info(
                "deployment {} {} {} on the lock of service {}",
                deploymentId,
                updated > 0 ? "decided" : "lost,",
                phase,
                service);
        return updated > 0;
    }

    @Override
    public void release(String service, String deploymentId) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        int deleted =
                jdbc.autocommit("release the lock of service " + service + " by deployment " + deploymentId, c -> {
                    try (PreparedStatement statement = c.prepareStatement(releaseSql)) {
                        statement.setString(1, service);
                        statement.setString(2, deploymentId);
                        return statement.executeUpdate();
                    }
                });
        if (deleted > 0) {
            LOG.info("deployment {} released the lock of service {}", deploymentId, service);
        } else {
            LOG.info("deployment {} does not hold the lock of service {}; nothing to release", deploymentId, service);
        }
    }

    @Override
    public Optional<LockLease> holder(String service) {
        requireText(service, "service");
        Optional<LockLease> lease = jdbc.autocommit("read the lock of service " + service, c -> {
            try (PreparedStatement statement = c.prepareStatement(selectSql)) {
                statement.setString(1, service);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(lease(service, rs)) : Optional.empty();
                }
            }
        });
        return LeaseRules.live(lease, clock.instant());
    }

    private static LockLease lease(String service, ResultSet rs) throws SQLException {
        return new LockLease(
                service,
                rs.getString("holder"),
                instant(rs, "acquired_at"),
                instant(rs, "expires_at"),
                LockLease.Phase.valueOf(rs.getString("phase")));
    }
}
