package dev.cutover.runtime.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.cutover.states.TaskHandler;
import dev.cutover.states.TaskResolver;

/**
 * The Task states that wait for a callback ({@code arn:aws:states:::<service>:<action>.waitForTaskToken}) on a
 * service the local runtime does not have (SQS, SNS, EventBridge, ...): the request is "sent" by telling
 * {@code outbox} the resource and the state's parameters (where a definition puts {@code $$.Task.Token}, as on AWS),
 * and the task then waits for SendTaskSuccess, SendTaskFailure or its timeout. GetExecutionHistory's
 * {@code TaskScheduled} event shows the same parameters. Lambda resources are not answered here.
 */
public final class CallbackTasks implements TaskResolver {

    private static final String CALLBACK = ".waitForTaskToken";

    private final Consumer<String> outbox;

    public CallbackTasks(Consumer<String> outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public Optional<TaskHandler> resolve(String resource) {
        if (!resource.startsWith("arn:aws:states:::")
                || !resource.endsWith(CALLBACK)
                || resource.contains(":lambda:")) {
            return Optional.empty();
        }
        return Optional.of((input, context) -> {
            outbox.accept("task waits for a callback: " + resource + " " + input);
            return JsonNodeFactory.instance.objectNode();
        });
    }
}
