package dev.cutover.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import dev.cutover.core.deploy.LeaseAcquisition;
import dev.cutover.core.deploy.LeaseRules;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.core.port.model.LockLease;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link DeploymentLock} as one DynamoDB item per service in the Cutover table (partition key {@code pk}, a
 * string; shared with {@link DynamoDbDeploymentLedger}). The item:
 * <pre>
 * pk         S  LOCK#&lt;service&gt;
 * service    S  the service
 * holder     S  the deployment id holding the lock
 * acquiredAt N  epoch seconds when the holder first took it
 * expiresAt  N  epoch seconds when the lease lapses
 * ttl        N  = expiresAt, so the table's TTL (attribute {@code ttl}) may clear dead leases eventually
 * phase      S  the fence ({@link LockLease.Phase}): HELD (or absent, for items written before it existed),
 *               PROMOTING or ROLLING_BACK
 * </pre>
 * A {@link #renew} and a {@link #decide} are each one UpdateItem whose condition expression is the rule of
 * {@link LeaseRules#mayRenew} / {@link LeaseRules#decide}, so a late writer's request fails with
 * ConditionalCheckFailedException instead of changing the lease ("Condition expressions", Amazon DynamoDB Developer
 * Guide: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.SpecifyingConditions.html).
 * Acquiring applies {@link LeaseRules#claim} as a conditional PutItem ({@code attribute_not_exists(pk) OR
 * expiresAt <= :now}), so exactly one of any number of racing deployments wins; a holder renewing is a conditional
 * UpdateItem ({@code holder = :me}) that keeps {@code acquiredAt}. The rest it shares with the PostgreSQL lock
 * ({@link LeaseAcquisition}, {@link LeaseRules}): "now" comes from the injected clock, and a lease is valid strictly
 * before its {@code expiresAt}; DynamoDB TTL deletes late (hours or days), so correctness never depends on it. Times
 * are whole seconds: {@code acquiredAt} is rounded down and {@code expiresAt} up, so a lease is never shorter than
 * asked.
 */
public final class DynamoDbDeploymentLock implements DeploymentLock {

    static final String PK = "pk";
    private static final String LOCK_PREFIX = "LOCK#";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbDeploymentLock.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbDeploymentLock(DynamoDbClient dynamo, String tableName, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = requireText(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DynamoDbDeploymentLock(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, Clock.systemUTC());
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
                "DynamoDB table " + table,
                (acquiredAt, expiresAt) -> take(service, deploymentId, acquiredAt, expiresAt),
                () -> holder(service));
    }

    /** {@link LeaseRules#claim} as two conditional writes: take a free or expired lock, else renew our own. */
    private Optional<LockLease> take(String service, String deploymentId, Instant acquiredAt, Instant expiresAt) {
        long nowSeconds = acquiredAt.getEpochSecond();
        long expiresAtSeconds = expiresAt.getEpochSecond();
        if (tryTake(service, deploymentId, nowSeconds, expiresAtSeconds)) {
            LOG.info("deployment {} took the lock of service {} until {}", deploymentId, service, expiresAt);
            return Optional.of(new LockLease(service, deploymentId, acquiredAt, expiresAt));
        }
        Optional<LockLease> renewed = tryRenew(service, deploymentId, expiresAtSeconds);
        renewed.ifPresent(lease -> LOG.info(
                "deployment {} renewed the lock of service {} until {}", deploymentId, service, lease.expiresAt()));
        return renewed;
    }

    @Override
    public boolean renew(String service, String deploymentId, Duration ttl) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        LeaseRules.requireTtl(ttl);
        Instant now = clock.instant();
        long expiresAt = LeaseRules.expiresAt(now, ttl).getEpochSecond();
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(service))
                    .updateExpression("SET expiresAt = :exp, #ttl = :exp")
                    .conditionExpression(
                            "holder = :me AND expiresAt > :now AND (attribute_not_exists(#phase) OR #phase = :held)")
                    .expressionAttributeNames(Map.of("#ttl", "ttl", "#phase", "phase"))
                    .expressionAttributeValues(Map.of(
                            ":exp",
                            n(expiresAt),
                            ":me",
                            s(deploymentId),
                            ":now",
                            n(now.getEpochSecond()),
                            ":held",
                            s(LockLease.Phase.HELD.name()))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            LOG.info("deployment {} no longer holds the fence of service {}; not renewed", deploymentId, service);
            return false;
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB UpdateItem " + LOCK_PREFIX + service + " in table " + table + " (renewal by deployment "
                            + deploymentId + ")" + " failed",
                    e);
        }
    }

    @Override
    public boolean decide(String service, String deploymentId, LockLease.Phase phase) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        LeaseRules.decide(Optional.empty(), deploymentId, phase); // refuses HELD
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(service))
                    .updateExpression("SET #phase = :to")
                    .conditionExpression(
                            "holder = :me AND (attribute_not_exists(#phase) OR #phase = :held OR #phase = :to)")
                    .expressionAttributeNames(Map.of("#phase", "phase"))
                    .expressionAttributeValues(Map.of(
                            ":to", s(phase.name()), ":me", s(deploymentId), ":held", s(LockLease.Phase.HELD.name()))));
            LOG.info("deployment {} decided {} on the lock of service {}", deploymentId, phase, service);
            return true;
        } catch (ConditionalCheckFailedException lost) {
            LOG.info("deployment {} lost the decision {} on the lock of service {}", deploymentId, phase, service);
            return false;
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB UpdateItem " + LOCK_PREFIX + service + " in table " + table + " (" + phase
                            + " by deployment " + deploymentId + ")" + " failed",
                    e);
        }
    }

    @Override
    public void release(String service, String deploymentId) {
        requireText(service, "service");
        requireText(deploymentId, "deploymentId");
        try {
            dynamo.deleteItem(r -> r.tableName(table)
                    .key(key(service))
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(deploymentId))));
            LOG.info("deployment {} released the lock of service {}", deploymentId, service);
        } catch (ConditionalCheckFailedException notHolder) {
            LOG.info("deployment {} does not hold the lock of service {}; nothing to release", deploymentId, service);
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB DeleteItem " + LOCK_PREFIX + service + " in table " + table + " (release by deployment "
                            + deploymentId + ")" + " failed",
                    e);
        }
    }

    @Override
    public Optional<LockLease> holder(String service) {
        requireText(service, "service");
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(r -> r.tableName(table).key(key(service)).consistentRead(true))
                    .item();
        } catch (SdkException e) {
            throw AwsErrors.fault("DynamoDB GetItem " + LOCK_PREFIX + service + " in table " + table + " failed", e);
        }
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return LeaseRules.live(Optional.of(lease(service, item)), clock.instant());
    }

    private boolean tryTake(String service, String deploymentId, long nowSeconds, long expiresAt) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            PK,
                            s(LOCK_PREFIX + service),
                            "service",
                            s(service),
                            "holder",
                            s(deploymentId),
                            "acquiredAt",
                            n(nowSeconds),
                            "expiresAt",
                            n(expiresAt),
                            "ttl",
                            n(expiresAt),
                            "phase",
                            s(LockLease.Phase.HELD.name())))
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                    .expressionAttributeValues(Map.of(":now", n(nowSeconds))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB PutItem " + LOCK_PREFIX + service + " in table " + table + " (acquire by deployment "
                            + deploymentId + ")" + " failed",
                    e);
        }
    }

    private Optional<LockLease> tryRenew(String service, String deploymentId, long expiresAt) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                            .key(key(service))
                            .updateExpression("SET expiresAt = :exp, #ttl = :exp")
                            .conditionExpression("holder = :me")
                            .expressionAttributeNames(Map.of("#ttl", "ttl"))
                            .expressionAttributeValues(Map.of(":exp", n(expiresAt), ":me", s(deploymentId)))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(lease(service, item));
        } catch (ConditionalCheckFailedException notOurs) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB UpdateItem " + LOCK_PREFIX + service + " in table " + table + " (renewal by deployment "
                            + deploymentId + ")" + " failed",
                    e);
        }
    }

    private LockLease lease(String service, Map<String, AttributeValue> item) {
        String where = "lock item " + LOCK_PREFIX + service + " in DynamoDB table " + table;
        return new LockLease(
                service,
                DynamoItems.string(item, "holder", where),
                Instant.ofEpochSecond(DynamoItems.number(item, "acquiredAt", where)),
                Instant.ofEpochSecond(DynamoItems.number(item, "expiresAt", where)),
                item.containsKey("phase")
                        ? LockLease.Phase.valueOf(DynamoItems.string(item, "phase", where))
                        : LockLease.Phase.HELD);
    }

    private static Map<String, AttributeValue> key(String service) {
        return Map.of(PK, s(LOCK_PREFIX + service));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
