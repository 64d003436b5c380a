package dev.cutover.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.TrafficRouter;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.traffic.Rollback;
import dev.cutover.core.traffic.RollbackResult;
import dev.cutover.core.traffic.TrafficShifter;
import dev.cutover.testing.TrafficRouterContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The adapter against moto's ELBv2: a real ALB, two target groups and a listener, made through the SDK; the
 * {@link TrafficRouterContract} every router keeps, and what is particular to listeners and rules.
 */
class ElbTrafficRouterTest extends TrafficRouterContract {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private AwsClients clients;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private ElbTrafficRouter router;
    private String vpc;
    private String blue;
    private String green;
    private String listener;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        elb = clients.elbv2();
        ec2 = Ec2Client.builder()
                .endpointOverride(MOTO.endpoint())
                .region(MotoServerExtension.REGION)
                .credentialsProvider(MotoServerExtension.CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        router = new ElbTrafficRouter(elb);

        vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnetA = ec2.createSubnet(
                        r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
                .subnet()
                .subnetId();
        String subnetB = ec2.createSubnet(
                        r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
                .subnet()
                .subnetId();
        String alb = elb.createLoadBalancer(r -> r.name("orders").subnets(subnetA, subnetB))
                .loadBalancers()
                .get(0)
                .loadBalancerArn();
        blue = targetGroup("orders-blue");
        green = targetGroup("orders-green");
        listener = elb.createListener(r -> r.loadBalancerArn(alb)
                        .protocol(ProtocolEnum.HTTP)
                        .port(80)
                        .defaultActions(forwardTo(blue)))
                .listeners()
                .get(0)
                .listenerArn();
    }

    @AfterEach
    void tearDown() {
        ec2.close();
        clients.close();
    }

    @Test
    void aPlainForwardToBlueReadsAsAllBlue() {
        assertThat(router.read(routing())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void shiftsThroughTheStagesAndReadsEachBack() {
        TrafficShifter shifter = new TrafficShifter(router);

        for (int percent : List.of(10, 50, 100)) {
            assertThat(shifter.shift(routing(), Weights.ofGreenPercent(percent)))
                    .isEqualTo(Weights.ofGreenPercent(percent));
            assertThat(forward(describeListener().defaultActions())
                            .forwardConfig()
                            .targetGroups())
                    .containsExactly(tuple(blue, 100 - percent), tuple(green, percent));
        }
        assertThat(router.read(routing())).isEqualTo(Weights.ALL_GREEN);
        Listener after = describeListener();
        assertThat(after.port()).as("port untouched").isEqualTo(80);
        assertThat(after.protocol()).as("protocol untouched").isEqualTo(ProtocolEnum.HTTP);
    }

    @Test
    void aRuleIsShiftedWithoutTouchingTheListenersDefaultOrTheRulesConditions() {
        Rule rule = elb.createRule(r -> r.listenerArn(listener)
                        .priority(10)
                        .conditions(RuleCondition.builder()
                                .field("path-pattern")
                                .values("/api/*")
                                .build())
                        .actions(forwardTo(blue)))
                .rules()
                .get(0);
        Routing ruleRouting = routing(Optional.of(rule.ruleArn()));
        List<Action> defaultBefore = describeListener().defaultActions();

        new TrafficShifter(router).shift(ruleRouting, Weights.ofGreenPercent(30));

        assertThat(router.read(ruleRouting)).isEqualTo(new Weights(70, 30));
        assertThat(router.read(routing())).isEqualTo(Weights.ALL_BLUE);
        assertThat(describeListener().defaultActions()).isEqualTo(defaultBefore);
        Rule after = elb.describeRules(r -> r.ruleArns(rule.ruleArn())).rules().get(0);
        assertThat(after.conditions()).isEqualTo(rule.conditions());
        assertThat(after.priority()).isEqualTo("10");
    }

    @Test
    void keepsTargetGroupStickiness() {
        elb.modifyListener(r -> r.listenerArn(listener)
                .defaultActions(Action.builder()
                        .type(ActionTypeEnum.FORWARD)
                        .forwardConfig(f -> f.targetGroups(tuple(blue, 1))
                                .targetGroupStickinessConfig(
                                        s -> s.enabled(true).durationSeconds(300)))
                        .build()));

        new TrafficShifter(router).shift(routing(), Weights.ofGreenPercent(50));

        var config = forward(describeListener().defaultActions()).forwardConfig();
        assertThat(config.targetGroups()).containsExactly(tuple(blue, 50), tuple(green, 50));
        assertThat(config.targetGroupStickinessConfig().enabled()).isTrue();
        assertThat(config.targetGroupStickinessConfig().durationSeconds()).isEqualTo(300);
    }

    @Test
    void keepsAnAuthenticateActionInFrontOfTheForward() {
        // moto keeps an authenticate-oidc action next to the forward one (and, unlike AWS, returns its secret;
        // ElbTrafficRouterRequestTest covers the AWS shape, where the secret is absent)
        elb.modifyListener(r -> r.listenerArn(listener)
                .defaultActions(
                        Action.builder()
                                .type(ActionTypeEnum.AUTHENTICATE_OIDC)
                                .order(1)
                                .authenticateOidcConfig(o -> o.issuer("https://idp.example.com")
                                        .authorizationEndpoint("https://idp.example.com/authorize")
                                        .tokenEndpoint("https://idp.example.com/token")
                                        .userInfoEndpoint("https://idp.example.com/userinfo")
                                        .clientId("orders")
                                        .clientSecret("not-a-real-secret"))
                                .build(),
                        Action.builder()
                                .type(ActionTypeEnum.FORWARD)
                                .order(2)
                                .targetGroupArn(blue)
                                .build()));
        Action oidcBefore = describeListener().defaultActions().get(0);

        new TrafficShifter(router).shift(routing(), Weights.ofGreenPercent(10));

        List<Action> after = describeListener().defaultActions();
        assertThat(after).hasSize(2);
        assertThat(after.get(0)).isEqualTo(oidcBefore);
        assertThat(after.get(1).order()).isEqualTo(2);
        assertThat(after.get(1).forwardConfig().targetGroups()).containsExactly(tuple(blue, 90), tuple(green, 10));
    }

    @Test
    void aListenerForwardingToAnotherGroupIsRefusedAndLeftAlone() {
        String other = targetGroup("billing");
        elb.modifyListener(r -> r.listenerArn(listener).defaultActions(forwardTo(other)));

        DependencyException onRead = catchThrowableOfType(DependencyException.class, () -> router.read(routing()));
        DependencyException onApply =
                catchThrowableOfType(DependencyException.class, () -> router.apply(routing(), Weights.ALL_BLUE));

        assertThat(onRead.getMessage()).contains(listener, other, blue, green);
        assertThat(onApply.getMessage()).contains(listener, other);
        assertThat(forward(describeListener().defaultActions()).targetGroupArn())
                .isEqualTo(other);
    }

    @Test
    void aListenerWithoutForwardActionIsADependencyError() {
        elb.modifyListener(r -> r.listenerArn(listener)
                .defaultActions(Action.builder()
                        .type(ActionTypeEnum.FIXED_RESPONSE)
                        .fixedResponseConfig(f ->
                                f.statusCode("503").contentType("text/plain").messageBody("maintenance"))
                        .build()));

        DependencyException e = catchThrowableOfType(DependencyException.class, () -> router.read(routing()));

        assertThat(e.getMessage()).contains(listener, "0 forward actions", "fixed-response");
    }

    @Test
    void anUnknownListenerOrRuleIsAPermanentDependencyErrorNamingCodeAndArn() {
        String missingListener = listener.substring(0, listener.lastIndexOf('/') + 1) + "0000000000000000";
        String missingRule = missingListener.replace(":listener/", ":listener-rule/") + "/1111111111111111";

        DependencyException noListener = catchThrowableOfType(
                DependencyException.class,
                () -> router.apply(routing(missingListener, Optional.empty()), Weights.ALL_BLUE));
        DependencyException noRule =
                catchThrowableOfType(DependencyException.class, () -> router.read(routing(Optional.of(missingRule))));

        assertThat(noListener).isNotInstanceOf(TransientDependencyException.class);
        assertThat(noListener.getMessage()).contains("DescribeListeners", "ListenerNotFound", missingListener);
        assertThat(noRule).isNotInstanceOf(TransientDependencyException.class);
        assertThat(noRule.getMessage()).contains("DescribeRules", "RuleNotFound", missingRule);
    }

    @Test
    void rollsBackThroughTheAdapterFromHalfAndHalfToAllBlue() {
        new TrafficShifter(router).shift(routing(), Weights.ofGreenPercent(50));
        List<Duration> waits = new ArrayList<>();
        Rollback rollback = new Rollback(router, waits::add, Clock.systemUTC());

        RollbackResult result = rollback.rollBack(
                routing(),
                new RollbackPolicy(RollbackPolicy.Mode.GRADUAL, List.of(25, 0), Duration.ofSeconds(20)),
                "alarm orders-5xx in ALARM");

        assertThat(result.path()).containsExactly(new Weights(50, 50), new Weights(75, 25), Weights.ALL_BLUE);
        assertThat(waits).containsExactly(Duration.ofSeconds(20));
        assertThat(forward(describeListener().defaultActions()).forwardConfig().targetGroups())
                .containsExactly(tuple(blue, 100), tuple(green, 0));
        assertThat(router.read(routing())).isEqualTo(Weights.ALL_BLUE);

        RollbackResult again = rollback.rollBack(routing(), RollbackPolicy.immediate(), "again");
        assertThat(again.path()).containsExactly(Weights.ALL_BLUE);
    }

    private String targetGroup(String name) {
        return elb.createTargetGroup(
                        r -> r.name(name).protocol(ProtocolEnum.HTTP).port(8080).vpcId(vpc))
                .targetGroups()
                .get(0)
                .targetGroupArn();
    }

    private Listener describeListener() {
        return elb.describeListeners(r -> r.listenerArns(listener)).listeners().get(0);
    }

    private static Action forwardTo(String targetGroup) {
        return Action.builder()
                .type(ActionTypeEnum.FORWARD)
                .targetGroupArn(targetGroup)
                .build();
    }

    private static Action forward(List<Action> actions) {
        return actions.stream()
                .filter(a -> a.type() == ActionTypeEnum.FORWARD)
                .findFirst()
                .orElseThrow();
    }

    private static TargetGroupTuple tuple(String arn, int weight) {
        return TargetGroupTuple.builder().targetGroupArn(arn).weight(weight).build();
    }

    @Override
    protected TrafficRouter router() {
        return router;
    }

    @Override
    protected Routing routing() {
        return routing(Optional.empty());
    }

    /** A second listener of the ALB, forwarding to another service's target group. */
    @Override
    protected Optional<Routing> routingPointingElsewhere() {
        String other = targetGroup("billing");
        String alb = describeListener().loadBalancerArn();
        String billing = elb.createListener(r -> r.loadBalancerArn(alb)
                        .protocol(ProtocolEnum.HTTP)
                        .port(81)
                        .defaultActions(forwardTo(other)))
                .listeners()
                .get(0)
                .listenerArn();
        return Optional.of(routing(billing, Optional.empty()));
    }

    private Routing routing(Optional<String> rule) {
        return routing(listener, rule);
    }

    private Routing routing(String listenerArn, Optional<String> rule) {
        return Routing.resolved(
                listenerArn,
                rule,
                listenerArn,
                blue,
                green,
                URI.create("http://orders.example.com"),
                URI.create("http://orders.example.com:8080"),
                1,
                Duration.ofMinutes(5));
    }
}
