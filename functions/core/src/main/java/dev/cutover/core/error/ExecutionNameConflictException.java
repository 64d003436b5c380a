package dev.cutover.core.error;

/**
 * A workflow execution with the requested name already exists but was started with a different input. Names are
 * derived from deployment ids, so this means two different requests claim the same deployment.
 */
public final class ExecutionNameConflictException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final String executionName;
    private final String existingExecutionArn;

    public ExecutionNameConflictException(String executionName, String existingExecutionArn) {
        super("a workflow execution named " + executionName + " already exists (" + existingExecutionArn
                + ") with a different input; execution names are unique per state machine (for 90 days on AWS), "
                + "so the same deployment cannot be started with another input");
        this.executionName = executionName;
        this.existingExecutionArn = existingExecutionArn;
    }

    public String executionName() {
        return executionName;
    }

    public String existingExecutionArn() {
        return existingExecutionArn;
    }
}
