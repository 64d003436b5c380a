package dev.cutover.aws;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import dev.cutover.core.deploy.LedgerRules;
import dev.cutover.core.port.DeploymentLedger;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.JudgeFinding;
import dev.cutover.core.port.model.JudgeFindingsJson;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.TargetGroupRoles;

import static dev.cutover.aws.Arguments.requireText;

/**
 * {@link DeploymentLedger} in the Cutover DynamoDB table (partition key {@code pk}, a string; shared with
 * {@link DynamoDbDeploymentLock}). Two kinds of item:
 * <pre>
 * pk = DEPLOYMENT#&lt;id&gt;   one per deployment
 *   deploymentId, service, specVersion          S
 *   startedAt, updatedAt, finishedAt?           S  ISO-8601 instants
 *   status                                      S  IN_PROGRESS | PROMOTED | ROLLED_BACK | FAILED | ABORTED
 *   stages                                      L  of M {index, percent, blueWeight, greenWeight N; verdict, at S;
 *                                                  findings S, JSON, only when the statistical judge gave some}
 *   stageKeys                                   SS one {@link StageEntry#factKey()} per stage entry, to drop repeats
 *   reason?                                     S
 *   blueTargetGroup?, greenTargetGroup?         S  the roles resolved when it started; both or neither
 *   pendingApproval?                            M  {taskToken S, stageIndex, percent N, requestedAt, expiresAt S}
 *   windowEndsAt?, windowClosedAt?              N  the rollback window, epoch milliseconds (compared in conditions)
 * pk = INFLIGHT#&lt;service&gt;  a pointer to the service's most recently started deployment
 *   deploymentId, startedAt                     S
 * </pre>
 * The pointer is written on start and deleted (only if it still points at that deployment) on finish. The two
 * writes are not one transaction: a crash between them leaves a pointer to a finished deployment, which
 * {@link #findInFlight} ignores and the next finish or start repairs. No GSI is needed, and a service's in-flight
 * deployment is one consistent read away (the alarm path reads it on every alarm).
 *
 * <p>{@link #history} queries the global secondary index {@value #HISTORY_INDEX} (partition key {@code service},
 * sort key {@code startedAt}, both strings, all attributes projected; template.yaml declares it). Only deployment
 * items have both attributes (a lock item has {@code service} but no {@code startedAt}, a pointer the reverse), so the
 * index is sparse and holds exactly the deployments, older items included. ISO-8601 instants sort as text except
 * within one second ({@code 10:00:01.250Z} sorts before {@code 10:00:01Z}), so the page read is re-sorted by time; a
 * service's deployments are minutes apart, which the lock enforces. A GSI is eventually consistent ("Reading from a
 * global secondary index", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html): a deployment
 * started a moment ago may be missing from the history, never from {@link #find} or {@link #findInFlight}.
 *
 * <p>The roles are written only by the start's PutItem, which is conditional on {@code attribute_not_exists(pk)}: a
 * retried start meets the condition and keeps the first record, roles included ("Preventing overwrites of an
 * existing item", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
 * No update expression here touches them.
 *
 * <p>Stage entries are appended with {@code list_append}; the condition {@code NOT contains(stageKeys, :key)}
 * turns a retried task's second write of the same stage into a no-op.
 */
