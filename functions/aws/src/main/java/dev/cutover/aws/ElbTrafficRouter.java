package dev.cutover.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AuthenticateOidcActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

/**
 * Shifts production traffic by changing the weights of an ALB forward action: the production listener's default
 * actions, or the actions of {@link Routing#productionRuleArn()} when the routing names a rule.
 *
 * <p>A write sends only the listener's default actions ({@code ModifyListener}) or the rule's actions
 * ({@code ModifyRule}): port, protocol, certificates, SSL policy and rule conditions are left as they are. Every
 * action other than the forward one goes back as it was read (an {@code authenticate-oidc} action keeps its
 * client secret through {@code UseExistingClientSecret}, since AWS never returns the secret); the forward action
 * keeps its order and its target group stickiness and gets exactly two target groups, blue and green, weighted
 * in percent.
 *
 * <p>Reading turns the forward action's weights into percent. ELB weights are relative (0..999), so a split set
 * elsewhere, e.g. 1 and 3, reads as 75/25; rounding never hides traffic: any weight above 0 on green reads as at
 * least 1%. A forward action that sends traffic to any target group other than blue and green is refused on read
 * and on write, so a routing that names the wrong listener cannot take it over.
 *
 * <p>SDK failures become {@link TransientDependencyException} for throttling, 5xx and network errors and
 * {@link DependencyException} otherwise, naming the operation, the listener or rule, and the AWS error code.
 */
