package dev.cutover.runtime.dashboard;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.core.error.ApprovalDeniedException;
import dev.cutover.states.Engine;

/**
 * The dashboard's Approve and Deny: what {@code cutover approve} and {@code cutover deny} do, for the deployment the
 * page follows. The ledger's record names the pending approval's task token ({@code pendingApproval.taskToken},
 * written by RequestApproval); Approve completes the waiting AwaitApproval task with SendTaskSuccess (the output
 * lands at {@code $.approval}), Deny fails it with SendTaskFailure and {@link ApprovalDeniedException}'s name, which
 * the workflow's Map catches into Rollback (docs/workflow.md, "Approval gates").
 *
 * <p>Step Functions: SendTaskSuccess and SendTaskFailure take the task token a {@code .waitForTaskToken} task
 * was given (AWS Step Functions Developer Guide, "Wait for a Callback with Task Token").
 */
public final class Approvals {

    /** Where the task token goes: the local engine, or Step Functions through the SDK. */
    public interface TaskCallbacks {
        void succeed(String taskToken, JsonNode output);

        void fail(String taskToken, String error, String cause);

        /** The local engine's SendTaskSuccess and SendTaskFailure ({@code demo}, {@code serve}). */
        static TaskCallbacks of(Engine engine) {
            return new TaskCallbacks() {
                @Override
                public void succeed(String taskToken, JsonNode output) {
                    engine.sendTaskSuccess(taskToken, output);
                }

                @Override
                public void fail(String taskToken, String error, String cause) {
                    engine.sendTaskFailure(taskToken, error, cause);
                }
            };
        }
    }

    /** Who the ledger records as having answered from the dashboard. */
    public static final String WHO = "dashboard";

    private final Supplier<Optional<JsonNode>> record;
    private final TaskCallbacks callbacks;
    private final Clock clock;

    /**
     * @param record    the ledger's record of the deployment the page follows (the Query function's RECORD), if any
     * @param callbacks SendTaskSuccess / SendTaskFailure
     */
    public Approvals(Supplier<Optional<JsonNode>> record, TaskCallbacks callbacks, Clock clock) {
        this.record = Objects.requireNonNull(record, "record");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Lets the waiting stage shift and go on.
     *
     * @throws IllegalStateException when nothing waits for approval (the page shows why)
     */
    public String approve() {
        JsonNode waiting = pending();
        ObjectNode output = DeploymentFeed.object()
                .put("approvedBy", WHO)
                .put("at", clock.instant().toString());
        answer(waiting, () -> callbacks.succeed(token(waiting), output));
        return "approved " + describe(waiting);
    }

    /**
     * Refuses the waiting stage: the workflow rolls back with the reason.
     *
     * @throws IllegalStateException when nothing waits for approval
     */
    public String deny() {
        JsonNode waiting = pending();
        // the cause Rollback's reason repeats, as cutover deny sends it
        answer(
                waiting,
                () -> callbacks.fail(token(waiting), ApprovalDeniedException.class.getName(), "denied by " + WHO));
        return "denied " + describe(waiting) + ": it rolls back";
    }

    private JsonNode pending() {
        JsonNode current = record.get().orElseThrow(() -> new IllegalStateException("no deployment is running"));
        JsonNode pending = current.path("pendingApproval");
        if (!pending.isObject() || pending.path("taskToken").asText("").isEmpty()) {
            throw new IllegalStateException("nothing waits for approval in "
                    + current.path("deploymentId").asText() + " (status "
                    + current.path("status").asText() + ")");
        }
        return current;
    }

    private static String token(JsonNode record) {
        return record.path("pendingApproval").path("taskToken").asText();
    }

    private static String describe(JsonNode record) {
        JsonNode pending = record.path("pendingApproval");
        return "stage " + (pending.path("stageIndex").asInt() + 1) + " ("
                + pending.path("percent").asInt() + "%) of "
                + record.path("deploymentId").asText();
    }

    private static void answer(JsonNode record, Runnable send) {
        try {
            send.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the engine knows no task by that token any more: answered, timed out or stopped meanwhile
            throw new IllegalStateException(
                    "the approval of " + describe(record) + " was answered or expired meanwhile: " + e.getMessage(), e);
        }
    }
}
