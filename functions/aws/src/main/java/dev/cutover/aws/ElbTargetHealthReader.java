package dev.cutover.aws;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import dev.cutover.core.port.TargetHealthReader;

/** Counts a target group's healthy targets with ELBv2 {@code DescribeTargetHealth}. */
public final class ElbTargetHealthReader implements TargetHealthReader {

    private static final Logger LOG = LoggerFactory.getLogger(ElbTargetHealthReader.class);

    private final ElasticLoadBalancingV2Client elb;

    public ElbTargetHealthReader(ElasticLoadBalancingV2Client elb) {
        this.elb = Objects.requireNonNull(elb, "elb");
    }

    @Override
    public TargetHealth describe(String targetGroupArn) {
        List<TargetHealthDescription> targets;
        try {
            targets = elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
                    .targetHealthDescriptions();
        } catch (SdkException e) {
            throw AwsErrors.fault("ELBv2 DescribeTargetHealth failed for target group " + targetGroupArn, e);
        }
        TargetHealth health = count(targets);
        LOG.debug("target group {}: {} of {} targets healthy", targetGroupArn, health.healthy(), health.total());
        return health;
    }

    /** Every registered target counts toward the total; only state {@code healthy} counts as healthy. */
    static TargetHealth count(List<TargetHealthDescription> targets) {
        int healthy = 0;
        for (TargetHealthDescription target : targets) {
            if (target.targetHealth() != null && target.targetHealth().state() == TargetHealthStateEnum.HEALTHY) {
                healthy++;
            }
        }
        return new TargetHealth(healthy, targets.size());
    }
}
