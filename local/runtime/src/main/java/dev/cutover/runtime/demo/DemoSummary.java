package dev.cutover.runtime.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.port.model.Weights;
import dev.cutover.runtime.adapters.LocalCodeDeploy.HookRecord;

/**
 * How a demo run ended: what the system decided and the numbers behind it. {@link #toJson()} is what
 * {@code --summary-json} writes; {@link #render()} is the text printed at the end.
 *
 * @param outcome       {@code PROMOTED} or {@code ROLLED_BACK}
 * @param durationMs    from the start of the deployment (BeforeInstall) to its end
 * @param totalMs       the whole run, start-up and shut-down included
 * @param stages        one entry per stage reached: {@code {index, percent, bakeSeconds, weights, shiftedAt,
 *                      judgedAt, durationMs, verdict: {status, summary, gates...} | {status: "FAILED", error}}}
 * @param alarms        each local alarm transition into ALARM, as text
 * @param notifications each notification's subject
 * @param deployments   one entry per deployment run back to back on the world (one for a single deployment);
 *                      the top-level fields describe the last one, {@code requests} the whole run
 */
public record DemoSummary(
        String scenario,
        String outcome,
        String deploymentId,
        long durationMs,
        long totalMs,
        Weights finalWeights,
        Requests requests,
        List<JsonNode> stages,
        List<HookRecord> hooks,
        Optional<Rollback> rollback,
        List<String> alarms,
        List<String> notifications,
        List<Deployment> deployments) {

    public static final String PROMOTED = "PROMOTED";
    public static final String ROLLED_BACK = "ROLLED_BACK";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Requests the load generator sent to the production listener, by the version that answered.
     *
     * @param failed    5xx answers and requests that got no answer
     * @param blue      answered by the router's blue slot (a slot holds a different release after each promotion)
     * @param green     answered by the router's green slot
     * @param byRelease answered by each release ({@code v1}, {@code v2}, ...; {@code none}: no release answered)
     */
    public record Requests(
            long total, long failed, long blue, long green, double ratePerSecond, Map<String, Long> byRelease) {

        public Requests {
            byRelease = new TreeMap<>(byRelease);
        }
    }

    /**
     * Why and how fast traffic went back to blue.
     *
     * @param trigger                {@code alarm}, {@code health-gate} or {@code hook}
     * @param detectedAfterMs        from the moment the fault was first observable (the first production request
     *                               green answered with a 5xx or slower than the latency gate; for a hook failure,
     *                               the failing hook's start) to the decision to roll back (the alarm going to
     *                               ALARM, the health gate's verdict, the hook's Failed status)
     * @param trafficRestoredAfterMs from the decision until the router was set to 100% blue (the rollback's first
     *                               write; it is read back after)
     * @param failedBeforeRestored   production requests the new version failed (5xx) that reached the router before
     *                               traffic was back on blue: what the fault cost until the rollback took effect
     * @param greenAfterRestored     production requests that reached the router after traffic was back on blue and
     *                               were still sent to the new version (0 when the switch took at once; with
     *                               {@code --routing dns}, clients whose cached answer still named green)
     * @param greenAfterRestoredForMs  from traffic back on blue until the last of those reached the router (0 when
     *                               none did): how long the switch took to reach every client, at most about the
     *                               DNS records' TTL
     */
    public record Rollback(
            String reason,
            String trigger,
            long detectedAfterMs,
            long trafficRestoredAfterMs,
            long failedBeforeRestored,
            long greenAfterRestored,
            long greenAfterRestoredForMs) {}

    /**
     * One deployment of a run.
     *
     * @param finalWeights     the split between this deployment's blue and green groups when it ended
     * @param blueTargetGroup  the group that was live when it started
     * @param greenTargetGroup the group its new version was installed behind
     * @param failedRequests   production requests that failed while it ran
     * @param requestsByRelease production requests answered while it ran, by the release that answered
     * @param stages           the stages it reached, as {@link DemoSummary#stages()} words them
     * @param rollback         why and how fast it was rolled back, when it was
     */
    public record Deployment(
            String version,
            String scenario,
            String outcome,
            String deploymentId,
            Weights finalWeights,
            String blueTargetGroup,
            String greenTargetGroup,
            long failedRequests,
            Optional<String> rollbackReason,
            Map<String, Long> requestsByRelease,
            List<JsonNode> stages,
            Optional<Rollback> rollback) {

        public Deployment {
            requestsByRelease = new TreeMap<>(requestsByRelease);
            stages = List.copyOf(stages);
        }
    }

    public DemoSummary(
            String scenario,
            String outcome,
            String deploymentId,
            long durationMs,
            long totalMs,
            Weights finalWeights,
            Requests requests,
            List<JsonNode> stages,
            List<HookRecord> hooks,
            Optional<Rollback> rollback,
            List<String> alarms,
            List<String> notifications) {
        this(
                scenario,
                outcome,
                deploymentId,
                durationMs,
                totalMs,
                finalWeights,
                requests,
                stages,
                hooks,
                rollback,
                alarms,
                notifications,
                List.of());
    }

    public DemoSummary {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(outcome, "outcome");
        stages = List.copyOf(stages);
        hooks = List.copyOf(hooks);
        alarms = List.copyOf(alarms);
        notifications = List.copyOf(notifications);
        deployments = List.copyOf(deployments);
    }

    public boolean promoted() {
        return PROMOTED.equals(outcome);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", scenario);
        root.put("outcome", outcome);
        root.put("deploymentId", deploymentId);
        root.put("durationMs", durationMs);
        root.put("totalMs", totalMs);
        root.putObject("finalWeights").put("blue", finalWeights.blue()).put("green", finalWeights.green());
        root.putObject("requests")
                .put("total", requests.total())
                .put("failed", requests.failed())
                .put("blue", requests.blue())
                .put("green", requests.green())
                .put("ratePerSecond", Math.round(requests.ratePerSecond()))
                .set("byRelease", counts(requests.byRelease()));
        ArrayNode stageArray = root.putArray("stages");
        stages.forEach(stageArray::add);
        ArrayNode hookArray = root.putArray("hooks");
        for (HookRecord hook : hooks) {
            hookArray
                    .addObject()
                    .put("name", hook.name())
                    .put("status", hook.status())
                    .put("durationMs", hook.durationMs())
                    .put("reason", hook.reason());
        }
        putRollback(root, rollback);
        ArrayNode alarmArray = root.putArray("alarms");
        alarms.forEach(alarmArray::add);
        ArrayNode notificationArray = root.putArray("notifications");
        notifications.forEach(notificationArray::add);
        ArrayNode deploymentArray = root.putArray("deployments");
        for (Deployment d : deployments) {
            ObjectNode node = deploymentArray
                    .addObject()
                    .put("version", d.version())
                    .put("scenario", d.scenario())
                    .put("outcome", d.outcome())
                    .put("deploymentId", d.deploymentId())
                    .put("blueTargetGroup", d.blueTargetGroup())
                    .put("greenTargetGroup", d.greenTargetGroup())
                    .put("failedRequests", d.failedRequests());
            node.putObject("finalWeights")
                    .put("blue", d.finalWeights().blue())
                    .put("green", d.finalWeights().green());
            node.put("rollbackReason", d.rollbackReason().orElse(null));
            node.set("requestsByRelease", counts(d.requestsByRelease()));
            ArrayNode reached = node.putArray("stages");
            d.stages().forEach(reached::add);
            putRollback(node, d.rollback());
        }
        return root;
    }

    private static void putRollback(ObjectNode parent, Optional<Rollback> rollback) {
        if (rollback.isEmpty()) {
            parent.putNull("rollback");
            return;
        }
        Rollback r = rollback.get();
        parent.putObject("rollback")
                .put("reason", r.reason())
                .put("trigger", r.trigger())
                .put("detectedAfterMs", r.detectedAfterMs())
                .put("trafficRestoredAfterMs", r.trafficRestoredAfterMs())
                .put("failedBeforeRestored", r.failedBeforeRestored())
                .put("greenAfterRestored", r.greenAfterRestored())
                .put("greenAfterRestoredForMs", r.greenAfterRestoredForMs());
    }

    private static ObjectNode counts(Map<String, Long> counts) {
        ObjectNode node = JSON.createObjectNode();
        counts.forEach(node::put);
        return node;
    }

    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("summary is not serialisable: " + e.getMessage(), e);
        }
    }

    /** The human-readable summary. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append('\n')
                .append(promoted() ? "PROMOTED" : "ROLLED BACK")
                .append(" - scenario ")
                .append(scenario)
                .append(", deployment ")
                .append(deploymentId)
                .append(String.format(
                        Locale.ROOT, ", %.1f s (whole run %.1f s)%n", durationMs / 1000.0, totalMs / 1000.0));
        out.append(String.format(
                Locale.ROOT, "  final weights   blue %d%% / green %d%%%n", finalWeights.blue(), finalWeights.green()));
        out.append(String.format(
                Locale.ROOT,
                "  requests        %,d sent (%.0f/s): %,d failed, %,d served by blue, " + "%,d by green%n",
                requests.total(),
                requests.ratePerSecond(),
                requests.failed(),
                requests.blue(),
                requests.green()));
        out.append("  hooks\n");
        for (HookRecord hook : hooks) {
            out.append(String.format(
                    Locale.ROOT,
                    "    %-22s %-9s %6d ms  %s%n",
                    hook.name(),
                    hook.status(),
                    hook.durationMs(),
                    oneLine(hook.reason(), 110)));
        }
        if (!stages.isEmpty()) {
            out.append("  stages\n");
            for (JsonNode stage : stages) {
                JsonNode verdict = stage.path("verdict");
                String text = verdict.has("gates")
                        ? gates(verdict.path("gates"))
                        : verdict.path("error").asText("not judged (cut short)");
                out.append(String.format(
                        Locale.ROOT,
                        "    %3d%%  bake %3d s  %-12s %s%n",
                        stage.path("percent").asInt(),
                        stage.path("bakeSeconds").asInt(),
                        verdict.path("status").asText("-"),
                        oneLine(text, 110)));
            }
        }
        rollback.ifPresent(r -> out.append(String.format(
                Locale.ROOT,
                "  rollback        by %s: %s%n"
                        + "                  detected after %d ms, traffic on blue %d ms after the decision%n",
                r.trigger(),
                oneLine(r.reason(), 160),
                r.detectedAfterMs(),
                r.trafficRestoredAfterMs())));
        rollback.filter(r -> r.greenAfterRestored() > 0)
                .ifPresent(r -> out.append(String.format(
                        Locale.ROOT,
                        "                  %d requests still reached green, for %d ms after it (cached answers)%n",
                        r.greenAfterRestored(),
                        r.greenAfterRestoredForMs())));
        for (String alarm : alarms) {
            out.append("  alarm           ").append(oneLine(alarm, 160)).append('\n');
        }
        for (String notification : notifications) {
            out.append("  notification    ").append(notification).append('\n');
        }
        if (deployments.size() > 1) {
            out.append("  deployments\n");
            for (Deployment d : deployments) {
                out.append(String.format(
                        Locale.ROOT,
                        "    %-4s %-12s %-11s blue %s -> green %s, final %d/%d, %d failed%n",
                        d.version(),
                        d.scenario(),
                        d.outcome(),
                        d.blueTargetGroup(),
                        d.greenTargetGroup(),
                        d.finalWeights().blue(),
                        d.finalWeights().green(),
                        d.failedRequests()));
            }
        }
        return out.toString();
    }

    /** {@code green 5xx 0.00% (0/597), p99 12.3 ms (blue 10.1 ms)}: the numbers each gate judged. */
    private static String gates(JsonNode gates) {
        List<String> parts = new java.util.ArrayList<>();
        for (JsonNode gate : gates) {
            if ("ERROR_RATE_5XX".equals(gate.path("metric").asText())) {
                long requests = gate.path("greenRequests").asLong();
                parts.add(String.format(
                        Locale.ROOT,
                        "green 5xx %.2f%% (%d/%d)",
                        gate.path("green").asDouble() * 100,
                        Math.round(gate.path("green").asDouble() * requests),
                        requests));
            } else {
                parts.add(String.format(
                        Locale.ROOT,
                        "p%s %.1f ms (blue %.1f ms)",
                        gate.path("percentile").asText("99").replace(".0", ""),
                        gate.path("green").asDouble(),
                        gate.path("blue").asDouble()));
            }
        }
        return String.join(", ", parts);
    }

    private static String oneLine(String text, int max) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
