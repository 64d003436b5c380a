package dev.cutover.core.check;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;
import dev.cutover.core.spec.Routing;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TargetHealthCheckTest {

    static final String GREEN =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/73e2d6bc24d8a067";

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final TargetHealthReader reader = mock(TargetHealthReader.class);
    final List<Duration> sleeps = new ArrayList<>();
    final TargetHealthCheck check = new TargetHealthCheck(reader, clock, d -> {
        sleeps.add(d);
        clock.advance(d);
    });

    static Routing routing(int minHealthy, Duration wait) {
        return Routing.resolved(
                "arn:listener/prod",
                Optional.empty(),
                "arn:listener/test",
                "arn:blue",
                GREEN,
                URI.create("http://prod.example"),
                URI.create("http://test.example"),
                minHealthy,
                wait);
    }

    @Test
    void passesOnceEnoughTargetsAreHealthyAndSaysHowManyPollsItTook() {
        when(reader.describe(GREEN)).thenReturn(new TargetHealth(0, 3), new TargetHealth(1, 3), new TargetHealth(2, 3));

        TargetHealthCheck.Outcome outcome = check.check(
                routing(2, Duration.ofMinutes(5)), clock.instant(), Deadline.after(clock, Duration.ofMinutes(10)));

        assertThat(outcome.result().passed()).isTrue();
        assertThat(outcome.result().name()).isEqualTo("target-health");
        assertThat(outcome.result().detail())
                .isEqualTo("green target group orders-green: 2 of 3 targets healthy (need 2) after 3 polls");
        assertThat(outcome.result().duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void failsWhenTheWaitIsUsedUpAndIsThenNotWorthAskingAgain() {
        when(reader.describe(GREEN)).thenReturn(new TargetHealth(1, 3));

        TargetHealthCheck.Outcome outcome = check.check(
                routing(2, Duration.ofSeconds(20)), clock.instant(), Deadline.after(clock, Duration.ofMinutes(10)));

        assertThat(outcome.result().passed()).isFalse();
        assertThat(outcome.result().detail())
                .startsWith("green target group orders-green: 1 of 3 targets healthy (need 2) after 5 polls in 20.0 s")
                .contains("routing.healthyTargetsWait of 20.0 s used up");
        assertThat(outcome.notYetHealthy()).isFalse();
        verify(reader, times(5)).describe(GREEN);
    }

    @Test
    void stopsAtTheDeadlineWhenItComesBeforeTheWaitEndsAndSaysItMayStillPass() {
        when(reader.describe(GREEN)).thenReturn(new TargetHealth(0, 2));

        TargetHealthCheck.Outcome outcome = check.check(
                routing(2, Duration.ofMinutes(5)), clock.instant(), Deadline.after(clock, Duration.ofSeconds(12)));

        assertThat(outcome.result().passed()).isFalse();
        assertThat(outcome.result().detail())
                .contains("0 of 2 targets healthy (need 2)")
                .contains("stopped by the time budget with 288.0 s of routing.healthyTargetsWait left");
        assertThat(outcome.notYetHealthy()).isTrue();
        // polls at 0, 5, 10 and a last one at the deadline (12 s): sleeps of 5, 5, 2
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void countsTheWaitFromWhenTheHookStartedNotFromThisCall() {
        when(reader.describe(GREEN)).thenReturn(new TargetHealth(0, 2));
        Instant hookStarted = clock.instant().minus(Duration.ofMinutes(6));

        TargetHealthCheck.Outcome outcome = check.check(
                routing(1, Duration.ofMinutes(5)), hookStarted, Deadline.after(clock, Duration.ofMinutes(10)));

        assertThat(outcome.result().passed()).isFalse();
        assertThat(outcome.notYetHealthy()).isFalse();
        verify(reader, times(1)).describe(GREEN);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retriesALoadBalancerThatCannotBeAskedAndPassesWhenItAnswers() {
        when(reader.describe(GREEN))
                .thenThrow(new DependencyException("ELBv2 DescribeTargetHealth throttled"))
                .thenReturn(new TargetHealth(3, 3));

        TargetHealthCheck.Outcome outcome = check.check(
                routing(3, Duration.ofMinutes(1)), clock.instant(), Deadline.after(clock, Duration.ofMinutes(10)));

        assertThat(outcome.result().passed()).isTrue();
        assertThat(outcome.result().detail()).endsWith("3 of 3 targets healthy (need 3) after 2 polls");
    }

    @Test
    void failsNamingTheDependencyWhenItStaysDownUntilTheBudgetEnds() {
        when(reader.describe(anyString()))
                .thenThrow(new DependencyException("ELBv2 DescribeTargetHealth for orders-green: connection refused"));

        TargetHealthCheck.Outcome outcome = check.check(
                routing(1, Duration.ofSeconds(10)), clock.instant(), Deadline.after(clock, Duration.ofMinutes(10)));

        assertThat(outcome.result().passed()).isFalse();
        assertThat(outcome.result().detail())
                .contains(
                        "could not read target health: ELBv2 DescribeTargetHealth for orders-green: connection refused")
                .contains("3 polls")
                .contains("never read");
        assertThat(outcome.notYetHealthy()).isFalse();
    }

    @Test
    void stopsPollingWhenInterrupted() {
        when(reader.describe(GREEN)).thenReturn(new TargetHealth(0, 2));
        TargetHealthCheck interrupted = new TargetHealthCheck(reader, clock, d -> {
            throw new InterruptedException();
        });

        TargetHealthCheck.Outcome outcome = interrupted.check(
                routing(1, Duration.ofMinutes(1)), clock.instant(), Deadline.after(clock, Duration.ofMinutes(1)));

        assertThat(outcome.result().passed()).isFalse();
        assertThat(outcome.result().detail()).contains("interrupted after 1 poll");
        assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
    }

    @Test
    void endsEvenWhenTheClockStandsStill() {
        when(reader.describe(GREEN)).thenReturn(new TargetHealth(0, 2));
        TargetHealthCheck stuck = new TargetHealthCheck(reader, clock, d -> {});

        TargetHealthCheck.Outcome outcome = stuck.check(
                routing(1, Duration.ofSeconds(10)), clock.instant(), Deadline.after(clock, Duration.ofMinutes(1)));

        assertThat(outcome.result().passed()).isFalse();
        verify(reader, times(4)).describe(GREEN);
    }

    @Test
    void namesATargetGroupByTheNamePartOfItsArn() {
        assertThat(TargetHealthCheck.targetGroupName(GREEN)).isEqualTo("orders-green");
        assertThat(TargetHealthCheck.targetGroupName("local-green")).isEqualTo("local-green");
    }
}
