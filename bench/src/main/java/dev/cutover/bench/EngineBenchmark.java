package dev.cutover.bench;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.cutover.states.Engine;
import dev.cutover.states.ExecutionResult;
import dev.cutover.states.ExecutionStatus;
import dev.cutover.states.StateMachine;

/**
 * Executions per second of the deployment state machine on cutover-states: compiled once, every Task mocked
 * (bench/mocks.json), bakes of 5, 10 and 15 minutes on the virtual clock. One thread runs executions back to
 * back, each to its end, history included.
 *
 * <p>{@code happyPath}: 3 stages shifted, baked and judged healthy, then Finalize (15 states entered).
 * {@code rollbackAtStage2}: the health gate fails in stage 2; the Map's Catch runs Rollback and the execution
 * fails with the gate's error (13 states entered).
 *
 * <p>{@code queryLanguage} picks the machine: JSONPath, the workflow itself (what bench/run.sh measures against
 * aws-local-stepfunctions), or JSONata, its rewrite with variables (bench/engine-jsonata.sh passes {@code -p
 * queryLanguage=JSONPath,JSONata} to measure both in one run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {

    @Param({DeploymentFixture.JSONPATH})
    public String queryLanguage;

    private StateMachine machine;
    private JsonNode input;
    private Engine happyPath;
    private Engine rollbackAtStage2;

    @Setup
    public void setUp() {
        DeploymentFixture fixture = DeploymentFixture.load(queryLanguage);
        machine = fixture.machine();
        input = fixture.input();
        happyPath = fixture.virtualTimeEngine("HappyPath");
        rollbackAtStage2 = fixture.virtualTimeEngine("RollbackAtStage2");
        // A mistake in the mocks would otherwise benchmark an execution that fails at its first state.
        expect(fixture.run(happyPath), ExecutionStatus.SUCCEEDED, "HappyPath");
        expect(fixture.run(rollbackAtStage2), ExecutionStatus.FAILED, "RollbackAtStage2");
    }

    private static void expect(ExecutionResult result, ExecutionStatus status, String testCase) {
        if (result.status() != status) {
            throw new IllegalStateException("test case " + testCase + " ended " + result.toJson() + ", expected "
                    + status + ": check bench/mocks.json against statemachine/deployment.asl.json");
        }
    }

    @Benchmark
    public ExecutionResult happyPath() {
        return happyPath.run(machine, input, DeploymentFixture.EXECUTION_NAME);
    }

    @Benchmark
    public ExecutionResult rollbackAtStage2() {
        return rollbackAtStage2.run(machine, input, DeploymentFixture.EXECUTION_NAME);
    }
}
