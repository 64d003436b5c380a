package dev.cutover.handlers.workflow;

import java.util.Objects;

import dev.cutover.core.workflow.AlarmTrigger;
import dev.cutover.core.workflow.DeploymentAbort;
import dev.cutover.core.workflow.DeploymentQuery;
import dev.cutover.core.workflow.task.WorkflowTaskSet;
import dev.cutover.handlers.wire.WorkflowTasks;

/**
 * The workflow machinery built from a set of dependencies; production builds one per container, on first use (a
 * failure to build is then an error of that invocation, and the next one tries again), and keeps it.
 */
public final class WorkflowRuntime {

    private static WorkflowRuntime container;

    private final WorkflowDependencies dependencies;
    private final WorkflowTasks tasks;
    private AlarmTrigger alarmTrigger;
    private DeploymentAbort abort;

    public WorkflowRuntime(WorkflowDependencies dependencies) {
        this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
        this.tasks = new WorkflowTasks(dependencies.workflow());
    }

    static synchronized WorkflowRuntime forContainer() {
        if (container == null) {
            container = new WorkflowRuntime(WorkflowDependencies.fromEnvironment());
        }
        return container;
    }

    public WorkflowTasks tasks() {
        return tasks;
    }

    public WorkflowTaskSet workflow() {
        return tasks.workflow();
    }

    /** The ledger's read-only answers, for the Query function. */
    public DeploymentQuery query() {
        return new DeploymentQuery(dependencies.ports().ledger());
    }

    /** @throws dev.cutover.core.error.FunctionMisconfiguredException naming the variable the abort misses */
    public synchronized DeploymentAbort abort() {
        if (abort == null) {
            abort = dependencies.abort(workflow());
        }
        return abort;
    }

    /** @throws dev.cutover.core.error.FunctionMisconfiguredException naming the variable the alarm trigger misses */
    public synchronized AlarmTrigger alarmTrigger() {
        if (alarmTrigger == null) {
            alarmTrigger = dependencies.alarmTrigger(workflow());
        }
        return alarmTrigger;
    }
}
