package dev.cutover.runtime.adapters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.TargetHealthReader;

/**
 * ELBv2 target health for the local runtime: each target group is one app instance (or none yet), healthy when it
 * answers an HTTP GET of {@code /} within a second with a status below 500, as an ALB health check on {@code /} with
 * the success codes 200-499 judges it. (The service's own {@code /health} is for the smoke tests to judge: a target
 * can be up and serving while its release is not fit for traffic.)
 */
public final class LocalTargetHealth implements TargetHealthReader {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final Map<String, Supplier<Optional<URI>>> targets = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    /** Registers a target group whose single target is at the base URI {@code target} gives (empty: none yet). */
    public LocalTargetHealth register(String targetGroupArn, Supplier<Optional<URI>> target) {
        targets.put(Objects.requireNonNull(targetGroupArn, "targetGroupArn"), Objects.requireNonNull(target, "target"));
        return this;
    }

    @Override
    public TargetHealth describe(String targetGroupArn) {
        Supplier<Optional<URI>> target = targets.get(targetGroupArn);
        if (target == null) {
            throw new DependencyException(
                    "target group " + targetGroupArn + " is not one of the local runtime's: " + targets.keySet());
        }
        Optional<URI> base = target.get();
        if (base.isEmpty()) {
            return new TargetHealth(0, 0);
        }
        return new TargetHealth(healthy(base.get()) ? 1 : 0, 1);
    }

    private boolean healthy(URI base) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/"))
                            .timeout(PROBE_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
