package dev.cutover.runtime.router;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One request the router finished, as handed to {@link RouterConfig#requestListener()}: enough to feed per-version
 * metrics elsewhere (e.g. an in-memory CloudWatch stand-in).
 *
 * @param listener the listener it came in on
 * @param version  the upstream that answered it (after a retry, the second one)
 * @param status   the status sent to the client: the upstream's, 502/504 when the upstream failed, or
 *                 {@value #CLIENT_CLOSED} when the client went away before the response was written
 * @param latency  from the request reaching the router until the response was written (or failed)
 * @param at       when it finished, from the router's clock
 * @param retried  whether the first upstream failed before answering and the request was sent again
 */
public record RequestRecord(
        RouterListener listener, Version version, int status, Duration latency, Instant at, boolean retried) {

    /** Status recorded when the client connection failed before the response was written (nginx's convention). */
    public static final int CLIENT_CLOSED = 499;

    public RequestRecord {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(at, "at");
    }

    /** A 5xx status, which the local alarms count as an error of {@link #version()}. */
    public boolean serverError() {
        return status >= 500 && status <= 599;
    }
}
