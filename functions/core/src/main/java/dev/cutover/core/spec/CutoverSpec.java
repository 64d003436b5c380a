package dev.cutover.core.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One service's Cutover spec, parsed and validated. Immutable; every collection inside is unmodifiable.
 * Built only by {@link SpecParser}, which refuses a document that breaks any rule of
 * {@code functions/core/src/main/resources/cutover-spec.schema.json} or of {@link SpecValidator}.
 *
 * @param version       spec format version (1)
 * @param service       service name: lower-case letters, digits and dashes
 * @param routing       the load balancer pieces and the URLs smoke tests call
 * @param shifting      how production traffic moves from blue to green
 * @param health        alarms and metric gates that judge green
 * @param smokeTests    HTTP checks against the test and production listeners
 * @param migrations    database migrations run by BeforeInstall, if any
 * @param dataSync      blue vs green store comparisons run by BeforeAllowTraffic, if any
 * @param notifications where outcomes are announced
 * @param rollback      how traffic goes back to blue
 * @param databaseTls   how migrations and data-sync checks connect (verify-full against the RDS CA bundle unless
 *                      the spec's {@code databaseTls} says otherwise)
 */
public record CutoverSpec(
        int version,
        String service,
        Routing routing,
        Shifting shifting,
        HealthGates health,
        SmokeTests smokeTests,
        Optional<Migrations> migrations,
        Optional<DataSync> dataSync,
        Notifications notifications,
        RollbackPolicy rollback,
        DatabaseTls databaseTls) {

    public CutoverSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(shifting, "shifting");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(smokeTests, "smokeTests");
        Objects.requireNonNull(migrations, "migrations");
        Objects.requireNonNull(dataSync, "dataSync");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(databaseTls, "databaseTls");
    }

    /** A spec without {@code databaseTls}: database connections verify-full. */
    public CutoverSpec(
            int version,
            String service,
            Routing routing,
            Shifting shifting,
            HealthGates health,
            SmokeTests smokeTests,
            Optional<Migrations> migrations,
            Optional<DataSync> dataSync,
            Notifications notifications,
            RollbackPolicy rollback) {
        this(
                version,
                service,
                routing,
                shifting,
                health,
                smokeTests,
                migrations,
                dataSync,
                notifications,
                rollback,
                DatabaseTls.verifyFull());
    }

    /** This spec with another routing: the same routing resolved to one deployment's target group roles. */
    public CutoverSpec withRouting(Routing resolved) {
        return new CutoverSpec(
                version,
                service,
                resolved,
                shifting,
                health,
                smokeTests,
                migrations,
                dataSync,
                notifications,
                rollback,
                databaseTls);
    }
}
