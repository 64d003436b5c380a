package dev.cutover.runtime.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.cutover.core.error.DemoException;

/**
 * The demo's spec: {@code orders.cutover.yaml} from the classpath with its values filled in for this run. The
 * demo deploys it; {@code cutover invoke} uses it when no spec file is given.
 */
public final class DemoSpec {

    /** The spec template on the classpath. */
    public static final String TEMPLATE = "dev/cutover/runtime/demo/orders.cutover.yaml";

    static final String MIGRATIONS = "classpath:dev/cutover/runtime/sample/db";
    static final String BAD_MIGRATIONS = MIGRATIONS + ",classpath:dev/cutover/runtime/demo/bad-migration";
    /** The latency gate: a green request slower than this is a fault. */
    static final int LATENCY_THRESHOLD_MS = 250;

    /**
     * The TTL of the demo's DNS records under {@code --routing dns}: short, so the demo stays short, yet a whole
     * bake of the default 4 s meets the validator's rule (bake >= TTL + one TTL of margin, docs/routing.md).
     */
    public static final Duration DNS_TTL = Duration.ofSeconds(2);

    private DemoSpec() {}

    /**
     * {@code spec} (as {@link #render} made it) switching production by two weighted DNS records instead of the
     * listener: {@code routing.type: route53}, CNAME records with {@code ttl}, one set identifier per target group.
     * The zone and name are placeholders; locally the records are {@code LocalDnsRecords}.
     */
    public static String withDnsRouting(String spec, Duration ttl) {
        String routing = "routing:\n";
        if (!spec.contains(routing)) {
            throw new DemoException("the demo spec " + TEMPLATE + " has no routing section");
        }
        return spec.replace(
                routing,
                routing
                        + "  type: route53\n"
                        + "  dns:\n"
                        + "    hostedZoneId: Z0123456789ABCDEFGHIJ\n"
                        + "    recordName: orders.example.com\n"
                        + "    recordType: CNAME\n"
                        + "    ttlSeconds: " + ttl.toSeconds() + "\n"
                        + "    setIdentifiers: [orders-a, orders-b]\n");
    }

    /**
     * The spec (YAML) with its values filled in: the listeners' URLs, the stages' bakes, the metric gates'
     * minimum request count for the request rate, and the migrations (with the destructive V3 when asked).
     *
     * @throws DemoException when the template is missing from the classpath
     */
    public static String render(URI productionUrl, URI testUrl, int rps, List<Duration> bakes, boolean badMigration) {
        return render(productionUrl, testUrl, rps, bakes, badMigration, true);
    }

    /**
     * As {@link #render(URI, URI, int, List, boolean)}; {@code allowLoopbackTargets} says whether the spec lets
     * smoke tests call this machine. The demo's listeners are its own, on 127.0.0.1, so the demo allows it.
     */
    public static String render(
            URI productionUrl,
            URI testUrl,
            int rps,
            List<Duration> bakes,
            boolean badMigration,
            boolean allowLoopbackTargets) {
        String template;
        try (InputStream in = DemoSpec.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new DemoException("the demo spec " + TEMPLATE + " is missing from the runtime's classpath");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DemoException("the demo spec " + TEMPLATE + " cannot be read: " + e, e);
        }
        // about 40% of what 10% of the traffic brings during the first bake: enough to judge, never out of reach
        long minRequests =
                Math.max(20, Math.round(rps * 0.10 * Math.max(1, bakes.get(0).toSeconds()) * 0.4));
        return template.replace("${productionUrl}", productionUrl.toString())
                .replace("${testUrl}", testUrl.toString())
                .replace("${bake1}", Long.toString(bakes.get(0).toSeconds()))
                .replace("${bake2}", Long.toString(bakes.get(1).toSeconds()))
                .replace("${bake3}", Long.toString(bakes.get(2).toSeconds()))
                .replace("${minRequests}", Long.toString(minRequests))
                .replace("${latencyThresholdMs}", Integer.toString(LATENCY_THRESHOLD_MS))
                .replace("${migrationsLocation}", badMigration ? BAD_MIGRATIONS : MIGRATIONS)
                .replace("${allowLoopbackTargets}", Boolean.toString(allowLoopbackTargets));
    }
}
