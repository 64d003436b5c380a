package dev.cutover.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyRuleResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The requests the adapter builds and the answers it accepts, in shapes moto does not produce: what AWS itself
 * returns (a forward with both TargetGroupArn and a one-group ForwardConfig, an OIDC action without its secret),
 * weights set by hand, and SDK errors.
 */
class ElbTrafficRouterRequestTest {

    private static final String LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/"
            + "50dc6c495c0c9188/f2f7dc8efc522ab2";
    private static final String RULE = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/"
            + "orders/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
    private static final String BLUE =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/73e2d6bc24d8a067";
    private static final String GREEN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/2453ed029918f21f";
    private static final String OTHER =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/billing/0467ef3c8400ae65";

    private final ElasticLoadBalancingV2Client elb = mock(ElasticLoadBalancingV2Client.class);
    private final ElbTrafficRouter router = new ElbTrafficRouter(elb);

    @Test
    void modifyListenerSendsOnlyTheDefaultActions() {
        listenerWith(Listener.builder()
                .listenerArn(LISTENER)
                .port(443)
                .protocol(ProtocolEnum.HTTPS)
                .sslPolicy("ELBSecurityPolicy-TLS13-1-2-2021-06")
                .certificates(Certificate.builder()
                        .certificateArn(
                                "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012")
                        .build())
                .defaultActions(awsShapedForward(BLUE))
                .build());

        router.apply(routing(), Weights.ofGreenPercent(10));

        ModifyListenerRequest sent = sentListenerRequest();
        assertThat(sent.listenerArn()).isEqualTo(LISTENER);
        assertThat(sent.port()).isNull();
        assertThat(sent.protocol()).isNull();
        assertThat(sent.sslPolicy()).isNull();
        assertThat(sent.hasCertificates()).isFalse();
        assertThat(sent.hasAlpnPolicy()).isFalse();
        Action forward = sent.defaultActions().get(0);
        assertThat(forward.targetGroupArn())
                .as("AWS refuses TargetGroupArn next to two weighted groups")
                .isNull();
        assertThat(forward.forwardConfig().targetGroups()).containsExactly(tuple(BLUE, 90), tuple(GREEN, 10));
        assertThat(forward.forwardConfig().targetGroupStickinessConfig().enabled())
                .isFalse();
    }

