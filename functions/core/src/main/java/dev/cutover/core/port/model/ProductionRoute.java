package dev.cutover.core.port.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a deployment shifts production traffic: the listener, or the listener rule when the spec names one. Together
 * with the deployment's {@link TargetGroupRoles} it is everything a rollback needs to put traffic back on blue, so
 * the plan carries it: a rollback must not depend on reading the spec again (a parameter deleted or unreadable
 * mid-deployment would otherwise leave traffic split).
 *
 * @param listenerArn the production listener
 * @param ruleArn     the listener rule shifted instead of the listener's default action, if any
 */
public record ProductionRoute(String listenerArn, Optional<String> ruleArn) {

    public ProductionRoute {
        LockLease.requireText(listenerArn, "listenerArn");
        Objects.requireNonNull(ruleArn, "ruleArn");
        ruleArn.ifPresent(rule -> LockLease.requireText(rule, "ruleArn"));
    }

    @Override
    public String toString() {
        return ruleArn.map(rule -> "rule " + rule).orElse("listener " + listenerArn);
    }
}
