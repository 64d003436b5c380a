package dev.cutover.core.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TargetHealthReader;
import dev.cutover.core.port.TargetHealthReader.TargetHealth;
import dev.cutover.core.port.model.CheckResult;
import dev.cutover.core.spec.Routing;

/**
 * AfterInstall's check: the green target group has at least {@code routing.minHealthyTargets} healthy targets.
 *
 * <p>Polls every {@link #POLL_INTERVAL} until the count is reached, {@code routing.healthyTargetsWait} has passed
 * since the hook started, or the caller's deadline comes, whichever is first. A load balancer that cannot be asked
 * is asked again at the next poll; only the last poll decides whether that is the reason for failing.
 */
public final class TargetHealthCheck {

    public static final String NAME = "target-health";
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    private final TargetHealthReader reader;
    private final Clock clock;
    private final Sleeper sleeper;

    public TargetHealthCheck(TargetHealthReader reader, Clock clock, Sleeper sleeper) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * @param result        the verdict, named {@value #NAME}
     * @param notYetHealthy the check failed only because green had too few healthy targets when the deadline came,
     *                      with part of {@code healthyTargetsWait} still unused: asking again later may pass
     */
    public record Outcome(CheckResult result, boolean notYetHealthy) {}

    /**
     * @param hookStartedAt when the hook first started; {@code healthyTargetsWait} is counted from here, so a hook
     *                      that is invoked again (ECS's IN_PROGRESS) does not wait forever
     * @param deadline      no poll starts after it
     */
    public Outcome check(Routing routing, Instant hookStartedAt, Deadline deadline) {
        Instant started = clock.instant();
        Instant waitEnds = hookStartedAt.plus(routing.healthyTargetsWait());
        Instant stopAt = waitEnds.isBefore(deadline.at()) ? waitEnds : deadline.at();
        String arn = routing.greenTargetGroupArn();
        int need = routing.minHealthyTargets();
        String group = "green target group " + targetGroupName(arn);
        // Bounds the loop even if the clock stands still (a test clock, a sleeper that returns early).
        long maxPolls = Math.max(0, Duration.between(started, stopAt).toMillis()) / POLL_INTERVAL.toMillis() + 2;

        int polls = 0;
        TargetHealth lastRead = null;
        DependencyException lastError = null;
        while (true) {
            polls++;
            try {
                TargetHealth health = reader.describe(arn);
                lastRead = health;
                lastError = null;
                if (health.healthy() >= need) {
                    return new Outcome(
                            CheckResult.pass(
                                    NAME,
                                    group + ": " + counts(health, need) + " after " + plural(polls, "poll"),
                                    since(started)),
                            false);
                }
            } catch (DependencyException e) {
                lastError = e;
            }
            Duration left = Duration.between(clock.instant(), stopAt);
            if (left.isNegative() || left.isZero() || polls >= maxPolls) {
                break;
            }
            try {
                sleeper.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(
                        CheckResult.fail(
                                NAME,
                                group + ": interrupted after " + plural(polls, "poll")
                                        + (lastRead == null ? "" : "; last read " + counts(lastRead, need)),
                                since(started)),
                        false);
            }
        }

        Duration took = since(started);
        String timing = plural(polls, "poll") + " in " + seconds(took);
        Duration waitLeft = Duration.between(clock.instant(), waitEnds);
        boolean waitRemains = waitLeft.compareTo(Duration.ZERO) > 0;
        String stop = waitRemains
                ? "stopped by the time budget with " + seconds(waitLeft) + " of routing.healthyTargetsWait left"
                : "routing.healthyTargetsWait of " + seconds(routing.healthyTargetsWait()) + " used up";
        if (lastError != null) {
            String last = lastRead == null ? "never read" : "last read " + counts(lastRead, need);
            return new Outcome(
                    CheckResult.fail(
                            NAME,
                            group + ": could not read target health: " + lastError.getMessage() + " (" + timing + "; "
                                    + last + "; " + stop + ")",
                            took),
                    false);
        }
        return new Outcome(
                CheckResult.fail(NAME, group + ": " + counts(lastRead, need) + " after " + timing + "; " + stop, took),
                waitRemains);
    }

    /** The name part of a target group ARN ({@code ...:targetgroup/orders-green/73e2d6bc24d8a067}), else all of it. */
    static String targetGroupName(String arn) {
        int at = arn.indexOf(":targetgroup/");
        if (at < 0) {
            return arn;
        }
        String rest = arn.substring(at + ":targetgroup/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static String counts(TargetHealth health, int need) {
        return health.healthy() + " of " + health.total() + " targets healthy (need " + need + ")";
    }

    private Duration since(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