public final class ElbTrafficRouter implements TrafficRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ElbTrafficRouter.class);

    private final ElasticLoadBalancingV2Client elb;

    public ElbTrafficRouter(ElasticLoadBalancingV2Client elb) {
        this.elb = Objects.requireNonNull(elb, "elb");
    }

    @Override
    public Weights read(Routing routing) {
        Route route = Route.of(routing);
        Weights weights = weightsOf(route, routing, forwardAction(route, actions(route)));
        LOG.debug("{} forwards {}", route, weights);
        return weights;
    }

    @Override
    public void apply(Routing routing, Weights weights) {
        Objects.requireNonNull(weights, "weights");
        Route route = Route.of(routing);
        List<Action> actions = actions(route);
        Action forward = forwardAction(route, actions);
        refuseForeignTargets(route, routing, forward);
        List<Action> updated = new ArrayList<>(actions.size());
        for (Action action : actions) {
            updated.add(action == forward ? reweighted(forward, routing, weights) : resent(action));
        }
        if (route.rule()) {
            ModifyRuleRequest request = ModifyRuleRequest.builder()
                    .ruleArn(route.arn())
                    .actions(updated)
                    .build();
            call("ModifyRule", route, () -> elb.modifyRule(request));
        } else {
            ModifyListenerRequest request = ModifyListenerRequest.builder()
                    .listenerArn(route.arn())
                    .defaultActions(updated)
                    .build();
            call("ModifyListener", route, () -> elb.modifyListener(request));
        }
        LOG.info(
                "set {} to forward {} (blue {}, green {})",
                route,
                weights,
                routing.blueTargetGroupArn(),
                routing.greenTargetGroupArn());
    }

    private List<Action> actions(Route route) {
        if (route.rule()) {
            DescribeRulesRequest request =
                    DescribeRulesRequest.builder().ruleArns(route.arn()).build();
            List<Rule> rules = call("DescribeRules", route, () -> elb.describeRules(request))
                    .rules();
            return rules.stream()
                    .filter(r -> route.arn().equals(r.ruleArn()))
                    .findFirst()
                    .orElseThrow(() -> new DependencyException("ELBv2 DescribeRules did not return " + route))
                    .actions();
        }
        DescribeListenersRequest request =
                DescribeListenersRequest.builder().listenerArns(route.arn()).build();
        List<Listener> listeners = call("DescribeListeners", route, () -> elb.describeListeners(request))
                .listeners();
        return listeners.stream()
                .filter(l -> route.arn().equals(l.listenerArn()))
                .findFirst()
                .orElseThrow(() -> new DependencyException("ELBv2 DescribeListeners did not return " + route))
                .defaultActions();
    }

    private static Action forwardAction(Route route, List<Action> actions) {
        List<Action> forwards =
                actions.stream().filter(a -> a.type() == ActionTypeEnum.FORWARD).toList();
        if (forwards.size() != 1) {
            throw new DependencyException(route + " has " + forwards.size() + " forward actions (actions found: "
                    + actions.stream().map(Action::typeAsString).toList() + "); Cutover shifts traffic by the weights "
                    + "of exactly one forward action to the blue and green target groups");
        }
        return forwards.get(0);
    }

    /** The forward action's target groups; a plain {@code TargetGroupArn} forward is one group with no weight. */
    private static List<TargetGroupTuple> targets(Action forward) {
        ForwardActionConfig config = forward.forwardConfig();
        if (config != null && config.hasTargetGroups() && !config.targetGroups().isEmpty()) {
            return config.targetGroups();
        }
        if (forward.targetGroupArn() != null) {
            return List.of(TargetGroupTuple.builder()
                    .targetGroupArn(forward.targetGroupArn())
                    .build());
        }
        return List.of();
    }

    private static Weights weightsOf(Route route, Routing routing, Action forward) {
        List<TargetGroupTuple> targets = targets(forward);
        refuseForeignTargets(route, routing, forward);
        long blue = 0;
        long green = 0;
        for (TargetGroupTuple target : targets) {
            long weight = weight(route, target, targets);
            if (target.targetGroupArn().equals(routing.blueTargetGroupArn())) {
                blue += weight;
            } else if (target.targetGroupArn().equals(routing.greenTargetGroupArn())) {
                green += weight;
            }
        }
        if (blue + green == 0) {
            throw new DependencyException(route + " forwards no traffic to blue " + routing.blueTargetGroupArn()
                    + " or green " + routing.greenTargetGroupArn() + "; found " + describe(targets));
        }
        return Weights.ofGreenPercent(greenPercent(blue, green));
    }

    /** Green's share in percent, rounded, except that a group with any weight never rounds away to nothing. */
    static int greenPercent(long blue, long green) {
        int percent = (int) Math.round(100.0 * green / (blue + green));
        if (green > 0 && percent == 0) {
            return 1;
        }
        if (blue > 0 && percent == 100) {
            return 99;
        }
        return percent;
    }

    private static long weight(Route route, TargetGroupTuple target, List<TargetGroupTuple> targets) {
        if (target.weight() != null) {
            return target.weight();
        }
        if (targets.size() == 1) {
            return 1; // the only group gets everything, whatever its weight
        }
        throw new DependencyException(route + " forwards to several target groups but gives no weight for "
                + target.targetGroupArn() + "; found " + describe(targets));
    }

    private static void refuseForeignTargets(Route route, Routing routing, Action forward) {
        List<TargetGroupTuple> targets = targets(forward);
        if (targets.isEmpty()) {
            throw new DependencyException(route + " has a forward action that names no target group; expected blue "
                    + routing.blueTargetGroupArn() + " and green " + routing.greenTargetGroupArn());
        }
        boolean foreign = targets.stream()
                .anyMatch(t -> !t.targetGroupArn().equals(routing.blueTargetGroupArn())
                        && !t.targetGroupArn().equals(routing.greenTargetGroupArn())
                        && (t.weight() == null || t.weight() > 0));
        if (foreign) {
            throw new DependencyException(route + " forwards traffic to target groups other than blue "
                    + routing.blueTargetGroupArn() + " and green " + routing.greenTargetGroupArn() + ": found "
                    + describe(targets) + "; check the spec's routing");
        }
    }

    private static String describe(List<TargetGroupTuple> targets) {
        return targets.stream()
                .map(t -> t.targetGroupArn() + " (weight " + (t.weight() == null ? "unset" : t.weight()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static Action reweighted(Action forward, Routing routing, Weights weights) {
        ForwardActionConfig.Builder config = ForwardActionConfig.builder()
                .targetGroups(
                        TargetGroupTuple.builder()
                                .targetGroupArn(routing.blueTargetGroupArn())
                                .weight(weights.blue())
                                .build(),
                        TargetGroupTuple.builder()
                                .targetGroupArn(routing.greenTargetGroupArn())
                                .weight(weights.green())
                                .build());
        if (forward.forwardConfig() != null && forward.forwardConfig().targetGroupStickinessConfig() != null) {
            config.targetGroupStickinessConfig(forward.forwardConfig().targetGroupStickinessConfig());
        }
        // AWS rejects a TargetGroupArn next to a ForwardConfig of more than that one group
        return forward.toBuilder()
                .targetGroupArn(null)
                .forwardConfig(config.build())
                .build();
    }

    /** Another action, sent back as read, except what AWS does not return and would otherwise drop. */
    private static Action resent(Action action) {
        AuthenticateOidcActionConfig oidc = action.authenticateOidcConfig();
        if (action.type() == ActionTypeEnum.AUTHENTICATE_OIDC
                && oidc != null
                && oidc.clientSecret() == null
                && !Boolean.TRUE.equals(oidc.useExistingClientSecret())) {
            return action.toBuilder()
                    .authenticateOidcConfig(
                            oidc.toBuilder().useExistingClientSecret(true).build())
                    .build();
        }
        return action;
    }

    private static <T> T call(String operation, Route route, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsErrors.fault("ELBv2 " + operation + " failed for " + route, e);
        }
    }

    /** The listener or rule whose actions carry production traffic. */
    private record Route(boolean rule, String arn) {

        static Route of(Routing routing) {
            Objects.requireNonNull(routing, "routing");
            return routing.productionRuleArn()
                    .map(rule -> new Route(true, rule))
                    .orElseGet(() -> new Route(false, routing.productionListenerArn()));
        }

        @Override
        public String toString() {
            return (rule ? "rule " : "listener ") + arn;
        }
    }
}
