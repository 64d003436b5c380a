package dev.cutover.core.spec;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where traffic flows.
 *
 * @param productionListenerArn the ALB listener that carries production traffic
 * @param productionRuleArn     a listener rule to shift instead of the listener's default action, if set
 * @param testListenerArn       the listener that sends test traffic to green only
 * @param blueTargetGroupArn    target group of the live version
 * @param greenTargetGroupArn   target group of the new version
 * @param productionUrl         base URL of the production listener, for post-traffic smoke tests
 * @param testUrl               base URL of the test listener, for pre-traffic smoke tests
 * @param minHealthyTargets     AfterInstall passes once green has at least this many healthy targets
 * @param healthyTargetsWait    how long AfterInstall polls for them before failing
 */
public record Routing(
        String productionListenerArn,
        Optional<String> productionRuleArn,
        String testListenerArn,
        String blueTargetGroupArn,
        String greenTargetGroupArn,
        URI productionUrl,
        URI testUrl,
        int minHealthyTargets,
        Duration healthyTargetsWait) {}
