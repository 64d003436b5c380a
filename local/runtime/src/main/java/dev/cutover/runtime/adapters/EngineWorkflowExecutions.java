package dev.cutover.runtime.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;
import dev.cutover.core.port.WorkflowExecutions;
import dev.cutover.states.Engine;
import dev.cutover.states.Execution;
import dev.cutover.states.ExecutionStatus;
import dev.cutover.states.StateMachine;

/**
 * Step Functions for the local runtime: executions of the deployment workflow run by the in-process engine
 * ({@code cutover-states}), named and addressed exactly as on AWS (the ARN is
 * {@link WorkflowExecutions#executionArnFor} of {@link #STATE_MACHINE_ARN}).
 */
public final class EngineWorkflowExecutions implements WorkflowExecutions {

    /** The local state machine's name and ARN (region us-east-1, AWS's documentation account). */
    public static final String STATE_MACHINE_NAME = "cutover-deployment";

    public static final String STATE_MACHINE_ARN =
            "arn:aws:states:us-east-1:123456789012:stateMachine:" + STATE_MACHINE_NAME;

    /** Where the runtime's jar carries {@code statemachine/deployment.asl.json} (packaged by the build, not copied). */
    public static final String DEFINITION_RESOURCE = "dev/cutover/runtime/statemachine/deployment.asl.json";

    /** The task functions the definition names as {@code ${<Name>FunctionArn}}. */
    public static final List<String> TASKS = List.of(
            "ValidateAndLock",
            "PreTrafficChecks",
            "ShiftTraffic",
            "JudgeHealth",
            "PostTrafficChecks",
            "Finalize",
            "Rollback",
            "RequestApproval",
            "CloseRollbackWindow");

    private final Engine engine;
    private final StateMachine machine;
    private final Map<String, Started> executions = new LinkedHashMap<>();

    private record Started(Execution execution, String input) {}

    public EngineWorkflowExecutions(Engine engine, StateMachine machine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.machine = Objects.requireNonNull(machine, "machine").withName(STATE_MACHINE_NAME);
    }

    /** The local Lambda function name standing for a task, e.g. {@code cutover-ShiftTraffic}. */
    public static String functionName(String task) {
        return "cutover-" + task;
    }

    /**
     * Compiles the packaged deployment workflow with each {@code ${XFunctionArn}} substituted by the ARN of the local
     * function {@link #functionName(String) cutover-X}.
     *
     * @throws IllegalStateException when the definition is not on the classpath or does not compile
     */
    public static StateMachine deploymentWorkflow() {
        String json;
        try (InputStream in =
                EngineWorkflowExecutions.class.getClassLoader().getResourceAsStream(DEFINITION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("state machine: " + DEFINITION_RESOURCE + " is missing from the "
                        + "runtime's classpath (the build packages statemachine/deployment.asl.json there); rebuild");
            }
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("state machine: cannot read " + DEFINITION_RESOURCE + ": " + e, e);
        }
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (String task : TASKS) {
            substitutions.put(
                    task + "FunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:" + functionName(task));
        }
        try {
            return StateMachine.compile(json, substitutions).withName(STATE_MACHINE_NAME);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "state machine: statemachine/deployment.asl.json does not compile: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String start(String executionName, String inputJson) {
        if (!WorkflowExecutions.isValidExecutionName(executionName)) {
            throw new IllegalArgumentException("invalid execution name: " + executionName);
        }
        String arn = WorkflowExecutions.executionArnFor(STATE_MACHINE_ARN, executionName);
        Started existing = executions.get(arn);
        if (existing != null) {
            if (WorkflowExecutions.sameInput(existing.input(), inputJson)) {
                return arn;
            }
            throw new ExecutionNameConflictException(executionName, arn);
        }
        Execution execution;
        try {
            execution = engine.start(machine, inputJson, executionName);
        } catch (RuntimeException e) {
            throw new DependencyException(
                    "the local engine refused to start " + executionName + ": " + e.getMessage(), e);
        }
        executions.put(arn, new Started(execution, inputJson));
        return arn;
    }

    @Override
    public void stop(String executionArn, String error, String cause) {
        execution(executionArn).stop(error, cause);
    }

    @Override
    public synchronized boolean isRunning(String executionArn) {
        Started started = executions.get(executionArn);
        return started != null && started.execution().status() == ExecutionStatus.RUNNING;
    }

    @Override
    public synchronized Optional<String> inputOf(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn)).map(Started::input);
    }

    /** The execution started under that ARN, to wait for or inspect. */
    public synchronized Optional<Execution> find(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn)).map(Started::execution);
    }

    private synchronized Execution execution(String executionArn) {
        Started started = executions.get(executionArn);
        if (started == null) {
            throw new DependencyException("ExecutionDoesNotExist: no local execution " + executionArn);
        }
        return started.execution();
    }
}
