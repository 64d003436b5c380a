package dev.cutover.core.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What ValidateAndLock learns about its execution from the Context object (the state passes
 * {@code {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "startTime.$": "$$.Execution.StartTime"}}).
 *
 * @param id        the execution's ARN
 * @param name      the execution's name: the default deployment id
 * @param startTime when the execution started, if passed
 */
public record ExecutionInfo(String id, String name, Optional<Instant> startTime) {

    public ExecutionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startTime, "startTime");
    }

    static Optional<ExecutionInfo> read(Payload payload, JsonNode parent, String parentPath) {
        String path = Payload.path(parentPath, "execution");
        Optional<JsonNode> node = payload.object(parent, parentPath, "execution", false,
                "{id, name, startTime} from the Context object");
        if (node.isEmpty()) {
            return Optional.empty();
        }
        int mark = payload.mark();
        Optional<String> id = payload.text(node.get(), path, "id", true, "the execution ARN ($$.Execution.Id)");
        Optional<String> name = payload.text(node.get(), path, "name", true,
                "the execution name ($$.Execution.Name)");
        Optional<Instant> start = payload.instant(node.get(), path, "startTime", false);
        if (!payload.cleanSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new ExecutionInfo(id.get(), name.get(), start));
    }
}
