package dev.cutover.runtime.load;

import java.net.URI;
import java.util.Optional;

/**
 * Where each request of a {@link LoadGenerator} goes. By default every request GETs {@link LoadConfig#target()}; a
 * generator whose clients resolve a name (as {@code cutover demo --routing dns}'s do) asks one of these per request.
 */
@FunctionalInterface
public interface Destinations {

    /** Where one request goes: the URI, and the upstream a router should send it to, if the client chose one. */
    record Destination(URI uri, Optional<String> upstream) {}

    /**
     * The destination of the {@code request}-th request (0-based, in send order); called on the generator's pacing
     * thread, so it must be quick.
     */
    Destination of(long request);

    /** Every request to {@code target}, the router choosing the upstream. */
    static Destinations fixed(URI target) {
        Destination only = new Destination(target, Optional.empty());
        return request -> only;
    }
}
