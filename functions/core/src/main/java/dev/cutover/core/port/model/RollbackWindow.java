package dev.cutover.core.port.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The time after a promotion during which blue is kept and an alarm of the spec still rolls back to it
 * ({@code rollback.windowMinutes}).
 *
 * @param endsAt   when the window ends on its own
 * @param closedAt when the ledger recorded it closed: by the workflow when the window ran out, by a rollback inside
 *                 it, or by the next deployment of the service; empty while it is open
 */
public record RollbackWindow(Instant endsAt, Optional<Instant> closedAt) {

    public RollbackWindow {
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(closedAt, "closedAt");
    }

    /** A window open until {@code endsAt}. */
    public static RollbackWindow open(Instant endsAt) {
        return new RollbackWindow(endsAt, Optional.empty());
    }

    /** This window closed at {@code at}; a closed window keeps its first close. */
    public RollbackWindow closed(Instant at) {
        return closedAt.isPresent() ? this : new RollbackWindow(endsAt, Optional.of(at));
    }

    /** Whether an alarm at {@code now} is inside the window: not closed, and before its end. */
    public boolean isOpenAt(Instant now) {
        return closedAt.isEmpty() && now.isBefore(endsAt);
    }
}
