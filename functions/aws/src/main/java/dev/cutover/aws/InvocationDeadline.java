package dev.cutover.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When the current Lambda invocation will be stopped: the handler sets it from
 * {@code Context.getRemainingTimeInMillis()} as the invocation starts and clears it at the end, and adapters whose
 * call must finish before then (the hook status report) bound themselves by it. Held per thread: Lambda runs one
 * invocation at a time per container, on the thread that calls the handler.
 */
public final class InvocationDeadline {

    private static final ThreadLocal<Instant> DEADLINE = new ThreadLocal<>();

    private InvocationDeadline() {}

    /** From now on, this thread's invocation ends at {@code deadline}. */
    public static void set(Instant deadline) {
        DEADLINE.set(Objects.requireNonNull(deadline, "deadline"));
    }

    public static void clear() {
        DEADLINE.remove();
    }

    /** Time left until this thread's deadline (negative once passed); empty when none is set. */
    public static Optional<Duration> remaining(Clock clock) {
        Instant deadline = DEADLINE.get();
        return deadline == null ? Optional.empty() : Optional.of(Duration.between(clock.instant(), deadline));
    }
}
