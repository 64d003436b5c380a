package dev.cutover.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cutover.states.Engine;
import dev.cutover.states.Execution;
import dev.cutover.states.HistoryEvent;

/**
 * Retained heap per execution in flight: starts N happy-path executions on the real clock, waits until every one
 * is parked in its first Bake (a 5-minute Wait), and compares the heap used after a full GC with the heap used
 * before they started. Then stops them all. Prints one JSON object.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.cutover.bench.InFlightHeap [N]} (default 1000).
 */
public final class InFlightHeap {

    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

    private InFlightHeap() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        DeploymentFixture fixture = DeploymentFixture.load();
        Engine engine = fixture.realTimeEngine("HappyPath");
        // Warm the engine's classes up so the baseline already holds them.
        Execution warm = engine.start(fixture.machine(), fixture.input(), "warm-up");
        awaitBaking(List.of(warm));
        warm.stop("Bench.Done", "warm-up over");
        warm.await();

        long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long before = usedHeapAfterGc();
        List<Execution> executions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            executions.add(engine.start(fixture.machine(), fixture.input(), "in-flight-" + i));
        }
        awaitBaking(executions);
        long during = usedHeapAfterGc();
        long threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
        for (Execution execution : executions) {
            execution.stop("Bench.Done", "measurement over");
        }
        for (Execution execution : executions) {
            execution.await(Duration.ofSeconds(30));
        }

        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("engine", "cutover-states");
        report.put("executions", count);
        report.put("heapBytesPerExecution", (during - before) / count);
        report.put("threadsPerExecution", (double) (threadsDuring - threadsBefore) / count);
        report.put("heapUsedBytes", during);
        System.out.println(report.toPrettyString());
    }

    private static void awaitBaking(List<Execution> executions) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        for (Execution execution : executions) {
            while (!baking(execution)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("execution " + execution.name() + " did not reach its first Bake"
                            + " within " + SETTLE_LIMIT + "; status " + execution.status());
                }
                Thread.sleep(10);
            }
        }
    }

    private static boolean baking(Execution execution) {
        List<HistoryEvent> history = execution.history();
        return !history.isEmpty() && history.get(history.size() - 1).type().equals("WaitStateEntered");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
