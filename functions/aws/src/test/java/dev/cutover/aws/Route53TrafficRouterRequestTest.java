package dev.cutover.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.GetChangeResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;
import dev.cutover.core.port.model.DnsRecords;
import dev.cutover.core.port.model.Weights;
import dev.cutover.core.spec.Routing;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * What moto does not show: a change that stays PENDING for a while (moto answers INSYNC at once), the invocation's
 * deadline running out while it does, and the errors Route 53 answers with.
 */
class Route53TrafficRouterRequestTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final Route53Client route53 = mock(Route53Client.class);
    private final List<Duration> sleeps = new ArrayList<>();
    private final MutableClock clock = new MutableClock(START);
    private final Route53TrafficRouter router = new Route53TrafficRouter(route53, clock, d -> {
        sleeps.add(d);
        clock.advance(d);
    });

    @AfterEach
    void clearDeadline() {
        InvocationDeadline.clear();
    }

    @Test
    @SuppressWarnings("unchecked")
    void applyPollsGetChangeUntilInSyncBackingOff() {
        recordsAt(100, 0);
        when(route53.changeResourceRecordSets(any(Consumer.class))).thenReturn(changed(ChangeStatus.PENDING));
        when(route53.getChange(any(Consumer.class)))
                .thenReturn(status(ChangeStatus.PENDING), status(ChangeStatus.PENDING), status(ChangeStatus.INSYNC));

        router.apply(routing(), Weights.ofGreenPercent(10));

        assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangeStillPendingAtTheInvocationsDeadlineIsTransient() {
        recordsAt(100, 0);
        InvocationDeadline.set(START.plusSeconds(12));
        when(route53.changeResourceRecordSets(any(Consumer.class))).thenReturn(changed(ChangeStatus.PENDING));
        when(route53.getChange(any(Consumer.class))).thenReturn(status(ChangeStatus.PENDING));

        TransientDependencyException e = catchThrowableOfType(
                TransientDependencyException.class, () -> router.apply(routing(), Weights.ALL_BLUE));

        assertThat(e.getMessage()).contains("C123", "still PENDING after 7 s");
        assertThat(Duration.between(START, clock.instant()))
                .as("stopped before the invocation's end, less the margin to return")
                .isLessThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    @SuppressWarnings("unchecked")
    void throttlingAndAPriorChangeStillRunningAreTransientAndAccessDeniedIsNot() {
        when(route53.listResourceRecordSets(any(ListResourceRecordSetsRequest.class)))
                .thenThrow(error("Throttling", 400))
                .thenThrow(error("PriorRequestNotComplete", 400))
                .thenThrow(error("AccessDenied", 403));

        assertThat(catchThrowableOfType(DependencyException.class, () -> router.read(routing())))
                .isInstanceOf(TransientDependencyException.class);
        assertThat(catchThrowableOfType(DependencyException.class, () -> router.read(routing())))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("PriorRequestNotComplete");
        DependencyException denied = catchThrowableOfType(DependencyException.class, () -> router.read(routing()));
        assertThat(denied).isNotInstanceOf(TransientDependencyException.class);
        assertThat(denied.getMessage()).contains("ListResourceRecordSets", "AccessDenied", "orders.example.com");
    }

    private void recordsAt(long a, long b) {
        when(route53.listResourceRecordSets(any(ListResourceRecordSetsRequest.class)))
                .thenReturn(ListResourceRecordSetsResponse.builder()
                        .resourceRecordSets(record("orders-a", a), record("orders-b", b))
                        .isTruncated(false)
                        .build());
    }

    private static ResourceRecordSet record(String id, long weight) {
        return ResourceRecordSet.builder()
                .name("orders.example.com.")
                .type(RRType.CNAME)
                .setIdentifier(id)
                .weight(weight)
                .ttl(30L)
                .resourceRecords(r -> r.value(id + ".example.com"))
                .build();
    }

    private static ChangeResourceRecordSetsResponse changed(ChangeStatus status) {
        return ChangeResourceRecordSetsResponse.builder()
                .changeInfo(info(status))
                .build();
    }

    private static GetChangeResponse status(ChangeStatus status) {
        return GetChangeResponse.builder().changeInfo(info(status)).build();
    }

    private static ChangeInfo info(ChangeStatus status) {
        return ChangeInfo.builder()
                .id("/change/C123")
                .status(status)
                .submittedAt(Instant.parse("2026-03-01T10:00:00Z"))
                .build();
    }

    private static Route53Exception error(String code, int status) {
        return (Route53Exception) Route53Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code + " from Route 53")
                        .build())
                .build();
    }

    private static Routing routing() {
        return Route53TrafficRouterTest.routing(new DnsRecords(
                "Z0123456789ABCDEFGHIJ",
                "orders.example.com",
                DnsRecords.Type.CNAME,
                Optional.of(Duration.ofSeconds(30)),
                List.of("orders-a", "orders-b")));
    }
}
