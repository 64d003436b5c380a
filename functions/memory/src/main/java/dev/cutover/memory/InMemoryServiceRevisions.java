package dev.cutover.memory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.ServiceRevisions;

/**
 * ECS's service revisions held in memory: the local stand-in for DescribeServiceRevisions. The local world has no
 * ECS service, so a revision is known only once {@link #associate registered} (as {@code cutover invoke} does for
 * the revision its ECS lifecycle event names); an unknown revision is an error, as ECS answers with a failure.
 */
public final class InMemoryServiceRevisions implements ServiceRevisions {

    private final Map<String, List<String>> targetGroups = new ConcurrentHashMap<>();

    /** Records that {@code serviceRevisionArn} is associated with these target groups (replacing what was). */
    public InMemoryServiceRevisions associate(String serviceRevisionArn, List<String> targetGroupArns) {
        Objects.requireNonNull(serviceRevisionArn, "serviceRevisionArn");
        targetGroups.put(serviceRevisionArn, List.copyOf(targetGroupArns));
        return this;
    }

    @Override
    public List<String> targetGroupArns(String serviceRevisionArn) {
        List<String> groups = targetGroups.get(serviceRevisionArn);
        if (groups == null) {
            throw new DependencyException("no ECS service revision " + serviceRevisionArn + " is known here (known: "
                    + targetGroups.keySet() + ")");
        }
        return groups;
    }
}
