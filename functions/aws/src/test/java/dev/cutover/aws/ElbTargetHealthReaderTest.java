package dev.cutover.aws;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ElbTargetHealthReaderTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private AwsClients clients;
    private ElbTargetHealthReader reader;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        reader = new ElbTargetHealthReader(clients.elbv2());
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void asksTheLoadBalancerAboutTheTargetGroup() {
        // moto 5.2.1 reports no targets for any group, so this only proves the call and the empty answer
        String arn = clients.elbv2()
                .createTargetGroup(r -> r.name("orders-green").targetType(TargetTypeEnum.LAMBDA))
                .targetGroups()
                .get(0)
                .targetGroupArn();

        assertThat(reader.describe(arn)).isEqualTo(new TargetHealth(0, 0));
    }

    @Test
    void anUnknownTargetGroupIsADependencyError() {
        String arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-none/0123456789abcdef";

        DependencyException e = catchThrowableOfType(DependencyException.class, () -> reader.describe(arn));

        assertThat(e.getMessage()).contains("DescribeTargetHealth", arn);
    }

    @Test
    void countsOnlyHealthyTargetsAsHealthy() {
        List<TargetHealthDescription> targets = List.of(
                target("10.0.0.1", TargetHealthStateEnum.HEALTHY),
                target("10.0.0.2", TargetHealthStateEnum.INITIAL),
                target("10.0.0.3", TargetHealthStateEnum.HEALTHY),
                target("10.0.0.4", TargetHealthStateEnum.UNHEALTHY),
                target("10.0.0.5", TargetHealthStateEnum.DRAINING),
                TargetHealthDescription.builder().target(t -> t.id("10.0.0.6")).build());

        assertThat(ElbTargetHealthReader.count(targets)).isEqualTo(new TargetHealth(2, 6));
    }

    @Test
    void noTargetsIsZeroOfZero() {
        assertThat(ElbTargetHealthReader.count(List.of())).isEqualTo(new TargetHealth(0, 0));
    }

    private static TargetHealthDescription target(String id, TargetHealthStateEnum state) {
        return TargetHealthDescription.builder()
                .target(t -> t.id(id).port(8080))
                .targetHealth(h -> h.state(state))
                .build();
    }
}
