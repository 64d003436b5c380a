package dev.cutover.runtime.wiring;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import dev.cutover.core.check.Sleeper;
import dev.cutover.core.workflow.WorkflowStarter;
import dev.cutover.handlers.HookDependencies;
import dev.cutover.handlers.wiring.Ports;
import dev.cutover.handlers.workflow.WorkflowDependencies;
import dev.cutover.runtime.adapters.EngineWorkflowExecutions;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.states.Engine;
import dev.cutover.states.StateMachine;
import dev.cutover.states.TaskHandler;
import dev.cutover.states.TaskResolver;
import dev.cutover.states.TaskResolvers;
import dev.cutover.states.lambda.LambdaTaskHandler;

/**
 * The local runtime's one wiring, shared by {@code cutover demo} and {@code cutover invoke}: the same
 * {@link Ports} the AWS wiring builds, over local adapters the caller chooses, plus the piece every local run has
 * in common: the deployment workflow running on the local states engine ({@link EngineWorkflowExecutions} in place
 * of Step Functions), whose Task states invoke the same handlers the Lambda functions run. The hooks read the spec
 * from {@link #SPEC_PARAMETER} and BeforeAllowTraffic starts the workflow, as on AWS.
 */
public final class LocalWiring {

    /** Where the handlers read the spec from (the local stand-in for the SSM parameter). */
    public static final String SPEC_PARAMETER = "/cutover/orders/spec";

    /** Wraps a Task state's handler (the demo observes them); {@link #AS_IS} leaves it alone. */
    @FunctionalInterface
    public interface TaskObserver extends BiFunction<String, TaskHandler, TaskHandler> {}

    /** No observation. */
    public static final TaskObserver AS_IS = (task, handler) -> handler;

    private final Ports ports;
    private final LocalFunctions functions;
    private final Engine engine;
    private final EngineWorkflowExecutions executions;

    private LocalWiring(Ports ports, LocalFunctions functions, Engine engine, EngineWorkflowExecutions executions) {
        this.ports = ports;
        this.functions = functions;
        this.engine = engine;
        this.executions = executions;
    }

    /**
     * @param clock     the time everything runs on (real time: the engine waits for real)
     * @param adapters  every port but the executions and the time, which this wiring sets
     * @param machine   the compiled deployment workflow ({@link EngineWorkflowExecutions#deploymentWorkflow()})
     * @param observer  what wraps each Task state's handler
     * @throws IllegalStateException naming a port {@code adapters} lacks
     */
    public static LocalWiring wire(Clock clock, Ports.Builder adapters, StateMachine machine, TaskObserver observer) {
        return wire(clock, adapters, machine, observer, TaskResolver.none());
    }

    /**
     * As {@link #wire(Clock, Ports.Builder, StateMachine, TaskObserver)}, with {@code otherTasks} answering the Task
     * resources that are not the workflow's functions ({@code cutover serve} runs other state machines on the same
     * engine).
     */
    public static LocalWiring wire(
            Clock clock, Ports.Builder adapters, StateMachine machine, TaskObserver observer, TaskResolver otherTasks) {
        return wire(clock, adapters, machine, observer, otherTasks, false);
    }

    /**
     * As {@link #wire(Clock, Ports.Builder, StateMachine, TaskObserver)}, on an engine in virtual time: the
     * workflow's Wait states and Retry back-off take no wall time, while the ports keep {@code clock}. For tests that
     * drive the deployment workflow over the local adapters and must not wait out its retry schedule.
     */
    public static LocalWiring wireInVirtualTime(
            Clock clock, Ports.Builder adapters, StateMachine machine, TaskObserver observer) {
        return wire(clock, adapters, machine, observer, TaskResolver.none(), true);
    }

    private static LocalWiring wire(
            Clock clock,
            Ports.Builder adapters,
            StateMachine machine,
            TaskObserver observer,
            TaskResolver otherTasks,
            boolean virtualTime) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(otherTasks, "otherTasks");
        // the engine resolves each Task state to its handler at call time: the handlers are built below, over it
        Map<String, TaskHandler> tasks = new ConcurrentHashMap<>();
        TaskResolvers.Builder resolver = TaskResolvers.builder();
        for (String task : EngineWorkflowExecutions.TASKS) {
            resolver.lambdaFunction(
                    EngineWorkflowExecutions.functionName(task),
                    (input, ctx) -> tasks.get(task).invoke(input, ctx));
        }
        resolver.fallback(otherTasks);
        Engine.Builder time = virtualTime
                ? Engine.builder().virtualTime(clock.instant())
                : Engine.builder().realTime(clock);
        Engine engine = time.taskResolver(resolver.build()).build();
        EngineWorkflowExecutions executions = new EngineWorkflowExecutions(engine, machine);
        Ports ports = adapters.executions(executions)
                .clock(clock)
                .sleeper(Sleeper.SYSTEM)
                .build();

        HookDependencies hooks = HookDependencies.of(ports, SPEC_PARAMETER)
                .withBeforeAllowTraffic(new WorkflowStarter(
                        executions, EngineWorkflowExecutions.STATE_MACHINE_ARN, SPEC_PARAMETER, clock));
        WorkflowDependencies workflow = WorkflowDependencies.of(ports)
                .withAlarmTrigger(SPEC_PARAMETER, EngineWorkflowExecutions.STATE_MACHINE_ARN);
        LocalFunctions functions = new LocalFunctions(hooks, workflow);
        for (String task : EngineWorkflowExecutions.TASKS) {
            tasks.put(
                    task,
                    observer.apply(
                            task,
                            LambdaTaskHandler.of(functions.get(task))
                                    .withFunctionName(EngineWorkflowExecutions.functionName(task))));
        }
        return new LocalWiring(ports, functions, engine, executions);
    }

    /** The ports the functions run over (with the engine's executions). */
    public Ports ports() {
        return ports;
    }

    /** The engine the workflow's executions run on (and whose task tokens SendTask* complete). */
    public Engine engine() {
        return engine;
    }

    /** The workflow's executions: the ones BeforeAllowTraffic starts and the alarm path stops. */
    public EngineWorkflowExecutions executions() {
        return executions;
    }

    /** Every function, by its logical name. */
    public LocalFunctions functions() {
        return functions;
    }
}
