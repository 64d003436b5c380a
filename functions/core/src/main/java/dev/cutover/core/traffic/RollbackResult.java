package dev.cutover.core.traffic;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.cutover.core.port.model.Weights;

/**
 * What a rollback did.
 *
 * @param finalWeights where traffic ended, read back: always {@link Weights#ALL_BLUE}
 * @param path         every split read back during the rollback, in order, repeats collapsed: where traffic was
 *                     found (when it could be read), each gradual step, and the final 100% blue
 * @param took         from the first call to the last read back, on the injected clock
 * @param reason       why traffic was rolled back, as given
 */
public record RollbackResult(Weights finalWeights, List<Weights> path, Duration took, String reason) {

    public RollbackResult {
        Objects.requireNonNull(finalWeights, "finalWeights");
        path = List.copyOf(path);
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(reason, "reason");
    }
}
