package dev.cutover.core.port.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An approval gate the workflow is waiting at: the stage's shift waits until someone approves or denies it, or the
 * gate times out. The ledger keeps it while the deployment waits, so {@code cutover status} can say so and
 * {@code cutover approve|deny} can find the task token to answer with.
 *
 * @param taskToken   the Step Functions task token of the waiting {@code AwaitApproval} state
 *                    (SendTaskSuccess/SendTaskFailure take it)
 * @param stageIndex  the stage whose shift waits, from 0
 * @param percent     that stage's planned share of traffic on green
 * @param requestedAt when the approval was asked for
 * @param expiresAt   when the gate times out (and the deployment rolls back)
 */
public record PendingApproval(String taskToken, int stageIndex, int percent, Instant requestedAt, Instant expiresAt) {

    public PendingApproval {
        LockLease.requireText(taskToken, "taskToken");
        if (stageIndex < 0) {
            throw new IllegalArgumentException("stageIndex must be 0 or more, was " + stageIndex);
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be between 0 and 100, was " + percent);
        }
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.isBefore(requestedAt)) {
            throw new IllegalArgumentException("approval of stage " + stageIndex + " expires at " + expiresAt
                    + ", before it was requested at " + requestedAt);
        }
    }
}
