package dev.cutover.core.spec;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.field.FieldPath;
import dev.cutover.core.field.FieldReader;
import dev.cutover.core.field.Problems;
import dev.cutover.core.field.UnsafeText;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Metric;

/**
 * Builds a {@link CutoverSpec} from a parsed document tree, by hand rather than by data binding, so that each
 * error carries the exact path of the field at fault. Reading goes on after an error; the spec is built only when
 * the whole document is clean. One instance reads one document.
 */
final class SpecReader {

    static final int SPEC_VERSION = 1;

    private static final List<String> TOP = List.of(
            "version",
            "service",
            "routing",
            "shifting",
            "health",
            "smokeTests",
            "migrations",
            "dataSync",
            "notifications",
            "rollback",
            "databaseTls");
    private static final List<String> ROUTING = List.of(
            "type",
            "dns",
            "productionListenerArn",
            "productionRuleArn",
            "testListenerArn",
            "targetGroupArns",
            "productionUrl",
            "testUrl",
            "minHealthyTargets",
            "healthyTargetsWaitSeconds");
    private static final List<String> DNS =
            List.of("hostedZoneId", "recordName", "recordType", "ttlSeconds", "setIdentifiers");
    private static final Map<String, Routing.Type> ROUTING_TYPES =
            ordered("elb", Routing.Type.ELB, "route53", Routing.Type.ROUTE53);
    private static final Map<String, DnsRecords.Type> RECORD_TYPES =
            ordered("A", DnsRecords.Type.A, "CNAME", DnsRecords.Type.CNAME);
    /** A Route 53 hosted zone id as the console and the API's HostedZone.Id show it, without "/hostedzone/". */
    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("Z[A-Z0-9]{1,31}");
    /** A DNS name: dot-separated labels of letters, digits, dashes and underscores, an optional final dot. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,254}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)+[A-Za-z0-9_-]{1,63}\\.?");

    /** Fields of routing that earlier specs had: reported with what to write instead, not as unknown. */
    private static final List<String> RETIRED_ROUTING = List.of("blueTargetGroupArn", "greenTargetGroupArn");

    private static final List<String> SHIFTING = List.of("mode", "hookWindowSeconds", "safetyMarginSeconds", "stages");
    private static final List<String> STAGE = List.of("percent", "bakeSeconds", "approval");
    private static final List<String> APPROVAL = List.of("timeoutMinutes");
    private static final List<String> HEALTH =
            List.of("alarms", "metricGates", "metricsWaitSeconds", "judge", "statistical");
    private static final List<String> STATISTICAL =
            List.of("confidence", "minSamples", "maxExtensions", "extendSeconds");
    private static final Map<String, HealthGates.Judge> JUDGES =
            ordered("threshold", HealthGates.Judge.THRESHOLD, "statistical", HealthGates.Judge.STATISTICAL);
    private static final List<String> GATE =
            List.of("metric", "percentile", "threshold", "maxIncreaseOverBlue", "minRequests");
    private static final List<String> SMOKE = List.of("allowedHosts", "allowLoopbackTargets", "tests");
    private static final List<String> TEST = List.of(
            "name",
            "method",
            "path",
            "url",
            "headers",
            "body",
            "expectStatus",
            "bodyContains",
            "jsonPath",
            "latencyBudgetMs",
            "retries",
            "retryBackoffMs");
    private static final List<String> JSON_PATH = List.of("path", "equals");
    private static final List<String> MIGRATIONS =
            List.of("location", "databaseSecret", "schema", "lockTimeoutSeconds", "statementTimeoutSeconds");
    private static final List<String> DATA_SYNC = List.of("blueDatabaseSecret", "greenDatabaseSecret", "tables");
    private static final List<String> TABLE =
            List.of("table", "key", "columns", "rowTolerance", "lagColumn", "maxLagSeconds");
    private static final List<String> NOTIFICATIONS = List.of("topicArn");
    private static final List<String> ROLLBACK =
            List.of("mode", "steps", "stepWaitSeconds", "windowMinutes", "codeDeployTerminationWaitMinutes");

    private static final List<String> DATABASE_TLS = List.of("mode", "rootCert");
    private static final Map<String, DatabaseTls.Mode> TLS_MODES = ordered(
            "disable", DatabaseTls.Mode.DISABLE,
            "require", DatabaseTls.Mode.REQUIRE,
            "verify-ca", DatabaseTls.Mode.VERIFY_CA,
            "verify-full", DatabaseTls.Mode.VERIFY_FULL);

