package dev.cutover.core.health;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure derivations from Elastic Load Balancing ARNs. A spec names the production listener, but CloudWatch files a
 * target group's ALB metrics under two dimensions: {@code LoadBalancer = app/<name>/<id>} and
 * {@code TargetGroup = targetgroup/<name>/<id>}, both the tail of an ARN. A listener ARN holds its load balancer's:
 * {@code ...:listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2} belongs to
 * {@code ...:loadbalancer/app/orders/50dc6c495c0c9188}.
 */
public final class LoadBalancerArns {

    private static final String PREFIX = "(arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:)";
    private static final String LOAD_BALANCER = "((?:app|net|gwy)/[A-Za-z0-9-]+/[0-9a-f]+)";
    private static final String ID = "/[0-9a-f]+";

    private static final Pattern LOAD_BALANCER_ARN = Pattern.compile(PREFIX + "loadbalancer/" + LOAD_BALANCER);
    private static final Pattern LISTENER_ARN = Pattern.compile(PREFIX + "listener/" + LOAD_BALANCER + ID);
    private static final Pattern RULE_ARN = Pattern.compile(PREFIX + "listener-rule/" + LOAD_BALANCER + ID + ID);
    private static final Pattern TARGET_GROUP_ARN = Pattern.compile(PREFIX + "(targetgroup/[A-Za-z0-9-]+/[0-9a-f]+)");

    private static final String LOAD_BALANCER_SHAPES = "a load balancer, listener or listener rule ARN such as "
            + "arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<load balancer>/<id>/<id>";

    private LoadBalancerArns() {}

    /**
     * The ARN of the load balancer a listener or listener rule belongs to; a load balancer ARN is its own.
     *
     * @throws IllegalArgumentException when {@code arn} is none of those
     */
    public static String loadBalancerArn(String arn) {
        Matcher m = loadBalancerMatch(arn);
        return m.group(1) + "loadbalancer/" + m.group(2);
    }

    /**
     * CloudWatch's {@code LoadBalancer} dimension value, e.g. {@code app/orders/50dc6c495c0c9188}, from a load
     * balancer, listener or listener rule ARN.
     *
     * @throws IllegalArgumentException when {@code arn} is none of those
     */
    public static String loadBalancerDimension(String arn) {
        return loadBalancerMatch(arn).group(2);
    }

    /**
     * CloudWatch's {@code TargetGroup} dimension value, e.g. {@code targetgroup/orders-green/73e2d6bc24d8a067}.
     *
     * @throws IllegalArgumentException when {@code targetGroupArn} is not a target group ARN
     */
    public static String targetGroupDimension(String targetGroupArn) {
        Objects.requireNonNull(targetGroupArn, "targetGroupArn");
        Matcher m = TARGET_GROUP_ARN.matcher(targetGroupArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + targetGroupArn + "' is not a target group ARN; expected "
                    + "arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>");
        }
        return m.group(2);
    }

    private static Matcher loadBalancerMatch(String arn) {
        Objects.requireNonNull(arn, "arn");
        for (Pattern pattern : new Pattern[] {LISTENER_ARN, RULE_ARN, LOAD_BALANCER_ARN}) {
            Matcher m = pattern.matcher(arn);
            if (m.matches()) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + arn + "' is not " + LOAD_BALANCER_SHAPES);
    }
}
