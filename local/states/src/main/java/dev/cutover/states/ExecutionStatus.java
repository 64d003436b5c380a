package dev.cutover.states;

/** How an execution ended (or that it has not yet), as DescribeExecution reports it. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
}
