package dev.cutover.handlers.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.field.FieldPath;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.health.LoadBalancerArns;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.ProductionRoute;
import dev.cutover.core.port.model.TargetGroupRoles;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.CodeDeployHook;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.core.workflow.SpecReference;

/**
 * The plan ValidateAndLock puts at {@code $.deployment}, its stages, and ShiftTraffic's {@code $.weights}, as JSON
 * (docs/workflow.md):
 *
 * <pre>{@code
 * {"deploymentId": "d-ABCDEF123", "service": "orders", "standalone": false, "specVersion": "7",
 *  "specParameter": "/cutover/orders/spec:7",            (or "spec": {...}, the inline document)
 *  "stages": [{"index": 0, "percent": 10, "bakeSeconds": 300}, ...],
 *  "lockToken": "d-ABCDEF123@2026-03-01T10:00:00Z",
 *  "codeDeploy": {"deploymentId": "d-ABCDEF123", "lifecycleEventHookExecutionId": "...", "hook": "BeforeAllowTraffic"},
 *  "targetGroups": {"blue": "arn:...:targetgroup/orders-a/...", "green": "arn:...:targetgroup/orders-b/..."},
 *  "productionRoute": {"listenerArn": "arn:...:listener/app/...", "ruleArn": "arn:...:listener-rule/app/..."}}
 * }</pre>
 *
 * <p>With {@code routing.type: route53} the route has no rule and carries the records instead: {@code "dns":
 * {"hostedZoneId": "Z...", "recordName": "orders.example.com", "recordType": "CNAME", "ttlSeconds": 60,
 * "setIdentifiers": ["orders-a", "orders-b"]}} ({@code ttlSeconds} only for CNAME).
 */
public final class PlanJson {

    /** What a stage must be, for the problem when it is not an object. */
    static final String STAGE = "{index, percent, bakeSeconds}";

    static final long MAX_WINDOW_SECONDS = dev.cutover.core.spec.RollbackPolicy.MAX_WINDOW.toSeconds();
    static final long MAX_APPROVAL_SECONDS = dev.cutover.core.spec.Shifting.MAX_APPROVAL_TIMEOUT.toSeconds();

    private PlanJson() {}

    public static Map<String, Object> toMap(DeploymentPlan plan) {
        return JsonMaps.toMap(toJson(plan));
    }

