package dev.cutover.handlers.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.port.model.DeploymentRecord;
import dev.cutover.core.port.model.DeploymentRecord.Status;
import dev.cutover.core.port.model.JudgeFinding;
import dev.cutover.core.port.model.JudgeFindingsJson;
import dev.cutover.core.port.model.PendingApproval;
import dev.cutover.core.port.model.RollbackWindow;
import dev.cutover.core.port.model.StageEntry;
import dev.cutover.core.port.model.TargetGroupRoles;

/**
 * A ledger record as the Query function answers it (docs/workflow.md, "The Query function"):
 * <pre>
 * {"deploymentId", "service", "specVersion", "status": "IN_PROGRESS|PROMOTED|ROLLED_BACK|FAILED|ABORTED",
 *  "startedAt", "updatedAt", "finishedAt"?, "outcomeReason"?, "blueTargetGroup"?, "greenTargetGroup"?,
 *  "stages": [{"index", "percent", "blueWeight", "greenWeight", "verdict", "at", "findings"?: [{"metric", "test",
 *              "blueValue", "greenValue", "effect", "confidence", "neededConfidence", "greenSamples", "blueSamples",
 *              "direction", "outcome", "text"}]}],
 *  "pendingApproval"?: {"taskToken", "stageIndex", "percent", "requestedAt", "expiresAt"},
 *  "rollbackWindow"?: {"endsAt", "closedAt"?}}
 * </pre>
 * Instants are ISO-8601 strings; absent optionals are omitted. {@link #read} turns the JSON back into the record, for
 * clients (the CLI) that call the function.
 */
public final class RecordJson {

    private static final Map<String, Status> STATUSES = statuses();

    private RecordJson() {}

