package dev.cutover.core.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.spec.Routing;

/**
 * The routing a stack is allowed to change (its IAM policy names one production listener, optionally one rule,
 * and two target groups). ValidateAndLock refuses a spec naming anything else, with a message, instead of letting
 * ShiftTraffic fail on AccessDenied half way (and the rollback after it).
 *
 * @param productionListenerArn the listener the stack may modify; empty: any
 * @param productionRuleArn     the rule the stack may modify: empty means any, an empty string means none (the
 *                              listener's default action is shifted)
 * @param targetGroupArns       the stack's pair of target groups, in either role (which one is blue is resolved per
 *                              deployment, so the stack names the pair, never the roles); empty: any
 */
public record RoutingScope(
        Optional<String> productionListenerArn, Optional<String> productionRuleArn, Set<String> targetGroupArns) {

    /** No constraint: for tests and the local runtime. */
    public static final RoutingScope ANY = new RoutingScope(Optional.empty(), Optional.empty(), Set.of());

    public RoutingScope {
        Objects.requireNonNull(productionListenerArn, "productionListenerArn");
        Objects.requireNonNull(productionRuleArn, "productionRuleArn");
        targetGroupArns = Set.copyOf(targetGroupArns);
    }

    /**
     * What a spec's routing names that this stack may not change, one problem per field.
     *
     * @param prefix put before each path: {@code "spec."} for an inline spec, else empty
     */
    public List<FieldError> problems(Routing routing, String prefix, String source) {
        List<FieldError> problems = new ArrayList<>();
        productionListenerArn
                .filter(l -> !l.equals(routing.productionListenerArn()))
                .ifPresent(l -> problems.add(new FieldError(
                        prefix + "routing.productionListenerArn",
                        source + " names " + routing.productionListenerArn() + ", but this stack may only shift "
                                + l)));
        productionRuleArn.ifPresent(rule -> {
            String named = routing.productionRuleArn().orElse("");
            if (!rule.equals(named)) {
                problems.add(new FieldError(
                        prefix + "routing.productionRuleArn",
                        rule.isEmpty()
                                ? source + " names rule " + named
                                        + ", but this stack shifts the listener's default action"
                                        + " and may modify no rule"
                                : source + (named.isEmpty() ? " names no rule" : " names rule " + named)
                                        + ", but this stack may only shift rule " + rule));
            }
        });
        if (!targetGroupArns.isEmpty()) {
            for (int i = 0; i < routing.targetGroupArns().size(); i++) {
                String arn = routing.targetGroupArns().get(i);
                if (!targetGroupArns.contains(arn)) {
                    problems.add(new FieldError(
                            prefix + "routing.targetGroupArns[" + i + "]",
                            source + " names " + arn + ", which is not one of this stack's target groups "
                                    + targetGroupArns));
                }
            }
        }
        return problems;
    }
}