    private static final Map<String, Shifting.Mode> SHIFT_MODES =
            ordered("staged", Shifting.Mode.STAGED, "all-at-once", Shifting.Mode.ALL_AT_ONCE);
    private static final Map<String, Metric> METRICS =
            ordered("5xx-rate", Metric.ERROR_RATE_5XX, "latency", Metric.LATENCY);
    private static final Map<String, RollbackPolicy.Mode> ROLLBACK_MODES =
            ordered("immediate", RollbackPolicy.Mode.IMMEDIATE, "gradual", RollbackPolicy.Mode.GRADUAL);
    private static final Map<String, String> METHODS = ordered(
            "GET", "GET", "HEAD", "HEAD", "POST", "POST", "PUT", "PUT", "PATCH", "PATCH", "DELETE", "DELETE", "OPTIONS",
            "OPTIONS");

    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern MIGRATION_LOCATION = Pattern.compile("(?:classpath|filesystem):\\S.*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern TEST_PATH = Pattern.compile("/(?!/)[^\\s#]*");

    private static final int MAX_NAME = 255;

    private final Problems problems = new Problems();

    /** The listener URLs once read; smoke test URL host checks need both, so they are skipped unless both are valid. */
    private URI productionUrl;

    private URI testUrl;
    private boolean listenerUrlsKnown;

    /**
     * @param source where the document came from, for the exception
     * @throws SpecException naming every error found
     */
    CutoverSpec read(JsonNode root, String source) {
        FieldReader doc = object(root, "", TOP);
        problems.throwIfAny(errors -> new SpecException(source, errors));
        Long version = doc.integer("version", null, Long.MIN_VALUE, Long.MAX_VALUE);
        if (version != null && version != SPEC_VERSION) {
            problems.add(
                    "version", "unsupported spec version " + version + "; this Cutover reads version " + SPEC_VERSION);
        }
        String service = doc.string("service", true);
        if (service != null && !SERVICE.matcher(service).matches()) {
            problems.add(
                    "service",
                    Values.quote(service) + " is not a valid service name: use 1 to 63 lower-case"
                            + " letters, digits and dashes, starting with a letter");
        }
        FieldReader routingNode = doc.object("routing", true, concat(ROUTING, RETIRED_ROUTING));
        Routing routing = routingNode == null ? null : routing(routingNode);
        FieldReader shiftingNode = doc.object("shifting", true, SHIFTING);
        Shifting shifting = shiftingNode == null ? null : shifting(shiftingNode);
        HealthGates health =
                optionalSection(doc, "health", HEALTH, this::health, new HealthGates(List.of(), List.of()));
        SmokeTests smokeTests = optionalSection(doc, "smokeTests", SMOKE, this::smokeTests, SmokeTests.none());
        Optional<Migrations> migrations = optionalSection(
                doc, "migrations", MIGRATIONS, r -> Optional.ofNullable(migrations(r)), Optional.empty());
        Optional<DataSync> dataSync =
                optionalSection(doc, "dataSync", DATA_SYNC, r -> Optional.ofNullable(dataSync(r)), Optional.empty());
        Notifications notifications =
                optionalSection(doc, "notifications", NOTIFICATIONS, this::notifications, Notifications.none());
        RollbackPolicy rollback =
                optionalSection(doc, "rollback", ROLLBACK, this::rollback, RollbackPolicy.immediate());
        DatabaseTls databaseTls =
                optionalSection(doc, "databaseTls", DATABASE_TLS, this::databaseTls, DatabaseTls.verifyFull());

        if (routing != null && smokeTests != null) {
            SpecValidator.loopbackTargets(problems, routing, smokeTests);
        }
        if (routing != null && shifting != null) {
            SpecValidator.dnsBakes(problems, "shifting.stages", routing, shifting);
        }

        problems.throwIfAny(errors -> new SpecException(source, errors));
        return new CutoverSpec(
                version.intValue(),
                service,
                routing,
                shifting,
                health,
                smokeTests,
                migrations,
                dataSync,
                notifications,
                rollback,
                databaseTls);
    }

    /** An object of the document, with every field not in {@code fields} reported; null when not an object. */
    private FieldReader object(JsonNode node, String path, List<String> fields) {
        FieldReader object = FieldReader.of(node, path, problems, SpecDialect.INSTANCE);
        return object == null ? null : object.onlyKnown(fields);
    }

    private interface SectionReader<T> {
        T read(FieldReader section);
    }

    private <T> T optionalSection(
            FieldReader doc, String field, List<String> fields, SectionReader<T> reader, T absent) {
        if (!doc.has(field)) {
            return absent;
        }
        FieldReader section = doc.object(field, false, fields);
        return section == null ? null : reader.read(section);
    }

    // ---- routing

    private Routing routing(FieldReader r) {
        int mark = problems.mark();
        Routing.Type type = r.choice("type", Routing.Type.ELB, ROUTING_TYPES);
        DnsRecords dns = dnsRecords(r, type);
        String productionListener = arn(r, "productionListenerArn", true, Arns.LISTENER);
        String productionRule = arn(r, "productionRuleArn", false, Arns.LISTENER_RULE);
        if (type == Routing.Type.ROUTE53 && productionRule != null) {
            problems.add(
                    r.pathOf("productionRuleArn"),
                    "is for type: elb only: with type: route53 Cutover shifts the weights of routing.dns's records"
                            + " and changes no listener rule; remove it");
        }
        String testListener = arn(r, "testListenerArn", true, Arns.LISTENER);
        retiredTargetGroupFields(r);
        List<String> targetGroups = targetGroupPair(r);
        productionUrl = listenerUrl(r, "productionUrl");
        testUrl = listenerUrl(r, "testUrl");
        listenerUrlsKnown = productionUrl != null && testUrl != null;
        Integer minHealthy = r.smallInteger("minHealthyTargets", 1, 1, 1000);
        Long wait = r.integer("healthyTargetsWaitSeconds", 300L, 0, 3600);

        SpecValidator.differentListeners(problems, r.pathOf("testListenerArn"), productionListener, testListener);
        SpecValidator.ruleOnListener(problems, r.pathOf("productionRuleArn"), productionRule, productionListener);
        if (!problems.cleanSince(mark)) {
            return null;
        }
        return new Routing(
                productionListener,
                Optional.ofNullable(productionRule),
                testListener,
                targetGroups,
                Optional.empty(),
                productionUrl,
                testUrl,
                minHealthy,
                Duration.ofSeconds(wait),
                Optional.ofNullable(dns));
    }

    /**
     * {@code routing.dns}: required with {@code type: route53}, refused otherwise. Alias A records take no
     * {@code ttlSeconds} (Route 53 answers them with the alias target's TTL); CNAME records need one, since the
     * bake rule depends on it.
     */
    private DnsRecords dnsRecords(FieldReader r, Routing.Type type) {
        if (type != Routing.Type.ROUTE53) {
            if (type != null && r.has("dns")) {
                problems.add(
                        r.pathOf("dns"),
                        "is for type: route53 only; set routing.type: route53 to switch traffic with these DNS"
                                + " records, or remove it");
            }
            return null;
        }
        FieldReader d = r.object("dns", true, DNS);
        if (d == null) {
            return null;
        }
        int mark = problems.mark();
        String zone = d.string("hostedZoneId", true);
        if (zone != null && !HOSTED_ZONE_ID.matcher(zone).matches()) {
            problems.add(
                    d.pathOf("hostedZoneId"),
                    Values.quote(zone) + " is not a Route 53 hosted zone id; expected Z followed by capital"
                            + " letters and digits, e.g. Z0123456789ABCDEFGHIJ (without /hostedzone/)");
        }
        String name = d.string("recordName", true);
        if (name != null && !DNS_NAME.matcher(name).matches()) {
            problems.add(
                    d.pathOf("recordName"),
                    Values.quote(name) + " is not a DNS name such as orders.example.com: labels of 1 to 63"
                            + " letters, digits, dashes or underscores, separated by dots");
        }
        DnsRecords.Type recordType = d.choice("recordType", null, RECORD_TYPES);
        Long ttl = null;
        if (recordType == DnsRecords.Type.A && d.has("ttlSeconds")) {
            problems.add(
                    d.pathOf("ttlSeconds"),
                    "must not be set with recordType: A: alias records have no TTL of their own; Route 53 answers"
                            + " them with the alias target's TTL (" + DnsRecords.ALIAS_TARGET_TTL.toSeconds()
                            + " s for a load balancer), which Cutover uses for the bake rule");
        } else if (recordType == DnsRecords.Type.CNAME) {
            ttl = d.integer("ttlSeconds", null, 0, 172_800);
        }
        List<String> ids = d.strings("setIdentifiers", true, true);
        if (ids != null && ids.size() != 2) {
            problems.add(
                    d.pathOf("setIdentifiers"),
                    "must list exactly two set identifiers, one per target group in the order of targetGroupArns;"
                            + " found " + ids.size());
        } else if (ids != null) {
            for (int i = 0; i < 2; i++) {
                int length = ids.get(i).length();
                if (length < 1 || length > 128 || Values.hasControlCharacters(ids.get(i))) {
                    problems.add(
                            FieldPath.index(d.pathOf("setIdentifiers"), i),
                            "a set identifier has 1 to 128 printable characters");
                }
            }
            if (ids.get(0).equals(ids.get(1))) {
                problems.add(
                        FieldPath.index(d.pathOf("setIdentifiers"), 1),
                        "must differ from setIdentifiers[0]: blue and green are two records");
            }
        }
        if (!problems.cleanSince(mark) || recordType == null) {
            return null;
        }
        return new DnsRecords(zone, name, recordType, Optional.ofNullable(ttl).map(Duration::ofSeconds), ids);
    }

    /**
     * Blue and green used to be spec fields; they are roles that alternate between deployments, so a spec still
     * naming them is refused with what to write instead (rather than "unknown field").
     */
    private void retiredTargetGroupFields(FieldReader r) {
        if (!r.has("blueTargetGroupArn") && !r.has("greenTargetGroupArn")) {
            return;
        }
        String blue = r.has("blueTargetGroupArn") ? r.raw("blueTargetGroupArn").asText() : "<blue group>";
        String green =
                r.has("greenTargetGroupArn") ? r.raw("greenTargetGroupArn").asText() : "<green group>";
        String instead = "; blue and green are roles that alternate between deployments (CodeDeploy puts each new"
                + " version behind the group that is not live), so a spec names the pair and each deployment"
                + " resolves which is live: replace blueTargetGroupArn and greenTargetGroupArn with targetGroupArns: ["
                + blue + ", " + green + "]";
        for (String field : RETIRED_ROUTING) {
            if (r.has(field)) {
                problems.add(r.pathOf(field), "is no longer a spec field" + instead);
            }
        }
    }

    /** The service's two target groups, in either role. */
    private List<String> targetGroupPair(FieldReader r) {
        if (!r.has("targetGroupArns") && (r.has("blueTargetGroupArn") || r.has("greenTargetGroupArn"))) {
            return null; // already told what to write instead
        }
        List<String> arns = r.strings("targetGroupArns", true, true);
        if (arns == null) {
            return null;
        }
        if (arns.size() != 2) {
            problems.add(
                    r.pathOf("targetGroupArns"),
                    "must list exactly two target groups, the pair blue and green alternate between; found "
                            + arns.size());
            return null;
        }
        boolean clean = true;
        for (int i = 0; i < 2; i++) {
            Optional<String> problem = Arns.TARGET_GROUP.problem(arns.get(i));
            if (problem.isPresent()) {
                problems.add(FieldPath.index(r.pathOf("targetGroupArns"), i), problem.get());
                clean = false;
            }
        }
        if (clean && arns.get(0).equals(arns.get(1))) {
            problems.add(
                    FieldPath.index(r.pathOf("targetGroupArns"), 1),
                    "must differ from targetGroupArns[0]: blue and green are two target groups");
            return null;
        }
        return clean ? arns : null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private String arn(FieldReader r, String field, boolean required, Arns kind) {
        String arn = r.string(field, required);
        if (arn == null) {
            return null;
        }
        Optional<String> problem = kind.problem(arn);
        problem.ifPresent(reason -> problems.add(r.pathOf(field), reason));
        return problem.isPresent() ? null : arn;
    }

    /** A listener's base URL: smoke test paths are resolved against it, so it has no query or fragment. */
    private URI listenerUrl(FieldReader r, String field) {
        String text = r.string(field, true);
        if (text == null) {
            return null;
        }
        Optional<String> problem = AddressRules.urlProblem(text);
        if (problem.isPresent()) {
            problems.add(r.pathOf(field), problem.get());
            return null;
        }
        URI url = URI.create(text);
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            problems.add(
                    r.pathOf(field),
                    "must not have a query or fragment: smoke test paths are resolved" + " against it");
            return null;
        }
        return url;
    }

    // ---- shifting

    private Shifting shifting(FieldReader r) {
        int mark = problems.mark();
        Shifting.Mode mode = r.choice("mode", Shifting.Mode.STAGED, SHIFT_MODES);
        Long window = r.integer(
                "hookWindowSeconds",
                Shifting.DEFAULT_HOOK_WINDOW.toSeconds(),
                1,
                Shifting.DEFAULT_HOOK_WINDOW.toSeconds());
        Long margin = r.integer("safetyMarginSeconds", Shifting.DEFAULT_SAFETY_MARGIN.toSeconds(), 0, 3600);
        List<JsonNode> stageNodes = r.list("stages", true, true);
        List<Shifting.Stage> stages = new ArrayList<>();
        if (stageNodes != null) {
            List<Integer> percents = new ArrayList<>();
            List<Long> bakes = new ArrayList<>();
            List<Long> approvals = new ArrayList<>();
            for (int i = 0; i < stageNodes.size(); i++) {
                FieldReader s = object(stageNodes.get(i), FieldPath.index(r.pathOf("stages"), i), STAGE);
                Integer percent = s == null ? null : s.smallInteger("percent", null, 1, 100);
                Long bake = s == null ? null : s.integer("bakeSeconds", null, 0, 86_400);
                FieldReader gate = s == null ? null : s.object("approval", false, APPROVAL);
                Long approvalMinutes = gate == null
                        ? null
                        : gate.integer("timeoutMinutes", null, 1, Shifting.MAX_APPROVAL_TIMEOUT.toMinutes());
                percents.add(percent);
                bakes.add(bake);
                approvals.add(approvalMinutes == null ? 0L : approvalMinutes * 60);
                if (percent != null && bake != null) {
                    stages.add(new Shifting.Stage(
                            percent,
                            Duration.ofSeconds(bake),
                            Optional.ofNullable(approvalMinutes).map(Duration::ofMinutes)));
                }
            }
            SpecValidator.stages(problems, r.pathOf("stages"), percents);
            SpecValidator.hookWindow(problems, r.pathOf("stages"), mode, bakes, approvals, window, margin);
        }
        if (!problems.cleanSince(mark)) {
            return null;
        }
        return new Shifting(mode, stages, Duration.ofSeconds(window), Duration.ofSeconds(margin));
    }

    // ---- health

    private HealthGates health(FieldReader r) {
        int mark = problems.mark();
        List<String> alarms = r.strings("alarms", false, false);
        if (alarms != null) {
            for (int i = 0; i < alarms.size(); i++) {
                String alarm = alarms.get(i);
                int length = alarm.codePointCount(0, alarm.length());
                if (length < 1 || length > MAX_NAME) {
                    problems.add(
                            FieldPath.index(r.pathOf("alarms"), i),
                            "an alarm name has 1 to 255 characters, got " + length);
                } else if (Values.hasControlCharacters(alarm)) {
                    problems.add(
                            FieldPath.index(r.pathOf("alarms"), i),
                            "an alarm name must not contain control, format or line separator characters (found "
                                    + UnsafeText.problem(alarm).orElse("one") + "): " + Values.quote(alarm));
                }
            }
            SpecValidator.unique(problems, r.pathOf("alarms"), "", "alarm name", alarms);
        }
        List<HealthGates.MetricGate> gates = new ArrayList<>();
        List<JsonNode> gateNodes = r.list("metricGates", false, false);
        if (gateNodes != null) {
            for (int i = 0; i < gateNodes.size(); i++) {
                FieldReader g = object(gateNodes.get(i), FieldPath.index(r.pathOf("metricGates"), i), GATE);
                HealthGates.MetricGate gate = g == null ? null : metricGate(g);
                if (gate != null) {
                    gates.add(gate);
                }
            }
        }
        Long metricsWait = r.integer(
                "metricsWaitSeconds",
                HealthGates.DEFAULT_METRICS_WAIT.toSeconds(),
                0,
                HealthGates.MAX_METRICS_WAIT_SECONDS);
        HealthGates.Judge judge = r.choice("judge", HealthGates.Judge.THRESHOLD, JUDGES);
        HealthGates.Statistical statistical = HealthGates.Statistical.DEFAULT;
        if (r.has("statistical")) {
            if (judge != HealthGates.Judge.STATISTICAL) {
                r.problem("statistical", "is read only with health.judge: statistical; set it or remove this section");
            }
            FieldReader s = r.object("statistical", true, STATISTICAL);
            statistical = s == null ? null : statistical(s);
        }
        if (judge == HealthGates.Judge.STATISTICAL && (gateNodes == null || gateNodes.isEmpty())) {
            // the judge reads green's and blue's traffic for the metric gates; their thresholds stay the second line
            r.problem(
                    "judge",
                    "statistical compares green's traffic with blue's, which is read for health.metricGates:"
                            + " add at least one metric gate (its threshold stays as the second line)");
        }
        return problems.cleanSince(mark) && metricsWait != null && judge != null && statistical != null
                ? new HealthGates(alarms, gates, Duration.ofSeconds(metricsWait), judge, statistical)
                : null;
    }

    private HealthGates.Statistical statistical(FieldReader s) {
        int mark = problems.mark();
        Double confidence = s.number("confidence", HealthGates.Statistical.DEFAULT.confidence());
        Long minSamples = s.integer(
                "minSamples",
                (long) HealthGates.Statistical.DEFAULT.minSamples(),
                HealthGates.Statistical.MIN_SAMPLES,
                Integer.MAX_VALUE);
        Long maxExtensions = s.integer(
                "maxExtensions",
                (long) HealthGates.Statistical.DEFAULT_MAX_EXTENSIONS,
                0,
                HealthGates.Statistical.MAX_EXTENSIONS);
        Long extendSeconds = s.integer(
                "extendSeconds",
                HealthGates.Statistical.DEFAULT_EXTEND_BY.toSeconds(),
                1,
                HealthGates.Statistical.MAX_EXTEND_SECONDS);
        if (confidence != null
                && !(confidence > HealthGates.Statistical.MIN_CONFIDENCE
                        && confidence <= HealthGates.Statistical.MAX_CONFIDENCE)) {
            problems.add(
                    s.pathOf("confidence"),
                    "a confidence is a fraction above " + HealthGates.Statistical.MIN_CONFIDENCE + " and at most "
                            + HealthGates.Statistical.MAX_CONFIDENCE + " (0.95 is 95%), got " + confidence);
        }
        return problems.cleanSince(mark)
                        && confidence != null
                        && minSamples != null
                        && maxExtensions != null
                        && extendSeconds != null
                ? new HealthGates.Statistical(
                        confidence, minSamples.intValue(), maxExtensions.intValue(), Duration.ofSeconds(extendSeconds))
                : null;
    }

    private HealthGates.MetricGate metricGate(FieldReader g) {
        int mark = problems.mark();
        Metric metric = g.choice("metric", null, METRICS);
        Double threshold = g.number("threshold", null);
        Double percentile = g.has("percentile") ? g.number("percentile", null) : null;
        Double increase = g.has("maxIncreaseOverBlue") ? g.number("maxIncreaseOverBlue", null) : null;
        Long minRequests = g.integer("minRequests", 100L, 1, Long.MAX_VALUE);

        if (metric == Metric.ERROR_RATE_5XX) {
            if (g.has("percentile")) {
                problems.add(
                        g.pathOf("percentile"),
                        "only a latency gate has a percentile; a 5xx-rate gate"
                                + " compares the fraction of 5xx responses");
            }
            if (threshold != null && (threshold < 0 || threshold > 1)) {
                problems.add(
                        g.pathOf("threshold"),
                        "a 5xx rate is a fraction between 0 and 1 (0.01 is 1%), got " + threshold);
            }
            if (increase != null && (increase < 0 || increase > 1)) {
                problems.add(
                        g.pathOf("maxIncreaseOverBlue"),
                        "a 5xx rate increase is a fraction between 0 and 1," + " got " + increase);
            }
        } else if (metric == Metric.LATENCY) {
            if (!g.has("percentile")) {
                problems.add(g.pathOf("percentile"), "required for a latency gate, e.g. 99 for p99");
            } else if (percentile != null && (percentile <= 0 || percentile >= 100)) {
                problems.add(g.pathOf("percentile"), "must be above 0 and below 100, got " + percentile);
            }
            if (threshold != null && threshold <= 0) {
                problems.add(
                        g.pathOf("threshold"), "a latency threshold is in milliseconds and above 0, got " + threshold);
            }
            if (increase != null && increase < 0) {
                problems.add(g.pathOf("maxIncreaseOverBlue"), "must be at least 0 milliseconds, got " + increase);
            }
        }
        if (!problems.cleanSince(mark)) {
            return null;
        }
        return new HealthGates.MetricGate(
                metric, Optional.ofNullable(percentile), threshold, Optional.ofNullable(increase), minRequests);
    }

    // ---- smoke tests

    private SmokeTests smokeTests(FieldReader r) {
        int mark = problems.mark();
        List<String> allowed = r.strings("allowedHosts", false, false);
        boolean allowedClean = allowed != null;
        if (allowed != null) {
            for (int i = 0; i < allowed.size(); i++) {
                Optional<String> problem = AddressRules.allowedHostProblem(allowed.get(i));
                if (problem.isPresent()) {
                    problems.add(FieldPath.index(r.pathOf("allowedHosts"), i), problem.get());
                    allowedClean = false;
                }
            }
        }
        // host checks need every host that may be called; with one of them broken, they would mislead
        Set<String> callable =
                allowedClean && listenerUrlsKnown ? SpecValidator.callableHosts(allowed, productionUrl, testUrl) : null;

        List<SmokeTests.SmokeTest> tests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<JsonNode> testNodes = r.list("tests", false, false);
        if (testNodes != null) {
            for (int i = 0; i < testNodes.size(); i++) {
                FieldReader t = object(testNodes.get(i), FieldPath.index(r.pathOf("tests"), i), TEST);
                if (t == null) {
                    names.add(null);
                    continue;
                }
                String name = t.string("name", true);
                if (name != null
                        && (name.isBlank()
                                || name.codePointCount(0, name.length()) > 128
                                || Values.hasControlCharacters(name))) {
                    problems.add(
                            t.pathOf("name"),
                            "a test name has 1 to 128 printable characters, got " + Values.quote(name));
                    name = null;
                }
                names.add(name);
                SmokeTests.SmokeTest test = smokeTest(t, name, callable);
                if (test != null) {
                    tests.add(test);
                }
            }
            SpecValidator.unique(problems, r.pathOf("tests"), ".name", "test name", names);
        }
        Boolean allowLoopback = r.bool("allowLoopbackTargets", false);
        return problems.cleanSince(mark) ? new SmokeTests(allowed, tests, allowLoopback) : null;
    }

    private SmokeTests.SmokeTest smokeTest(FieldReader t, String name, Set<String> callable) {
        int mark = problems.mark();
        String method = t.choice("method", "GET", METHODS);
        String target = smokeTarget(t, callable);
        Map<String, String> headers = t.stringMap("headers");
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                String path = FieldPath.field(t.pathOf("headers"), header.getKey());
                if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                    problems.add(path, Values.quote(header.getKey()) + " is not a valid HTTP header name");
                } else if (header.getValue().chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
                    problems.add(path, "a header value must not contain line breaks or other control characters");
                }
            }
        }
        String body = t.string("body", false);
        Integer status = t.smallInteger("expectStatus", 200, 100, 599);
        List<String> bodyContains = t.strings("bodyContains", false, false);
        if (bodyContains != null) {
            for (int i = 0; i < bodyContains.size(); i++) {
                if (bodyContains.get(i).isEmpty()) {
                    problems.add(
                            FieldPath.index(t.pathOf("bodyContains"), i),
                            "must not be empty: every body" + " contains the empty string");
                }
            }
        }
        List<SmokeTests.JsonPathAssertion> assertions = jsonPathAssertions(t);
        Long latency = t.integer("latencyBudgetMs", 2000L, 1, 600_000);
        Integer retries = t.smallInteger("retries", 2, 0, 10);
        Long backoff = t.integer("retryBackoffMs", 500L, 0, 60_000);
        if (!problems.cleanSince(mark) || name == null) {
            return null;
        }
        return new SmokeTests.SmokeTest(
                name,
                method,
                target,
                headers,
                Optional.ofNullable(body),
                status,
                bodyContains,
                assertions,
                Duration.ofMillis(latency),
                retries,
                Duration.ofMillis(backoff));
    }

    /** Exactly one of {@code path} (resolved against the listener's URL) or {@code url} (an allowed host). */
    private String smokeTarget(FieldReader t, Set<String> callable) {
        boolean hasPath = t.has("path");
        boolean hasUrl = t.has("url");
        if (hasPath == hasUrl) {
            problems.add(
                    t.path(),
                    hasPath
                            ? "has both path and url; give exactly one"
                            : "needs a path (such as /health, called on the listener being tested) or a url");
            return null;
        }
        if (hasPath) {
            String path = t.string("path", true);
            if (path != null && !TEST_PATH.matcher(path).matches()) {
                problems.add(
                        t.pathOf("path"),
                        "expected a path starting with a single / and without spaces or"
                                + " a fragment, such as /health, got " + Values.quote(path)
                                + (path.startsWith("http") ? "; use url for an absolute URL" : ""));
                return null;
            }
            if (path != null) {
                try {
                    new URI(path);
                } catch (java.net.URISyntaxException e) {
                    problems.add(t.pathOf("path"), "not a valid URL path: " + e.getReason());
                    return null;
                }
            }
            return path;
        }
        String url = t.string("url", true);
        if (url == null) {
            return null;
        }
        Optional<String> problem = AddressRules.urlProblem(url);
        if (problem.isPresent()) {
            problems.add(t.pathOf("url"), problem.get());
            return null;
        }
        if (callable != null) {
            SpecValidator.smokeUrlHost(problems, t.pathOf("url"), URI.create(url), callable);
        }
        return url;
    }

    private List<SmokeTests.JsonPathAssertion> jsonPathAssertions(FieldReader t) {
        List<JsonNode> nodes = t.list("jsonPath", false, false);
        if (nodes == null) {
            return t.has("jsonPath") ? null : List.of();
        }
        int mark = problems.mark();
        List<SmokeTests.JsonPathAssertion> assertions = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            FieldReader a = object(nodes.get(i), FieldPath.index(t.pathOf("jsonPath"), i), JSON_PATH);
            if (a == null) {
                continue;
            }
            String path = a.string("path", true);
            if (path != null) {
                path = compiledJsonPath(a, path);
            }
            Optional<Object> equals = Optional.empty();
            if (a.has("equals")) {
                JsonNode value = a.raw("equals");
                equals = scalar(value);
                if (equals.isEmpty()) {
                    problems.add(
                            a.pathOf("equals"),
                            Values.typeError("a string, number or boolean", value)
                                    + "; leave equals out to check only that the path exists");
                }
            }
            if (path != null) {
                assertions.add(new SmokeTests.JsonPathAssertion(path, equals));
            }
        }
        return problems.cleanSince(mark) ? assertions : null;
    }

    private String compiledJsonPath(FieldReader a, String path) {
        if (!path.startsWith("$")) {
            problems.add(
                    a.pathOf("path"),
                    "a JSON path starts at the document root $, such as $.status, got " + Values.quote(path));
            return null;
        }
        try {
            JsonPath.compile(path);
            return path;
        } catch (RuntimeException e) {
            // Jayway words some malformed paths ("$..[") as a wrapped JDK exception, which says nothing to a user
            String reason = e instanceof InvalidPathException && e.getCause() == null && e.getMessage() != null
                    ? e.getMessage()
                    : "it ends early or is malformed; check its brackets, quotes and dots";
            problems.add(a.pathOf("path"), "not a valid JSON path " + Values.quote(path) + ": " + reason);
            return null;
        }
    }

    // ---- migrations, data sync, notifications

    private Migrations migrations(FieldReader r) {
        int mark = problems.mark();
        String location = r.string("location", true);
        if (location != null && !MIGRATION_LOCATION.matcher(location).matches()) {
            problems.add(
                    r.pathOf("location"),
                    "expected a Flyway location starting with classpath: or"
                            + " filesystem:, such as classpath:db/migration, got " + Values.quote(location));
        }
        String secret = secret(r, "databaseSecret");
        String schema = r.has("schema") ? r.string("schema", true) : "public";
        if (schema != null && !COLUMN_NAME.matcher(schema).matches()) {
            problems.add(r.pathOf("schema"), identifierError("schema name", schema));
        }
        Long lockTimeout = r.integer(
                "lockTimeoutSeconds",
                Migrations.DEFAULT_LOCK_TIMEOUT.toSeconds(),
                1,
                Migrations.MAX_LOCK_TIMEOUT_SECONDS);
        Long statementTimeout = r.integer(
                "statementTimeoutSeconds",
                Migrations.DEFAULT_STATEMENT_TIMEOUT.toSeconds(),
                1,
                Migrations.MAX_STATEMENT_TIMEOUT_SECONDS);
        return problems.cleanSince(mark)
                ? new Migrations(
                        location, secret, schema, Duration.ofSeconds(lockTimeout), Duration.ofSeconds(statementTimeout))
                : null;
    }

    /**
     * How migrations and data-sync checks connect: verify-full against the RDS CA bundle unless the spec says
     * otherwise; a root certificate only with a mode that verifies (it would be ignored otherwise).
     */
    private DatabaseTls databaseTls(FieldReader r) {
        int mark = problems.mark();
        DatabaseTls.Mode mode = r.choice("mode", DatabaseTls.Mode.VERIFY_FULL, TLS_MODES);
        String rootCert = r.has("rootCert") ? r.text("rootCert", true) : DatabaseTls.RDS_GLOBAL_BUNDLE;
        if (mode != null && !mode.verifies() && r.has("rootCert")) {
            problems.add(
                    r.pathOf("rootCert"),
                    "is only used when mode verifies the server (verify-ca or verify-full), not with "
                            + mode.sslmode());
        }
        if (rootCert != null && !rootCert.startsWith("/")) {
            problems.add(r.pathOf("rootCert"), "expected an absolute file path, got " + Values.quote(rootCert));
        }
        return problems.cleanSince(mark) ? new DatabaseTls(mode, Optional.of(rootCert)) : null;
    }

    private String secret(FieldReader r, String field) {
        String secret = r.string(field, true);
        if (secret == null) {
            return null;
        }
        if (secret.startsWith("arn:")) {
            Optional<String> problem = Arns.SECRET.problem(secret);
            problem.ifPresent(reason -> problems.add(r.pathOf(field), reason));
            return problem.isPresent() ? null : secret;
        }
        if (!SECRET_NAME.matcher(secret).matches()) {
            problems.add(
                    r.pathOf(field),
                    "expected a Secrets Manager secret name (letters, digits and /_+=.@-)" + " or ARN, got "
                            + Values.quote(secret));
            return null;
        }
        return secret;
    }

    private DataSync dataSync(FieldReader r) {
        int mark = problems.mark();
        String blue = secret(r, "blueDatabaseSecret");
        String green = secret(r, "greenDatabaseSecret");
        SpecValidator.differentSecrets(problems, r.pathOf("greenDatabaseSecret"), blue, green);
        List<DataSync.TableCheck> tables = new ArrayList<>();
        List<JsonNode> tableNodes = r.list("tables", true, true);
        if (tableNodes != null) {
            for (int i = 0; i < tableNodes.size(); i++) {
                FieldReader t = object(tableNodes.get(i), FieldPath.index(r.pathOf("tables"), i), TABLE);
                DataSync.TableCheck check = t == null ? null : tableCheck(t);
                if (check != null) {
                    tables.add(check);
                }
            }
        }
        return problems.cleanSince(mark) ? new DataSync(blue, green, tables) : null;
    }

    private DataSync.TableCheck tableCheck(FieldReader t) {
        int mark = problems.mark();
        String table = identifier(t, "table", true, TABLE_NAME, "table name, optionally schema-qualified,");
        String key = identifier(t, "key", true, COLUMN_NAME, "column name");
        List<String> columns = t.strings("columns", false, false);
        if (columns != null) {
            for (int i = 0; i < columns.size(); i++) {
                if (!COLUMN_NAME.matcher(columns.get(i)).matches()) {
                    problems.add(
                            FieldPath.index(t.pathOf("columns"), i), identifierError("column name", columns.get(i)));
                }
            }
            SpecValidator.unique(problems, t.pathOf("columns"), "", "column", columns);
        }
        Long tolerance = t.integer("rowTolerance", 0L, 0, Long.MAX_VALUE);
        String lagColumn = t.has("lagColumn") ? identifier(t, "lagColumn", true, COLUMN_NAME, "column name") : null;
        Long maxLag = null;
        if (t.has("lagColumn") && !t.has("maxLagSeconds")) {
            problems.add(
                    t.pathOf("maxLagSeconds"),
                    "required with lagColumn: how many seconds green's newest" + " lagColumn value may trail blue's");
        } else if (!t.has("lagColumn") && t.has("maxLagSeconds")) {
            problems.add(
                    t.pathOf("maxLagSeconds"),
                    "only used with lagColumn, which is not set; add lagColumn or" + " remove maxLagSeconds");
        } else if (t.has("maxLagSeconds")) {
            maxLag = t.integer("maxLagSeconds", null, 0, 86_400);
        }
        if (!problems.cleanSince(mark)) {
            return null;
        }
        return new DataSync.TableCheck(
                table,
                key,
                columns,
                tolerance,
                Optional.ofNullable(lagColumn),
                maxLag == null ? Duration.ZERO : Duration.ofSeconds(maxLag));
    }

    private String identifier(FieldReader r, String field, boolean required, Pattern pattern, String what) {
        String name = r.string(field, required);
        if (name != null && !pattern.matcher(name).matches()) {
            problems.add(r.pathOf(field), identifierError(what, name));
            return null;
        }
        return name;
    }

    private static String identifierError(String what, String got) {
        // these names are written into SQL, so anything beyond a plain identifier is refused
        return "expected a plain SQL " + what + " made of letters, digits and _ and not starting with a digit, got "
                + Values.quote(got);
    }

    private Notifications notifications(FieldReader r) {
        String topic = arn(r, "topicArn", true, Arns.SNS_TOPIC);
        return topic == null ? null : new Notifications(Optional.of(topic));
    }

    // ---- rollback

    private RollbackPolicy rollback(FieldReader r) {
        int mark = problems.mark();
        RollbackPolicy.Mode mode = r.choice("mode", RollbackPolicy.Mode.IMMEDIATE, ROLLBACK_MODES);
        if (mode == RollbackPolicy.Mode.IMMEDIATE) {
            for (String field : List.of("steps", "stepWaitSeconds")) {
                if (r.has(field)) {
                    problems.add(
                            r.pathOf(field),
                            "only used with mode: gradual; an immediate rollback moves all"
                                    + " traffic back to blue at once");
                }
            }
            Window window = rollbackWindow(r);
            return problems.cleanSince(mark)
                    ? RollbackPolicy.immediate().withWindow(window.length(), window.terminationWait())
                    : null;
        }
        List<Integer> steps = new ArrayList<>();
        List<JsonNode> stepNodes = r.list("steps", mode == RollbackPolicy.Mode.GRADUAL, true);
        if (stepNodes != null) {
            for (int i = 0; i < stepNodes.size(); i++) {
                Long step = r.integerValue(stepNodes.get(i), FieldPath.index(r.pathOf("steps"), i), 0, 99);
                steps.add(step == null ? null : step.intValue());
            }
            SpecValidator.rollbackSteps(problems, r.pathOf("steps"), steps);
        }
        Long wait = r.integer("stepWaitSeconds", 30L, 0, 3600);
        Window window = rollbackWindow(r);
        if (!problems.cleanSince(mark) || mode == null) {
            return null;
        }
        return new RollbackPolicy(mode, steps, Duration.ofSeconds(wait), window.length(), window.terminationWait());
    }

    private record Window(Duration length, Optional<Duration> terminationWait) {}

    /** The rollback window the section declares; null after recording a problem. */
    private Window rollbackWindow(FieldReader r) {
        Long window = r.integer("windowMinutes", 0L, 0, RollbackPolicy.MAX_WINDOW.toMinutes());
        Long termination = r.integer("codeDeployTerminationWaitMinutes", -1L, 0, MAX_TERMINATION_WAIT_MINUTES);
        if (window == null || termination == null) {
            return null;
        }
        Optional<Duration> terminationWait =
                termination < 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(termination));
        SpecValidator.rollbackWindow(problems, r.pathOf("windowMinutes"), Duration.ofMinutes(window), terminationWait);
        return new Window(Duration.ofMinutes(window), terminationWait);
    }

    /** CodeDeploy's own maximum terminationWaitTimeInMinutes (2 days, BlueInstanceTerminationOption). */
    static final long MAX_TERMINATION_WAIT_MINUTES = 2880;

    /** A scalar as the Java value a JSON-path assertion compares with: String, Boolean, Long or Double. */
    private static Optional<Object> scalar(JsonNode value) {
        if (value.isTextual()) {
            return Optional.of(value.textValue());
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isNumber()) {
            if (value.canConvertToExactIntegral() && value.canConvertToLong()) {
                return Optional.of(value.longValue());
            }
            return Optional.of(value.doubleValue());
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return map;
    }
}