    static ObjectNode toJson(DeploymentPlan plan) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("deploymentId", plan.deploymentId());
        node.put("service", plan.service());
        node.put("standalone", plan.standalone());
        node.put("specVersion", plan.specVersion());
        if (plan.spec() instanceof SpecReference.Parameter p) {
            node.put("specParameter", p.name());
        } else if (plan.spec() instanceof SpecReference.Inline i) {
            node.set("spec", i.document());
        }
        ArrayNode list = node.putArray("stages");
        plan.stages().forEach(s -> list.add(toJson(s)));
        node.put("lockToken", plan.lockToken());
        plan.codeDeploy().ifPresent(cd -> node.set("codeDeploy", cd.toJson()));
        ObjectNode roles = node.putObject("targetGroups");
        roles.put("blue", plan.roles().blue());
        roles.put("green", plan.roles().green());
        node.put("rollbackWindowSeconds", plan.rollbackWindowSeconds());
        plan.route().ifPresent(route -> {
            ObjectNode production = node.putObject("productionRoute");
            production.put("listenerArn", route.listenerArn());
            route.ruleArn().ifPresent(rule -> production.put("ruleArn", rule));
            route.dns().ifPresent(dns -> {
                ObjectNode records = production.putObject("dns");
                records.put("hostedZoneId", dns.hostedZoneId());
                records.put("recordName", dns.recordName());
                records.put("recordType", dns.type().name());
                dns.ttl().ifPresent(ttl -> records.put("ttlSeconds", ttl.toSeconds()));
                ArrayNode ids = records.putArray("setIdentifiers");
                dns.setIdentifiers().forEach(ids::add);
            });
        });
        return node;
    }

    static ObjectNode toJson(PlannedStage stage) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("index", stage.index());
        node.put("percent", stage.percent());
        node.put("bakeSeconds", Math.toIntExact(stage.bakeSeconds()));
        stage.approvalTimeoutSeconds().ifPresent(t -> node.put("approvalTimeoutSeconds", t));
        return node;
    }

    public static Map<String, Object> toMap(ShiftOutcome shift) {
        ObjectNode node = JsonMaps.JSON.createObjectNode();
        node.put("blue", shift.weights().blue());
        node.put("green", shift.weights().green());
        node.put("shiftedAt", shift.shiftedAt().toString());
        return JsonMaps.toMap(node);
    }

    /**
     * Reads a plan as a task receives it at {@code deployment}.
     *
     * @throws InvalidWorkflowInputException naming every field at fault
     */
    public static DeploymentPlan planFromMap(Map<String, ?> deployment) {
        Problems problems = PayloadDialect.problems();
        FieldReader reader = PayloadDialect.reader(
                JsonMaps.tree(deployment), "deployment", problems, "the plan ValidateAndLock returned");
        DeploymentPlan plan = reader == null ? null : readPlan(reader, problems);
        PayloadDialect.throwIfAny(problems, "deployment plan");
        return plan;
    }

    /** @return the plan, or null when there were problems */
    static DeploymentPlan readPlan(FieldReader plan, Problems problems) {
        int mark = problems.mark();
        String id = PayloadFields.text(plan, "deploymentId", true, "the deployment id");
        String service = PayloadFields.text(plan, "service", true, "the service name");
        Boolean standalone = plan.bool("standalone", null);
        String version = PayloadFields.text(plan, "specVersion", true, "the spec version");
        SpecReference spec = null;
        if (plan.has("specParameter") == plan.has("spec")) {
            plan.problem("specParameter", "a plan has exactly one of specParameter and spec");
        } else if (plan.has("specParameter")) {
            String parameter = PayloadFields.text(plan, "specParameter", true, "the pinned spec parameter");
            spec = parameter == null ? null : new SpecReference.Parameter(parameter);
        } else if (plan.expecting("the inline spec").object("spec", true) != null) {
            spec = new SpecReference.Inline(plan.raw("spec"));
        }
        List<PlannedStage> stages = readStages(plan, problems);
        String lockToken = PayloadFields.text(plan, "lockToken", true, "the lock token");
        Optional<CodeDeployHook> codeDeploy = InputJson.readCodeDeploy(plan, problems);
        TargetGroupRoles roles = readRoles(plan, problems);
        // absent in plans made before rollback windows: none
        Long window = plan.expecting("a whole number of seconds 0.." + MAX_WINDOW_SECONDS)
                .integer("rollbackWindowSeconds", 0L, 0, MAX_WINDOW_SECONDS);
        if (standalone != null && problems.cleanSince(mark) && standalone == codeDeploy.isPresent()) {
            plan.problem(
                    "standalone",
                    "is " + standalone + " but codeDeploy is "
                            + (codeDeploy.isPresent() ? "present" : "absent")
                            + "; a plan is standalone exactly when no "
                            + "CodeDeploy hook started it");
        }
        Optional<ProductionRoute> route = readRoute(plan);
        if (!problems.cleanSince(mark)) {
            return null;
        }
        return new DeploymentPlan(
                id, service, standalone, version, spec, stages, lockToken, codeDeploy, roles, window, route);
    }

    /**
     * The production listener or rule ValidateAndLock planned to shift: {@code {"listenerArn": arn, "ruleArn": arn}},
     * the rule optional; absent in plans made before it was recorded.
     */
    private static Optional<ProductionRoute> readRoute(FieldReader plan) {
        FieldReader route = plan.expecting("{listenerArn, ruleArn, dns}")
                .object("productionRoute", false, List.of("listenerArn", "ruleArn", "dns"));
        if (route == null) {
            return Optional.empty();
        }
        String listener = PayloadFields.text(route, "listenerArn", true, "the production listener's ARN");
        String rule = PayloadFields.text(route, "ruleArn", false, "the production listener rule's ARN");
        Optional<DnsRecords> dns = readDns(route);
        return listener == null || (route.has("dns") && dns.isEmpty())
                ? Optional.empty()
                : Optional.of(new ProductionRoute(listener, Optional.ofNullable(rule), dns));
    }

    /** The DNS records of a route53 route; empty, with the problem recorded, when unreadable. */
    private static Optional<DnsRecords> readDns(FieldReader route) {
        FieldReader dns = route.expecting("{hostedZoneId, recordName, recordType, ttlSeconds, setIdentifiers}")
                .object(
                        "dns",
                        false,
                        List.of("hostedZoneId", "recordName", "recordType", "ttlSeconds", "setIdentifiers"));
        if (dns == null) {
            return Optional.empty();
        }
        String zone = PayloadFields.text(dns, "hostedZoneId", true, "the Route 53 hosted zone id");
        String name = PayloadFields.text(dns, "recordName", true, "the weighted records' name");
        DnsRecords.Type type =
                dns.choice("recordType", null, Map.of("A", DnsRecords.Type.A, "CNAME", DnsRecords.Type.CNAME));
        Long ttl = dns.has("ttlSeconds") ? PayloadFields.wholeNumber(dns, "ttlSeconds", 0, 172_800) : null;
        List<String> ids = dns.strings("setIdentifiers", true, true);
        if (zone == null || name == null || type == null || ids == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new DnsRecords(zone, name, type, Optional.ofNullable(ttl).map(Duration::ofSeconds), ids));
        } catch (IllegalArgumentException e) {
            dns.problem("setIdentifiers", e.getMessage());
            return Optional.empty();
        }
    }

    /** The target group roles ValidateAndLock resolved: {@code {"blue": arn, "green": arn}}, two different groups. */
    private static TargetGroupRoles readRoles(FieldReader plan, Problems problems) {
        FieldReader roles = plan.expecting("{blue, green}").object("targetGroups", true, List.of("blue", "green"));
        if (roles == null) {
            return null;
        }
        String blue = PayloadFields.text(roles, "blue", true, "the blue target group's ARN");
        String green = PayloadFields.text(roles, "green", true, "the green target group's ARN");
        if (blue == null || green == null) {
            return null;
        }
        if (!targetGroupArn(roles, "blue", blue) | !targetGroupArn(roles, "green", green)) {
            return null;
        }
        if (blue.equals(green)) {
            roles.problem("green", "is " + green + ", the same as blue: blue and green are two target groups");
            return null;
        }
        return new TargetGroupRoles(blue, green);
    }

    /** Whether {@code arn} is a target group ARN; if not, the problem is recorded against {@code field}. */
    private static boolean targetGroupArn(FieldReader roles, String field, String arn) {
        try {
            LoadBalancerArns.targetGroupDimension(arn);
            return true;
        } catch (IllegalArgumentException e) {
            roles.problem(field, e.getMessage());
            return false;
        }
    }

    /** The plan's stages, each of which must say its place in the list. */
    private static List<PlannedStage> readStages(FieldReader plan, Problems problems) {
        List<PlannedStage> stages = new ArrayList<>();
        JsonNode list = plan.raw("stages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            plan.problem(
                    "stages",
                    "must be a non-empty array of {index, percent, bakeSeconds}, found "
                            + PayloadDialect.describe(list));
            return stages;
        }
        for (int i = 0; i < list.size(); i++) {
            FieldReader stage =
                    PayloadDialect.reader(list.get(i), FieldPath.index(plan.pathOf("stages"), i), problems, STAGE);
            PlannedStage read = stage == null ? null : readStage(stage);
            if (read != null && read.index() != stages.size()) {
                stage.problem(
                        "index",
                        "stages are listed in order from 0; expected " + stages.size() + ", found " + read.index());
            }
            if (read != null) {
                stages.add(read);
            }
        }
        return stages;
    }

    /** @return the stage, or null when there were problems */
    static PlannedStage readStage(FieldReader stage) {
        Long index = PayloadFields.wholeNumber(stage, "index", 0, 1000);
        Long percent = PayloadFields.wholeNumber(stage, "percent", 1, 100);
        Long bake = PayloadFields.wholeNumber(stage, "bakeSeconds", 0, 86_400);
        Long approval = stage.expecting("a whole number of seconds 1.." + MAX_APPROVAL_SECONDS)
                .integer("approvalTimeoutSeconds", -1L, 1, MAX_APPROVAL_SECONDS);
        if (index == null || percent == null || bake == null || approval == null) {
            return null;
        }
        return new PlannedStage(
                index.intValue(), percent.intValue(), bake, approval < 0 ? Optional.empty() : Optional.of(approval));
    }

    /** @return what ShiftTraffic reported, or null when there were problems */
    static ShiftOutcome readShift(FieldReader shift) {
        Long blue = PayloadFields.wholeNumber(shift, "blue", 0, 100);
        Long green = PayloadFields.wholeNumber(shift, "green", 0, 100);
        Instant at = PayloadFields.instant(shift, "shiftedAt", true);
        if (blue == null || green == null || at == null) {
            return null;
        }
        if (blue + green != 100) {
            shift.problem("green", "blue " + blue + " and green " + green + " must sum to 100");
            return null;
        }
        return new ShiftOutcome(new Weights(blue.intValue(), green.intValue()), at);
    }
}