    public static ObjectNode toJson(DeploymentRecord record) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("deploymentId", record.deploymentId());
        node.put("service", record.service());
        node.put("specVersion", record.specVersion());
        node.put("status", record.status().name());
        node.put("startedAt", record.startedAt().toString());
        node.put("updatedAt", record.updatedAt().toString());
        record.finishedAt().ifPresent(at -> node.put("finishedAt", at.toString()));
        record.outcomeReason().ifPresent(reason -> node.put("outcomeReason", reason));
        record.roles().ifPresent(roles -> {
            node.put("blueTargetGroup", roles.blue());
            node.put("greenTargetGroup", roles.green());
        });
        var stages = node.putArray("stages");
        for (StageEntry entry : record.stagesReached()) {
            ObjectNode stage = stages.addObject();
            stage.put("index", entry.index());
            stage.put("percent", entry.percent());
            stage.put("blueWeight", entry.blueWeight());
            stage.put("greenWeight", entry.greenWeight());
            stage.put("verdict", entry.verdict());
            stage.put("at", entry.at().toString());
            if (!entry.findings().isEmpty()) {
                stage.set("findings", JudgeFindingsJson.toNode(entry.findings()));
            }
        }
        record.pendingApproval().ifPresent(approval -> {
            ObjectNode pending = node.putObject("pendingApproval");
            pending.put("taskToken", approval.taskToken());
            pending.put("stageIndex", approval.stageIndex());
            pending.put("percent", approval.percent());
            pending.put("requestedAt", approval.requestedAt().toString());
            pending.put("expiresAt", approval.expiresAt().toString());
        });
        record.rollbackWindow().ifPresent(window -> {
            ObjectNode w = node.putObject("rollbackWindow");
            w.put("endsAt", window.endsAt().toString());
            window.closedAt().ifPresent(at -> w.put("closedAt", at.toString()));
        });
        return node;
    }

    /** {@link #toJson} as plain maps, what the Lambda runtime serialises. */
    public static Map<String, Object> toMap(DeploymentRecord record) {
        return JsonMaps.toMap(toJson(record));
    }

    /**
     * The record a {@link #toJson} tree (or its map) describes.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static DeploymentRecord read(Object json) {
        Problems problems = PayloadDialect.problems();
        FieldReader r = PayloadDialect.reader(JsonMaps.tree(json), "", problems, "a deployment record");
        DeploymentRecord record = r == null ? null : read(r, problems);
        PayloadDialect.throwIfAny(problems, "deployment record");
        return record;
    }

    private static DeploymentRecord read(FieldReader r, Problems problems) {
        String id = PayloadFields.text(r, "deploymentId", true, "the deployment id");
        String service = PayloadFields.text(r, "service", true, "the service");
        String specVersion = r.expecting("the spec version").string("specVersion", true);
        Status status = r.choice("status", null, STATUSES);
        Instant startedAt = PayloadFields.instant(r, "startedAt", true);
        Instant updatedAt = PayloadFields.instant(r, "updatedAt", true);
        Instant finishedAt = PayloadFields.instant(r, "finishedAt", false);
        String reason = r.expecting("the outcome's reason").string("outcomeReason", false);
        String blue = PayloadFields.text(r, "blueTargetGroup", false, "a target group ARN");
        String green = PayloadFields.text(r, "greenTargetGroup", false, "a target group ARN");
        if ((blue == null) != (green == null) && problems.isEmpty()) {
            r.problem(blue == null ? "blueTargetGroup" : "greenTargetGroup", "missing: both roles or neither");
        }
        List<StageEntry> stages = new ArrayList<>();
        List<JsonNode> list = r.list("stages", true, false);
        for (int i = 0; list != null && i < list.size(); i++) {
            FieldReader s = r.objectValue(list.get(i), r.pathOf("stages") + "[" + i + "]");
            if (s == null) {
                continue;
            }
            Long index = PayloadFields.wholeNumber(s, "index", 0, Integer.MAX_VALUE);
            Long percent = PayloadFields.wholeNumber(s, "percent", 0, 100);
            Long blueWeight = PayloadFields.wholeNumber(s, "blueWeight", 0, 100);
            Long greenWeight = PayloadFields.wholeNumber(s, "greenWeight", 0, 100);
            String verdict = s.expecting("the stage's verdict").string("verdict", true);
            Instant at = PayloadFields.instant(s, "at", true);
            List<JudgeFinding> findings = List.of();
            try {
                findings = JudgeFindingsJson.fromNode(s.raw("findings"));
            } catch (IllegalArgumentException e) {
                s.problem("findings", e.getMessage());
            }
            if (index != null
                    && percent != null
                    && blueWeight != null
                    && greenWeight != null
                    && verdict != null
                    && at != null) {
                stages.add(new StageEntry(
                        index.intValue(),
                        percent.intValue(),
                        blueWeight.intValue(),
                        greenWeight.intValue(),
                        verdict,
                        at,
                        findings));
            }
        }
        Optional<PendingApproval> approval = Optional.empty();
        FieldReader a = r.expecting("{taskToken, stageIndex, percent, requestedAt, expiresAt}")
                .object("pendingApproval", false);
        if (a != null) {
            String token = PayloadFields.text(a, "taskToken", true, "the task token");
            Long stage = PayloadFields.wholeNumber(a, "stageIndex", 0, Integer.MAX_VALUE);
            Long percent = PayloadFields.wholeNumber(a, "percent", 0, 100);
            Instant requested = PayloadFields.instant(a, "requestedAt", true);
            Instant expires = PayloadFields.instant(a, "expiresAt", true);
            if (token != null && stage != null && percent != null && requested != null && expires != null) {
                approval = Optional.of(
                        new PendingApproval(token, stage.intValue(), percent.intValue(), requested, expires));
            }
        }
        Optional<RollbackWindow> window = Optional.empty();
        FieldReader w = r.expecting("{endsAt, closedAt?}").object("rollbackWindow", false);
        if (w != null) {
            Instant endsAt = PayloadFields.instant(w, "endsAt", true);
            Instant closedAt = PayloadFields.instant(w, "closedAt", false);
            if (endsAt != null) {
                window = Optional.of(new RollbackWindow(endsAt, Optional.ofNullable(closedAt)));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new DeploymentRecord(
                    id,
                    service,
                    specVersion,
                    startedAt,
                    updatedAt,
                    status,
                    stages,
                    Optional.ofNullable(reason),
                    Optional.ofNullable(finishedAt),
                    blue == null ? Optional.empty() : Optional.of(new TargetGroupRoles(blue, green)),
                    approval,
                    window);
        } catch (IllegalArgumentException e) {
            r.problem("status", e.getMessage());
            return null;
        }
    }

    private static Map<String, Status> statuses() {
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (Status status : Status.values()) {
            statuses.put(status.name(), status);
        }
        return statuses;
    }
}
