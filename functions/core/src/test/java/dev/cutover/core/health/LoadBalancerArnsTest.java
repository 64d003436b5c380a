package dev.cutover.core.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadBalancerArnsTest {

    private static final String PREFIX = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";

    @Test
    void aListenerBelongsToTheLoadBalancerInItsArn() {
        assertThat(LoadBalancerArns.loadBalancerArn(PREFIX + "listener/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2"))
                .isEqualTo(PREFIX + "loadbalancer/app/orders/50dc6c495c0c9188");
        assertThat(LoadBalancerArns.loadBalancerArn(
                        PREFIX + "listener-rule/app/orders/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"))
                .isEqualTo(PREFIX + "loadbalancer/app/orders/50dc6c495c0c9188");
        assertThat(LoadBalancerArns.loadBalancerArn(PREFIX + "loadbalancer/app/orders/50dc6c495c0c9188"))
                .isEqualTo(PREFIX + "loadbalancer/app/orders/50dc6c495c0c9188");
        assertThat(LoadBalancerArns.loadBalancerArn(
                        "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:listener/app/orders/abc/def"))
                .isEqualTo(
                        "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:loadbalancer/app/orders/abc");
    }

    @Test
    void cloudWatchDimensionsAreTheTailsOfTheArns() {
        assertThat(LoadBalancerArns.loadBalancerDimension(PREFIX + "listener/app/orders/abc/def"))
                .isEqualTo("app/orders/abc");
        assertThat(LoadBalancerArns.loadBalancerDimension(PREFIX + "loadbalancer/app/orders/abc"))
                .isEqualTo("app/orders/abc");
        assertThat(LoadBalancerArns.loadBalancerDimension(PREFIX + "listener-rule/app/my-alb/1a/2b/3c"))
                .isEqualTo("app/my-alb/1a");
        assertThat(LoadBalancerArns.targetGroupDimension(PREFIX + "targetgroup/orders-green/73e2d6bc24d8a067"))
                .isEqualTo("targetgroup/orders-green/73e2d6bc24d8a067");
    }

    @Test
    void refusesArnsOfOtherKindsNamingTheExpectedShape() {
        assertThatThrownBy(() -> LoadBalancerArns.loadBalancerArn(PREFIX + "targetgroup/orders-green/73e2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetgroup/orders-green/73e2")
                .hasMessageContaining("listener/app/<load balancer>/<id>/<id>");
        assertThatThrownBy(() -> LoadBalancerArns.loadBalancerDimension(PREFIX + "listener/app/orders/abc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadBalancerArns.targetGroupDimension(PREFIX + "loadbalancer/app/orders/abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetgroup/<name>/<id>");
    }
}
