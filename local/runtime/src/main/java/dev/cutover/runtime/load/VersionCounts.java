package dev.cutover.runtime.load;

import java.util.Map;
import java.util.Objects;

/**
 * Outcomes of the requests one version answered (or, under {@link LoadReport#NO_VERSION}, that no version answered).
 *
 * @param total    requests finished
 * @param ok       answered with a status below 500
 * @param failed   answered with a 5xx, or not answered at all
 * @param statuses how many got each status (requests never answered are not in here)
 */
public record VersionCounts(long total, long ok, long failed, Map<Integer, Long> statuses) {

    public static final VersionCounts NONE = new VersionCounts(0, 0, 0, Map.of());

    public VersionCounts {
        statuses = Map.copyOf(Objects.requireNonNull(statuses, "statuses"));
    }
}
