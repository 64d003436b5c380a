package dev.cutover.states;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.node;
import static dev.cutover.states.Machines.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Parallel branches and inline Map iterations: inputs, ordering, selectors, concurrency, failures. */
class ParallelMapTest {

    @Test
    void parallelRunsEveryBranchOnTheSameInputAndCollectsOutputsInOrder() {
        ExecutionResult result = run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'A','States':{'A':{'Type':'Pass','InputPath':'$.a','End':true}}},"
                        + "{'StartAt':'B','States':{'B':{'Type':'Pass','Result':'b','End':true}}},"
                        + "{'StartAt':'C','States':{'C':{'Type':'Succeed'}}}],"
                        + "'ResultSelector':{'first.$':'$[0]','all.$':'$'},'ResultPath':'$.out','End':true}}}",
                "{'a':1}");
        assertThat(result.output()).isEqualTo(node("{'a':1,'out':{'first':1,'all':[1,'b',{'a':1}]}}"));
    }

    @Test
    void parallelParametersShapeTheBranchInput() {
        ExecutionResult result = run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Parameters':{'v.$':'$.x'},"
                        + "'Branches':[{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}],'End':true}}}",
                "{'x':5}");
        assertThat(result.output()).isEqualTo(node("[{'v':5}]"));
    }

    @Test
    void parallelBranchesOverlapInVirtualTime() {
        ExecutionResult result = run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'A','States':{'A':{'Type':'Wait','Seconds':100,'End':true}}},"
                        + "{'StartAt':'B','States':{'B':{'Type':'Wait','Seconds':300,'End':true}}}],'End':true}}}",
                "{}");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void aFailingBranchFailsTheParallelStateWithItsError() {
        ExecutionResult result = run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}},"
                        + "{'StartAt':'B','States':{'B':{'Type':'Fail','Error':'Broken','Cause':'b'}}}],'End':true}}}",
                "{}");
        assertThat(result.error()).isEqualTo("Broken");
        assertThat(result.history().stream().map(HistoryEvent::type))
                .contains("ParallelStateFailed")
                .doesNotContain("ParallelStateSucceeded", "ParallelStateExited");
    }

    @Test
    void mapRunsTheProcessorPerItemInOrder() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.xs',"
                        + "'ItemProcessor':{'StartAt':'Double','States':{'Double':{'Type':'Pass',"
                        + "'Parameters':{'v.$':'States.MathAdd($.n, $.n)'},'End':true}}},'ResultPath':'$.ys','End':true}}}",
                "{'xs':[{'n':1},{'n':2},{'n':3}]}");
        assertThat(result.output().get("ys")).isEqualTo(node("[{'v':2},{'v':4},{'v':6}]"));
    }

    @Test
    void itemSelectorSeesTheMapInputAndTheContextItem() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.xs',"
                        + "'ItemSelector':{'index.$':'$$.Map.Item.Index','value.$':'$$.Map.Item.Value','tag.$':'$.tag'},"
                        + "'ItemProcessor':{'ProcessorConfig':{'Mode':'INLINE'},'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}},"
                        + "'End':true}}}",
                "{'xs':['a','b'],'tag':'t'}");
        assertThat(result.output())
                .isEqualTo(node("[{'index':0,'value':'a','tag':'t'},{'index':1,'value':'b','tag':'t'}]"));
    }

    @Test
    void legacyIteratorAndParametersStillWork() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map',"
                        + "'Parameters':{'i.$':'$$.Map.Item.Index'},"
                        + "'Iterator':{'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}},'End':true}}}",
                "[7,8]");
        assertThat(result.output()).isEqualTo(node("[{'i':0},{'i':1}]"));
    }

    @Test
    void anEmptyArrayGivesAnEmptyResult() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map',"
                        + "'ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}},'End':true}}}",
                "[]");
        assertThat(result.output()).isEqualTo(node("[]"));
        assertThat(result.history().stream()
                        .filter(e -> e.type().equals("MapStateStarted"))
                        .findFirst()
                        .orElseThrow()
                        .details()
                        .get("length")
                        .asInt())
                .isZero();
    }

    @Test
    void itemsThatAreNotAnArrayFailWithStatesRuntime() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.xs',"
                        + "'ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}},'End':true}}}",
                "{'xs':{'not':'array'}}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("ItemsPath").contains("array");
    }

    @Test
    void maxConcurrencyLimitsOverlapInVirtualTime() {
        String machine = "{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':CONC,"
                + "'ItemProcessor':{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':10,'End':true}}},'End':true}}}";
        String five = "[1,2,3,4,5]";
        assertThat(run(machine.replace("CONC", "0"), five).duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(run(machine.replace("CONC", "1"), five).duration()).isEqualTo(Duration.ofSeconds(50));
        assertThat(run(machine.replace("CONC", "2"), five).duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(run(machine.replace("CONC", "5"), five).duration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void maxConcurrencyPathReadsTheLimitFromTheInput() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.xs',"
                        + "'MaxConcurrencyPath':'$.limit',"
                        + "'ItemProcessor':{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':10,'End':true}}},'End':true}}}",
                "{'xs':[1,2,3],'limit':1}");
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFailingIterationFailsTheMapAndIsRecorded() {
        ExecutionResult result = run(
                "{'StartAt':'M','States':{'M':{'Type':'Map',"
                        + "'ItemProcessor':{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$',"
                        + "'NumericEquals':2,'Next':'F'}],'Default':'OK'},'OK':{'Type':'Succeed'},"
                        + "'F':{'Type':'Fail','Error':'Two','Cause':'item 2'}}},"
                        + "'Catch':[{'ErrorEquals':['Two'],'Next':'H'}],'End':true},'H':{'Type':'Pass','End':true}}}",
                "[1,2,3]");
        assertThat(result.output()).isEqualTo(node("{'Error':'Two','Cause':'item 2'}"));
        List<String> types = result.history().stream().map(HistoryEvent::type).toList();
        assertThat(types)
                .containsSubsequence(
                        "MapIterationSucceeded",
                        "MapIterationFailed",
                        "MapStateFailed",
                        "MapStateExited",
                        "PassStateEntered");
        assertThat(result.history().stream()
                        .filter(e -> e.type().equals("MapIterationFailed"))
                        .findFirst()
                        .orElseThrow()
                        .details()
                        .get("index")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void nestedMapsInParallels() {
        ExecutionResult result = run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'M','States':{'M':{'Type':'Map','ItemProcessor':{'StartAt':'M2','States':{'M2':{'Type':'Map',"
                        + "'ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}},'End':true}}},'End':true}}}]"
                        + ",'End':true}}}",
                "[[1,2],[3]]");
        assertThat(result.output()).isEqualTo(node("[[[1,2],[3]]]"));
    }

    @Test
    void realTimeIterationsRunConcurrentlyUpToMaxConcurrency() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TaskResolver resolver = TaskResolvers.builder()
                .resource("arn:aws:states:::x:y", (input, ctx) -> {
                    int now = running.incrementAndGet();
                    peak.accumulateAndGet(now, Math::max);
                    threads.add(Thread.currentThread().getName());
                    Thread.sleep(100);
                    running.decrementAndGet();
                    return TextNode.valueOf("item " + input.asInt());
                })
                .build();
        Engine engine = Engine.builder().taskResolver(resolver).build();
        ExecutionResult result = Machines.run(
                engine,
                "{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':3,"
                        + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::x:y',"
                        + "'End':true}}},'End':true}}}",
                "[0,1,2,3,4,5,6,7,8]");
        assertThat(result.output())
                .isEqualTo(node("['item 0','item 1','item 2','item 3','item 4','item 5','item 6','item 7','item 8']"));
        assertThat(peak.get()).isBetween(2, 3);
        assertThat(threads.size()).isGreaterThan(1);
    }

    @Test
    void realTimeFailureCancelsTheOtherBranches() {
        ExecutionResult result = Machines.run(
                Engine.builder().build(),
                "{'StartAt':'P','States':{'P':{'Type':'Parallel',"
                        + "'Branches':[{'StartAt':'Slow','States':{'Slow':{'Type':'Wait','Seconds':30,'End':true}}},"
                        + "{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'Fast'}}}],'End':true}}}",
                "{}");
        assertThat(result.error()).isEqualTo("Fast");
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
    }
}
