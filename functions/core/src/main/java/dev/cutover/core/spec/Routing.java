package dev.cutover.core.spec;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.ProductionRoute;
import dev.cutover.core.port.model.TargetGroupRoles;

/**
 * Where traffic flows.
 *
 * <p>The spec names the service's pair of target groups, not their roles: CodeDeploy's ECS blue/green alternates
 * them (the replacement of one deployment is the original of the next), so which one is blue is a fact of each
 * deployment. A routing read from a spec has no {@link #roles()}; a deployment resolves them (ValidateAndLock, a
 * hook) and works on {@link #withRoles} of it, and only such a routing answers {@link #blueTargetGroupArn()} and
 * {@link #greenTargetGroupArn()}.
 *
 * @param productionListenerArn the ALB listener that carries production traffic
 * @param productionRuleArn     a listener rule to shift instead of the listener's default action, if set
 * @param testListenerArn       the listener that sends test traffic to green only
 * @param targetGroupArns       the service's two target groups, in the order the spec lists them
 * @param roles                 which of them is blue and which green in this deployment; empty until resolved
 * @param productionUrl         base URL of the production listener, for post-traffic smoke tests
 * @param testUrl               base URL of the test listener, for pre-traffic smoke tests
 * @param minHealthyTargets     AfterInstall passes once green has at least this many healthy targets
 * @param healthyTargetsWait    how long AfterInstall polls for them before failing
 * @param dns                   with {@code routing.type: route53}, the weighted records production traffic is shifted
 *                              with instead of the listener's forward weights; empty: the load balancer
 */
public record Routing(
        String productionListenerArn,
        Optional<String> productionRuleArn,
        String testListenerArn,
        List<String> targetGroupArns,
        Optional<TargetGroupRoles> roles,
        URI productionUrl,
        URI testUrl,
        int minHealthyTargets,
        Duration healthyTargetsWait,
        Optional<DnsRecords> dns) {

    /** How production traffic is switched: {@code routing.type} in a spec. */
    public enum Type {
        /** The weights of the production listener's (or rule's) forward action. */
        ELB,
        /** The weights of two Route 53 weighted records. */
        ROUTE53
    }

    public Routing {
        targetGroupArns = List.copyOf(targetGroupArns);
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(dns, "dns");
        if (dns.isPresent() && productionRuleArn.isPresent()) {
            throw new IllegalArgumentException("a routing by DNS records shifts no listener rule");
        }
        if (targetGroupArns.size() != 2 || targetGroupArns.get(0).equals(targetGroupArns.get(1))) {
            throw new IllegalArgumentException("a routing names two different target groups, not " + targetGroupArns);
        }
        if (roles.isPresent() && !roles.get().assigns(targetGroupArns.get(0), targetGroupArns.get(1))) {
            throw new IllegalArgumentException(
                    "roles " + roles.get() + " are not an assignment of the target groups " + targetGroupArns);
        }
    }

    public Type type() {
        return dns.isPresent() ? Type.ROUTE53 : Type.ELB;
    }

    /** This routing switched by {@code records} instead of the listener, for tests and fixtures. */
    public Routing withDns(DnsRecords records) {
        return new Routing(
                productionListenerArn,
                Optional.empty(),
                testListenerArn,
                targetGroupArns,
                roles,
                productionUrl,
                testUrl,
                minHealthyTargets,
                healthyTargetsWait,
                Optional.of(records));
    }

    /** A routing whose roles are already known, for tests and fixtures: {@code blue} and {@code green}, in order. */
    public static Routing resolved(
            String productionListenerArn,
            Optional<String> productionRuleArn,
            String testListenerArn,
            String blue,
            String green,
            URI productionUrl,
            URI testUrl,
            int minHealthyTargets,
            Duration healthyTargetsWait) {
        return new Routing(
                productionListenerArn,
                productionRuleArn,
                testListenerArn,
                List.of(blue, green),
                Optional.of(new TargetGroupRoles(blue, green)),
                productionUrl,
                testUrl,
                minHealthyTargets,
                healthyTargetsWait,
                Optional.empty());
    }

    /**
     * This routing for one deployment.
     *
     * @throws IllegalArgumentException when {@code roles} are not an assignment of this routing's two groups
     */
    public Routing withRoles(TargetGroupRoles roles) {
        return new Routing(
                productionListenerArn,
                productionRuleArn,
                testListenerArn,
                targetGroupArns,
                Optional.of(roles),
                productionUrl,
                testUrl,
                minHealthyTargets,
                healthyTargetsWait,
                dns);
    }

    /** This routing as a spec stores it: the pair of target groups, their roles left to each deployment. */
    public Routing withoutRoles() {
        return new Routing(
                productionListenerArn,
                productionRuleArn,
                testListenerArn,
                targetGroupArns,
                Optional.empty(),
                productionUrl,
                testUrl,
                minHealthyTargets,
                healthyTargetsWait,
                dns);
    }

    /** Whether {@code roles} assign exactly this routing's two target groups. */
    public boolean fits(TargetGroupRoles roles) {
        return roles.assigns(targetGroupArns.get(0), targetGroupArns.get(1));
    }

    /** The production listener or rule this routing shifts. */
    public ProductionRoute productionRoute() {
        return new ProductionRoute(productionListenerArn, productionRuleArn, dns);
    }

    /**
     * A routing that can only move production traffic between {@code roles}: for a rollback whose spec cannot be
     * read, from what its plan recorded. It has no test listener, URLs or health settings; nothing but a
     * {@code TrafficRouter} may use it.
     */
    public static Routing productionOnly(ProductionRoute route, TargetGroupRoles roles) {
        return new Routing(
                route.listenerArn(),
                route.ruleArn(),
                UNKNOWN,
                List.of(roles.blue(), roles.green()),
                Optional.of(roles),
                UNKNOWN_URL,
                UNKNOWN_URL,
                0,
                Duration.ZERO,
                route.dns());
    }

    private static final String UNKNOWN = "unknown (the spec could not be read)";
    private static final URI UNKNOWN_URL = URI.create("urn:cutover:unknown");

    /** This deployment's roles. @throws IllegalStateException when they have not been resolved (a programming error) */
    public TargetGroupRoles resolvedRoles() {
        return roles.orElseThrow(() -> new IllegalStateException("the roles of target groups " + targetGroupArns
                + " are resolved per deployment; this routing has none (use withRoles)"));
    }

    /** The target group of the live version in this deployment. */
    public String blueTargetGroupArn() {
        return resolvedRoles().blue();
    }

    /** The target group of the version being deployed in this deployment. */
    public String greenTargetGroupArn() {
        return resolvedRoles().green();
    }

    /** The set identifier of blue's DNS record. @throws IllegalStateException without DNS records or roles */
    public String blueSetIdentifier() {
        return setIdentifierOf(blueTargetGroupArn());
    }

    /** The set identifier of green's DNS record. @throws IllegalStateException without DNS records or roles */
    public String greenSetIdentifier() {
        return setIdentifierOf(greenTargetGroupArn());
    }

    private String setIdentifierOf(String targetGroupArn) {
        DnsRecords records = dns.orElseThrow(() -> new IllegalStateException("this routing has no DNS records"));
        return records.setIdentifier(targetGroupArns.indexOf(targetGroupArn));
    }
}
