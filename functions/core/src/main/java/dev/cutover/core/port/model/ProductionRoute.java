package dev.cutover.core.port.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a deployment shifts production traffic: the listener, or the listener rule when the spec names one, or, with
 * {@code routing.type: route53}, the pair of weighted DNS records. Together with the deployment's
 * {@link TargetGroupRoles} it is everything a rollback needs to put traffic back on blue, so the plan carries it: a
 * rollback must not depend on reading the spec again (a parameter deleted or unreadable mid-deployment would
 * otherwise leave traffic split).
 *
 * @param listenerArn the production listener (with DNS records, the listener whose load balancer the target groups'
 *                    metrics are read on; not changed)
 * @param ruleArn     the listener rule shifted instead of the listener's default action, if any
 * @param dns         the weighted records shifted instead of the listener, if the routing is by DNS
 */
public record ProductionRoute(String listenerArn, Optional<String> ruleArn, Optional<DnsRecords> dns) {

    public ProductionRoute {
        LockLease.requireText(listenerArn, "listenerArn");
        Objects.requireNonNull(ruleArn, "ruleArn");
        Objects.requireNonNull(dns, "dns");
        ruleArn.ifPresent(rule -> LockLease.requireText(rule, "ruleArn"));
        if (ruleArn.isPresent() && dns.isPresent()) {
            throw new IllegalArgumentException("a route shifts a listener rule or DNS records, not both");
        }
    }

    /** A load balancer route: the listener, or one of its rules. */
    public ProductionRoute(String listenerArn, Optional<String> ruleArn) {
        this(listenerArn, ruleArn, Optional.empty());
    }

    @Override
    public String toString() {
        return dns.map(DnsRecords::toString)
                .orElseGet(() -> ruleArn.map(rule -> "rule " + rule).orElse("listener " + listenerArn));
    }
}