    @Test
    void anOidcActionAsAwsReturnsItKeepsItsSecretThroughUseExistingClientSecret() {
        // AWS never returns ClientSecret; sending the action back without it or this flag would fail or clear it
        Action oidc = Action.builder()
                .type(ActionTypeEnum.AUTHENTICATE_OIDC)
                .order(1)
                .authenticateOidcConfig(o -> o.issuer("https://idp.example.com")
                        .authorizationEndpoint("https://idp.example.com/authorize")
                        .tokenEndpoint("https://idp.example.com/token")
                        .userInfoEndpoint("https://idp.example.com/userinfo")
                        .clientId("orders")
                        .scope("openid")
                        .sessionTimeout(3600L))
                .build();
        listenerWith(Listener.builder()
                .listenerArn(LISTENER)
                .defaultActions(
                        oidc, awsShapedForward(BLUE).toBuilder().order(2).build())
                .build());

        router.apply(routing(), Weights.ofGreenPercent(50));

        List<Action> sent = sentListenerRequest().defaultActions();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).order()).isEqualTo(1);
        assertThat(sent.get(0).authenticateOidcConfig().useExistingClientSecret())
                .isTrue();
        assertThat(sent.get(0).authenticateOidcConfig().clientSecret()).isNull();
        assertThat(sent.get(0).authenticateOidcConfig().toBuilder()
                        .useExistingClientSecret(null)
                        .build())
                .as("everything else as read")
                .isEqualTo(oidc.authenticateOidcConfig());
        assertThat(sent.get(1).order()).isEqualTo(2);
        assertThat(sent.get(1).forwardConfig().targetGroups()).containsExactly(tuple(BLUE, 50), tuple(GREEN, 50));
    }

    @Test
    void aRuleIsChangedWithModifyRuleAndOnlyItsActions() {
        when(elb.describeRules(any(DescribeRulesRequest.class)))
                .thenReturn(DescribeRulesResponse.builder()
                        .rules(Rule.builder()
                                .ruleArn(RULE)
                                .priority("10")
                                .conditions(RuleCondition.builder()
                                        .field("path-pattern")
                                        .values("/api/*")
                                        .build())
                                .actions(awsShapedForward(BLUE))
                                .build())
                        .build());
        when(elb.modifyRule(any(ModifyRuleRequest.class)))
                .thenReturn(ModifyRuleResponse.builder().build());

        router.apply(routing(Optional.of(RULE)), Weights.ofGreenPercent(30));

        ArgumentCaptor<ModifyRuleRequest> captor = ArgumentCaptor.forClass(ModifyRuleRequest.class);
        verify(elb).modifyRule(captor.capture());
        verify(elb, never()).modifyListener(any(ModifyListenerRequest.class));
        verify(elb, never()).describeListeners(any(DescribeListenersRequest.class));
        assertThat(captor.getValue().ruleArn()).isEqualTo(RULE);
        assertThat(captor.getValue().hasConditions()).isFalse();
        assertThat(captor.getValue().actions().get(0).forwardConfig().targetGroups())
                .containsExactly(tuple(BLUE, 70), tuple(GREEN, 30));
    }

    @ParameterizedTest(name = "blue weight {0}, green weight {1} reads as green {2}%")
    @CsvSource({"90,10,10", "1,3,75", "1,1,50", "999,1,1", "1,999,99", "0,5,100", "5,0,0", "2,1,33"})
    void relativeWeightsReadAsPercentNeverRoundingTrafficAway(int blueWeight, int greenWeight, int greenPercent) {
        listenerForwarding(tuple(BLUE, blueWeight), tuple(GREEN, greenWeight));

        assertThat(router.read(routing())).isEqualTo(Weights.ofGreenPercent(greenPercent));
    }

    @Test
    void aSingleGroupWithoutWeightGetsEverything() {
        listenerForwarding(TargetGroupTuple.builder().targetGroupArn(GREEN).build());

        assertThat(router.read(routing())).isEqualTo(Weights.ALL_GREEN);
    }

    @Test
    void aThirdGroupWithWeightZeroTakesNoTrafficAndIsDroppedOnWrite() {
        listenerForwarding(tuple(BLUE, 50), tuple(GREEN, 50), tuple(OTHER, 0));

        assertThat(router.read(routing())).isEqualTo(new Weights(50, 50));
        router.apply(routing(), Weights.ALL_BLUE);
        assertThat(sentListenerRequest().defaultActions().get(0).forwardConfig().targetGroups())
                .containsExactly(tuple(BLUE, 100), tuple(GREEN, 0));
    }

    @Test
    void aThirdGroupWithTrafficIsRefusedOnReadAndWrite() {
        listenerForwarding(tuple(BLUE, 50), tuple(OTHER, 50));

        DependencyException onRead = catchThrowableOfType(DependencyException.class, () -> router.read(routing()));
        DependencyException onApply =
                catchThrowableOfType(DependencyException.class, () -> router.apply(routing(), Weights.ALL_BLUE));

        assertThat(onRead.getMessage()).contains(LISTENER, OTHER + " (weight 50)", "other than blue");
        assertThat(onApply.getMessage()).contains(LISTENER, OTHER);
        verify(elb, never()).modifyListener(any(ModifyListenerRequest.class));
    }

    @Test
    void noWeightAmongSeveralGroupsOrWeightZeroForBothIsUnreadable() {
        listenerForwarding(TargetGroupTuple.builder().targetGroupArn(BLUE).build(), tuple(GREEN, 1));
        assertThat(catchThrowableOfType(DependencyException.class, () -> router.read(routing()))
                        .getMessage())
                .contains("no weight for " + BLUE);

        listenerForwarding(tuple(BLUE, 0), tuple(GREEN, 0));
        assertThat(catchThrowableOfType(DependencyException.class, () -> router.read(routing()))
                        .getMessage())
                .contains("forwards no traffic to blue");
    }

    @Test
    void twoForwardActionsAreRefused() {
        listenerWith(Listener.builder()
                .listenerArn(LISTENER)
                .defaultActions(awsShapedForward(BLUE), awsShapedForward(GREEN))
                .build());

        assertThat(catchThrowableOfType(DependencyException.class, () -> router.read(routing()))
                        .getMessage())
                .contains(LISTENER, "2 forward actions");
    }

    @ParameterizedTest(name = "{0} (HTTP {1}) is transient: {2}")
    @CsvSource({
        "Throttling,400,true",
        "ServiceUnavailable,503,true",
        "InternalFailure,500,true",
        "AccessDenied,403,false",
        "ListenerNotFound,400,false",
        "ValidationError,400,false"
    })
    void serviceErrorsAreTransientOnlyForThrottlingAnd5xx(String code, int status, boolean transientFault) {
        when(elb.describeListeners(any(DescribeListenersRequest.class))).thenThrow(serviceError(code, status));

        DependencyException e = catchThrowableOfType(DependencyException.class, () -> router.read(routing()));

        assertThat(e)
                .isExactlyInstanceOf(transientFault ? TransientDependencyException.class : DependencyException.class);
        assertThat(e.isTransient()).isEqualTo(transientFault);
        assertThat(e.getMessage()).contains("DescribeListeners", code, "HTTP " + status, LISTENER);
    }

    @Test
    void aFailedWriteNamesModifyListenerAndTheListener() {
        listenerForwarding(tuple(BLUE, 100), tuple(GREEN, 0));
        when(elb.modifyListener(any(ModifyListenerRequest.class)))
                .thenThrow(serviceError("TargetGroupAssociationLimit", 400));

        DependencyException e = catchThrowableOfType(
                DependencyException.class, () -> router.apply(routing(), Weights.ofGreenPercent(10)));

        assertThat(e).isExactlyInstanceOf(DependencyException.class);
        assertThat(e.getMessage()).contains("ModifyListener", "TargetGroupAssociationLimit", LISTENER);
    }

    @Test
    void aNetworkFailureIsTransient() {
        when(elb.describeRules(any(DescribeRulesRequest.class)))
                .thenThrow(SdkClientException.create("Unable to execute HTTP request: Connect timed out"));

        DependencyException e =
                catchThrowableOfType(DependencyException.class, () -> router.read(routing(Optional.of(RULE))));

        assertThat(e).isInstanceOf(TransientDependencyException.class);
        assertThat(e.getMessage()).contains("DescribeRules", RULE, "Connect timed out");
    }

    /** What AWS returns for a listener created with a plain forward: the ARN and a one-group ForwardConfig. */
    private static Action awsShapedForward(String targetGroup) {
        return Action.builder()
                .type(ActionTypeEnum.FORWARD)
                .targetGroupArn(targetGroup)
                .forwardConfig(
                        f -> f.targetGroups(tuple(targetGroup, 1)).targetGroupStickinessConfig(s -> s.enabled(false)))
                .build();
    }

    private void listenerForwarding(TargetGroupTuple... targets) {
        listenerWith(Listener.builder()
                .listenerArn(LISTENER)
                .defaultActions(Action.builder()
                        .type(ActionTypeEnum.FORWARD)
                        .forwardConfig(f -> f.targetGroups(targets))
                        .build())
                .build());
    }

    private void listenerWith(Listener listener) {
        when(elb.describeListeners(any(DescribeListenersRequest.class)))
                .thenReturn(
                        DescribeListenersResponse.builder().listeners(listener).build());
        when(elb.modifyListener(any(ModifyListenerRequest.class)))
                .thenReturn(ModifyListenerResponse.builder().build());
    }

    private ModifyListenerRequest sentListenerRequest() {
        ArgumentCaptor<ModifyListenerRequest> captor = ArgumentCaptor.forClass(ModifyListenerRequest.class);
        verify(elb).modifyListener(captor.capture());
        return captor.getValue();
    }

    private static SdkException serviceError(String code, int status) {
        return ElasticLoadBalancingV2Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("from the test")
                        .build())
                .build();
    }

    private static TargetGroupTuple tuple(String arn, int weight) {
        return TargetGroupTuple.builder().targetGroupArn(arn).weight(weight).build();
    }

    private static Routing routing() {
        return routing(Optional.empty());
    }

    private static Routing routing(Optional<String> rule) {
        return Routing.resolved(
                LISTENER,
                rule,
                LISTENER,
                BLUE,
                GREEN,
                URI.create("https://orders.example.com"),
                URI.create("https://orders.example.com:8443"),
                1,
                Duration.ofMinutes(5));
    }
}