public final class DynamoDbDeploymentLedger implements DeploymentLedger {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbDeploymentLedger.class);
    private static final String PK = DynamoDbDeploymentLock.PK;
    private static final String DEPLOYMENT_PREFIX = "DEPLOYMENT#";
    private static final String INFLIGHT_PREFIX = "INFLIGHT#";
    private static final String BLUE = "blueTargetGroup";
    private static final String GREEN = "greenTargetGroup";
    private static final String APPROVAL = "pendingApproval";
    private static final String WINDOW_ENDS = "windowEndsAt";
    private static final String WINDOW_CLOSED = "windowClosedAt";
    /** The sparse GSI on (service, startedAt) that {@link #history} reads. */
    public static final String HISTORY_INDEX = "ServiceStartedAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbDeploymentLedger(DynamoDbClient dynamo, String tableName, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = requireText(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DynamoDbDeploymentLedger(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, Clock.systemUTC());
    }

    @Override
    public void start(DeploymentRecord record) {
        LedgerRules.requireStartable(record);
        String id = record.deploymentId();
        boolean inProgress;
        try {
            dynamo.putItem(
                    r -> r.tableName(table).item(toItem(record)).conditionExpression("attribute_not_exists(pk)"));
            inProgress = true;
            LOG.info(
                    "ledger: deployment {} of service {} started (spec version {})",
                    id,
                    record.service(),
                    record.specVersion());
        } catch (ConditionalCheckFailedException exists) {
            DeploymentRecord existing = find(id).orElseThrow(() -> new IllegalStateException("deployment " + id
                    + " was there when starting it and gone right after; is something else deleting ledger items in "
                    + table + "?"));
            LedgerRules.requireSameService(id, existing.service(), record.service());
            inProgress = LedgerRules.restartIsInFlight(existing.status());
            LOG.info("ledger: deployment {} was already started ({}); keeping the first record", id, existing.status());
        } catch (SdkException e) {
            throw AwsErrors.fault("DynamoDB PutItem " + DEPLOYMENT_PREFIX + id + " in table " + table + " failed", e);
        }
        if (inProgress) {
            pointInFlight(record.service(), id, record.startedAt());
        }
    }

    @Override
    public void stageReached(String deploymentId, StageEntry entry) {
        requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(entry, "entry");
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(deploymentKey(deploymentId))
                    .updateExpression("SET stages = list_append(if_not_exists(stages, :none), :entry), "
                            + "updatedAt = :now ADD stageKeys :keys")
                    .conditionExpression("attribute_exists(pk) AND NOT contains(stageKeys, :key)")
                    .expressionAttributeValues(Map.of(
                            ":none", AttributeValue.fromL(List.of()),
                            ":entry", AttributeValue.fromL(List.of(toItem(entry))),
                            ":now", s(clock.instant().toString()),
                            ":keys", AttributeValue.fromSs(List.of(entry.factKey())),
                            ":key", s(entry.factKey()))));
            LOG.info(
                    "ledger: deployment {} reached stage {} ({}% on green, weights {}/{}): {}",
                    deploymentId,
                    entry.index(),
                    entry.percent(),
                    entry.blueWeight(),
                    entry.greenWeight(),
                    entry.verdict());
        } catch (ConditionalCheckFailedException refused) {
            if (find(deploymentId).isEmpty()) {
                throw unknown(deploymentId);
            }
            LOG.info("ledger: deployment {} already has stage entry {}; a retried task", deploymentId, entry.factKey());
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB UpdateItem " + DEPLOYMENT_PREFIX + deploymentId + " in table " + table + " (stage "
                            + entry.index() + ")" + " failed",
                    e);
        }
    }

    @Override
    public void finish(String deploymentId, Status status, String reason, Instant at) {
        requireText(deploymentId, "deploymentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        LedgerRules.requireFinal(deploymentId, status);
        String service;
        try {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(
                    ":status", s(status.name()),
                    ":inProgress", s(Status.IN_PROGRESS.name()),
                    ":at", s(at.toString()),
                    ":now", s(clock.instant().toString())));
            String set = "SET #status = :status, finishedAt = :at, updatedAt = :now";
            if (reason != null) {
                values.put(":reason", s(reason));
                set += ", reason = :reason";
            }
            String update = set + " REMOVE " + APPROVAL;
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                            .key(deploymentKey(deploymentId))
                            .updateExpression(update)
                            .conditionExpression("attribute_exists(pk) AND #status = :inProgress")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(values)
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            service = DynamoItems.string(item, "service", where(deploymentId));
            LOG.info("ledger: deployment {} of service {} finished {}: {}", deploymentId, service, status, reason);
        } catch (ConditionalCheckFailedException notInProgress) {
            DeploymentRecord current = find(deploymentId).orElseThrow(() -> unknown(deploymentId));
            LedgerRules.requireSameEnd(current, status);
            service = current.service();
            LOG.info("ledger: deployment {} had already finished {}; a retried task", deploymentId, status);
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB UpdateItem " + DEPLOYMENT_PREFIX + deploymentId + " in table " + table + " (finish "
                            + status + ")" + " failed",
                    e);
        }
        // also on a repeated finish: it repairs a pointer left by a crash between the two writes
        clearInFlight(service, deploymentId);
    }

    @Override
    public Optional<DeploymentRecord> find(String deploymentId) {
        requireText(deploymentId, "deploymentId");
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(r ->
                            r.tableName(table).key(deploymentKey(deploymentId)).consistentRead(true))
                    .item();
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB GetItem " + DEPLOYMENT_PREFIX + deploymentId + " in table " + table + " failed", e);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(deploymentId, item));
    }

    @Override
    public Optional<DeploymentRecord> findInFlight(String service) {
        requireText(service, "service");
        Map<String, AttributeValue> pointer;
        try {
            pointer = dynamo.getItem(
                            r -> r.tableName(table).key(inFlightKey(service)).consistentRead(true))
                    .item();
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB GetItem " + INFLIGHT_PREFIX + service + " in table " + table + " failed", e);
        }
        if (pointer == null || pointer.isEmpty()) {
            return Optional.empty();
        }
        String id = DynamoItems.string(
                pointer,
                "deploymentId",
                "in-flight pointer " + INFLIGHT_PREFIX + service + " in DynamoDB table " + table);
        return find(id).filter(record -> record.status() == Status.IN_PROGRESS);
    }

    @Override
    public List<DeploymentRecord> history(String service, int limit) {
        requireText(service, "service");
        LedgerRules.requireHistoryLimit(limit);
        QueryResponse response;
        try {
            response = dynamo.query(r -> r.tableName(table)
                    .indexName(HISTORY_INDEX)
                    .keyConditionExpression("#service = :service")
                    .expressionAttributeNames(Map.of("#service", "service"))
                    .expressionAttributeValues(Map.of(":service", s(service)))
                    .scanIndexForward(false)
                    .limit(limit));
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB Query " + HISTORY_INDEX + " (service " + service + ") in table " + table + " failed", e);
        }
        List<DeploymentRecord> records = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            String id = DynamoItems.string(item, "deploymentId", "history item of " + service + " in " + table);
            records.add(toRecord(id, item));
        }
        records.sort(java.util.Comparator.comparing(DeploymentRecord::startedAt).reversed());
        return records;
    }

    @Override
    public boolean awaitApproval(String deploymentId, PendingApproval approval) {
        Objects.requireNonNull(approval, "approval");
        return conditionalUpdate(
                deploymentId,
                "approval gate of stage " + approval.stageIndex(),
                "SET " + APPROVAL + " = :approval",
                "#status = :inProgress",
                Map.of(":approval", toItem(approval), ":inProgress", s(Status.IN_PROGRESS.name())));
    }

    @Override
    public boolean clearApproval(String deploymentId, int stageIndex) {
        return conditionalUpdate(
                deploymentId,
                "clear the approval gate of stage " + stageIndex,
                "REMOVE " + APPROVAL + " SET",
                "#status = :inProgress AND " + APPROVAL + ".stageIndex = :stage",
                Map.of(":inProgress", s(Status.IN_PROGRESS.name()), ":stage", n(stageIndex)));
    }

    @Override
    public boolean openRollbackWindow(String deploymentId, Instant endsAt) {
        Objects.requireNonNull(endsAt, "endsAt");
        return conditionalUpdate(
                deploymentId,
                "open the rollback window",
                "SET " + WINDOW_ENDS + " = :ends",
                "#status = :promoted AND attribute_not_exists(" + WINDOW_ENDS + ")",
                Map.of(":ends", millis(endsAt), ":promoted", s(Status.PROMOTED.name())));
    }

    @Override
    public boolean closeRollbackWindow(String deploymentId, Instant at) {
        Objects.requireNonNull(at, "at");
        return conditionalUpdate(
                deploymentId,
                "close the rollback window",
                "SET " + WINDOW_CLOSED + " = :at",
                "attribute_exists(" + WINDOW_ENDS + ") AND attribute_not_exists(" + WINDOW_CLOSED + ")",
                Map.of(":at", millis(at)));
    }

    @Override
    public boolean rollBackInsideWindow(String deploymentId, String reason, Instant at) {
        Objects.requireNonNull(at, "at");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":rolledBack", s(Status.ROLLED_BACK.name()),
                ":promoted", s(Status.PROMOTED.name()),
                ":finished", s(at.toString()),
                ":at", millis(at)));
        String set = "SET #status = :rolledBack, finishedAt = :finished, " + WINDOW_CLOSED + " = :at";
        if (reason != null) {
            values.put(":reason", s(reason));
            set += ", reason = :reason";
        }
        return conditionalUpdate(
                deploymentId,
                "roll back inside the rollback window",
                set,
                "#status = :promoted AND attribute_not_exists(" + WINDOW_CLOSED + ") AND " + WINDOW_ENDS + " > :at",
                values);
    }

    /**
     * One conditional UpdateItem of a deployment item: {@code update} (ending in a SET clause, or the keyword SET)
     * gets {@code updatedAt = :now} appended; {@code #status} names the status attribute.
     *
     * @return whether the condition held and the item was written
     * @throws IllegalStateException when the deployment is not in the table
     */
    private boolean conditionalUpdate(
            String deploymentId, String what, String update, String condition, Map<String, AttributeValue> values) {
        requireText(deploymentId, "deploymentId");
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":now", s(clock.instant().toString()));
        String set = update.endsWith(" SET") ? update + " updatedAt = :now" : update + ", updatedAt = :now";
        // DynamoDB refuses an expression attribute name that no expression uses
        Map<String, String> names = (set + condition).contains("#status") ? Map.of("#status", "status") : Map.of();
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(deploymentKey(deploymentId))
                    .updateExpression(set)
                    .conditionExpression("attribute_exists(pk) AND " + condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(all));
            LOG.info("ledger: deployment {}: {}", deploymentId, what);
            return true;
        } catch (ConditionalCheckFailedException refused) {
            if (find(deploymentId).isEmpty()) {
                throw unknown(deploymentId);
            }
            LOG.info("ledger: deployment {}: {}: nothing to change", deploymentId, what);
            return false;
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB UpdateItem " + DEPLOYMENT_PREFIX + deploymentId + " in table " + table + " (" + what
                            + ") failed",
                    e);
        }
    }

    private void pointInFlight(String service, String deploymentId, Instant startedAt) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            PK,
                            s(INFLIGHT_PREFIX + service),
                            "deploymentId",
                            s(deploymentId),
                            "startedAt",
                            s(startedAt.toString()))));
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB PutItem " + INFLIGHT_PREFIX + service + " in table " + table + " (deployment "
                            + deploymentId + ")" + " failed",
                    e);
        }
    }

    private void clearInFlight(String service, String deploymentId) {
        try {
            dynamo.deleteItem(r -> r.tableName(table)
                    .key(inFlightKey(service))
                    .conditionExpression("deploymentId = :id")
                    .expressionAttributeValues(Map.of(":id", s(deploymentId))));
        } catch (ConditionalCheckFailedException pointsElsewhere) {
            LOG.debug("in-flight pointer of {} does not point at {}; left alone", service, deploymentId);
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "DynamoDB DeleteItem " + INFLIGHT_PREFIX + service + " in table " + table + " (deployment "
                            + deploymentId + ")" + " failed",
                    e);
        }
    }

    private static Map<String, AttributeValue> toItem(DeploymentRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(DEPLOYMENT_PREFIX + record.deploymentId()));
        item.put("deploymentId", s(record.deploymentId()));
        item.put("service", s(record.service()));
        item.put("specVersion", s(record.specVersion()));
        item.put("startedAt", s(record.startedAt().toString()));
        item.put("updatedAt", s(record.updatedAt().toString()));
        item.put("status", s(record.status().name()));
        item.put(
                "stages",
                AttributeValue.fromL(record.stagesReached().stream()
                        .map(DynamoDbDeploymentLedger::toItem)
                        .toList()));
        if (!record.stagesReached().isEmpty()) {
            item.put(
                    "stageKeys",
                    AttributeValue.fromSs(record.stagesReached().stream()
                            .map(StageEntry::factKey)
                            .distinct()
                            .toList()));
        }
        record.outcomeReason().ifPresent(reason -> item.put("reason", s(reason)));
        record.finishedAt().ifPresent(at -> item.put("finishedAt", s(at.toString())));
        record.roles().ifPresent(roles -> {
            item.put(BLUE, s(roles.blue()));
            item.put(GREEN, s(roles.green()));
        });
        record.pendingApproval().ifPresent(approval -> item.put(APPROVAL, toItem(approval)));
        record.rollbackWindow().ifPresent(window -> {
            item.put(WINDOW_ENDS, millis(window.endsAt()));
            window.closedAt().ifPresent(at -> item.put(WINDOW_CLOSED, millis(at)));
        });
        return item;
    }

    private static AttributeValue toItem(PendingApproval approval) {
        return AttributeValue.fromM(Map.of(
                "taskToken", s(approval.taskToken()),
                "stageIndex", n(approval.stageIndex()),
                "percent", n(approval.percent()),
                "requestedAt", s(approval.requestedAt().toString()),
                "expiresAt", s(approval.expiresAt().toString())));
    }

    private static Optional<PendingApproval> approval(Map<String, AttributeValue> item, String where) {
        AttributeValue value = item.get(APPROVAL);
        if (value == null || !value.hasM()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> m = value.m();
        String approvalWhere = where + ", " + APPROVAL;
        return Optional.of(new PendingApproval(
                DynamoItems.string(m, "taskToken", approvalWhere),
                (int) DynamoItems.number(m, "stageIndex", approvalWhere),
                (int) DynamoItems.number(m, "percent", approvalWhere),
                instant(m, "requestedAt", approvalWhere),
                instant(m, "expiresAt", approvalWhere)));
    }

    private static Optional<RollbackWindow> window(Map<String, AttributeValue> item, String where) {
        if (!item.containsKey(WINDOW_ENDS)) {
            return Optional.empty();
        }
        Instant endsAt = Instant.ofEpochMilli(DynamoItems.number(item, WINDOW_ENDS, where));
        Optional<Instant> closedAt = item.containsKey(WINDOW_CLOSED)
                ? Optional.of(Instant.ofEpochMilli(DynamoItems.number(item, WINDOW_CLOSED, where)))
                : Optional.empty();
        return Optional.of(new RollbackWindow(endsAt, closedAt));
    }

    private static AttributeValue millis(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }

    private static AttributeValue toItem(StageEntry entry) {
        Map<String, AttributeValue> m = new HashMap<>(Map.of(
                "index", n(entry.index()),
                "percent", n(entry.percent()),
                "blueWeight", n(entry.blueWeight()),
                "greenWeight", n(entry.greenWeight()),
                "verdict", s(entry.verdict()),
                "at", s(entry.at().toString())));
        if (!entry.findings().isEmpty()) {
            // one JSON string: a few hundred bytes per stage, read back whole, never queried by its parts
            m.put("findings", s(JudgeFindingsJson.toJson(entry.findings())));
        }
        return AttributeValue.fromM(m);
    }

    private static List<JudgeFinding> findings(Map<String, AttributeValue> m, String where) {
        Optional<String> json = DynamoItems.optionalString(m, "findings", where);
        try {
            return json.map(JudgeFindingsJson::fromJson).orElse(List.of());
        } catch (IllegalArgumentException e) {
            throw DynamoItems.malformed(where, "findings", "a JSON array of judge findings", json.get());
        }
    }

    private DeploymentRecord toRecord(String deploymentId, Map<String, AttributeValue> item) {
        String where = where(deploymentId);
        List<StageEntry> stages = new ArrayList<>();
        AttributeValue list = item.get("stages");
        if (list != null && list.hasL()) {
            for (AttributeValue value : list.l()) {
                Map<String, AttributeValue> m = value.m();
                String stageWhere = where + ", stage entry " + stages.size();
                stages.add(new StageEntry(
                        (int) DynamoItems.number(m, "index", stageWhere),
                        (int) DynamoItems.number(m, "percent", stageWhere),
                        (int) DynamoItems.number(m, "blueWeight", stageWhere),
                        (int) DynamoItems.number(m, "greenWeight", stageWhere),
                        DynamoItems.string(m, "verdict", stageWhere),
                        instant(m, "at", stageWhere),
                        findings(m, stageWhere)));
            }
        }
        String statusText = DynamoItems.string(item, "status", where);
        Status status;
        try {
            status = Status.valueOf(statusText);
        } catch (IllegalArgumentException e) {
            throw DynamoItems.malformed(
                    where, "status", "one of IN_PROGRESS, PROMOTED, ROLLED_BACK, FAILED, ABORTED", statusText);
        }
        return new DeploymentRecord(
                DynamoItems.string(item, "deploymentId", where),
                DynamoItems.string(item, "service", where),
                DynamoItems.string(item, "specVersion", where),
                instant(item, "startedAt", where),
                instant(item, "updatedAt", where),
                status,
                stages,
                DynamoItems.optionalString(item, "reason", where),
                DynamoItems.optionalString(item, "finishedAt", where).map(text -> parse(text, "finishedAt", where)),
                roles(item, where),
                approval(item, where),
                window(item, where));
    }

    /** Empty in items written before roles were recorded; one group without the other is a damaged item. */
    private static Optional<TargetGroupRoles> roles(Map<String, AttributeValue> item, String where) {
        Optional<String> blue = DynamoItems.optionalString(item, BLUE, where);
        Optional<String> green = DynamoItems.optionalString(item, GREEN, where);
        if (blue.isEmpty() && green.isEmpty()) {
            return Optional.empty();
        }
        if (blue.isEmpty() || green.isEmpty()) {
            String missing = blue.isEmpty() ? BLUE : GREEN;
            String present = blue.isEmpty() ? GREEN : BLUE;
            throw DynamoItems.malformed(where, missing, "(since " + present + " is set) a string attribute", "nothing");
        }
        try {
            return Optional.of(new TargetGroupRoles(blue.get(), green.get()));
        } catch (IllegalArgumentException e) {
            throw DynamoItems.malformed(
                    where, GREEN, "(a group other than " + BLUE + ") a string attribute", green.get());
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name, String where) {
        return parse(DynamoItems.string(item, name, where), name, where);
    }

    private static Instant parse(String text, String name, String where) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw DynamoItems.malformed(where, name, "an ISO-8601 instant", text);
        }
    }

    private String where(String deploymentId) {
        return "ledger item " + DEPLOYMENT_PREFIX + deploymentId + " in DynamoDB table " + table;
    }

    private IllegalStateException unknown(String deploymentId) {
        return LedgerRules.unknown(deploymentId, "DynamoDB table " + table);
    }

    private static Map<String, AttributeValue> deploymentKey(String deploymentId) {
        return Map.of(PK, s(DEPLOYMENT_PREFIX + deploymentId));
    }

    private static Map<String, AttributeValue> inFlightKey(String service) {
        return Map.of(PK, s(INFLIGHT_PREFIX + service));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }
}
