package dev.cutover.states;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static dev.cutover.states.Machines.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The execution history: GetExecutionHistory's shape, ids, the previousEventId chain, entered/exited pairs. */
class HistoryTest {

    private static final String MACHINE = "{'StartAt':'Start','States':{"
            + "'Start':{'Type':'Pass','Next':'Pick'},"
            + "'Pick':{'Type':'Choice','Choices':[{'Variable':'$.go','BooleanEquals':true,'Next':'Both'}],'Default':'Stop'},"
            + "'Both':{'Type':'Parallel','Branches':["
            + "  {'StartAt':'Nap','States':{'Nap':{'Type':'Wait','Seconds':1,'End':true}}},"
            + "  {'StartAt':'Each','States':{'Each':{'Type':'Map','ItemsPath':'$.xs','ItemProcessor':{'StartAt':'Item',"
            + "    'States':{'Item':{'Type':'Pass','End':true}}},'End':true}}}],'Next':'Done'},"
            + "'Done':{'Type':'Succeed'},"
            + "'Stop':{'Type':'Fail','Error':'Stopped'}}}";

    @Test
    void idsCountUpAndEveryPreviousEventIdPointsBackwards() {
        List<HistoryEvent> history = run(MACHINE, "{'go':true,'xs':[1,2]}").history();
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).isEqualTo(i + 1L);
            assertThat(history.get(i).previousEventId())
                    .isLessThan(history.get(i).id());
        }
        assertThat(history.get(0).type()).isEqualTo("ExecutionStarted");
        assertThat(history.get(0).previousEventId()).isZero();
        assertThat(history.get(1).previousEventId())
                .as("the first state entered, as in Step Functions")
                .isZero();
        assertThat(history.get(history.size() - 1).type()).isEqualTo("ExecutionSucceeded");
        assertThat(history.get(history.size() - 1).previousEventId()).isEqualTo(history.size() - 1L);
    }

    @Test
    void theSequenceOfEventTypes() {
        List<String> types = run(MACHINE, "{'go':true,'xs':[1,2]}").history().stream()
                .map(HistoryEvent::type)
                .toList();
        assertThat(types)
                .containsExactly(
                        "ExecutionStarted",
                        "PassStateEntered",
                        "PassStateExited",
                        "ChoiceStateEntered",
                        "ChoiceStateExited",
                        "ParallelStateEntered",
                        "ParallelStateStarted",
                        "WaitStateEntered",
                        "WaitStateExited",
                        "MapStateEntered",
                        "MapStateStarted",
                        "MapIterationStarted",
                        "PassStateEntered",
                        "PassStateExited",
                        "MapIterationSucceeded",
                        "MapIterationStarted",
                        "PassStateEntered",
                        "PassStateExited",
                        "MapIterationSucceeded",
                        "MapStateSucceeded",
                        "MapStateExited",
                        "ParallelStateSucceeded",
                        "ParallelStateExited",
                        "SucceedStateEntered",
                        "SucceedStateExited",
                        "ExecutionSucceeded");
    }

    @Test
    void everyEnteredStateIsExitedInItsOwnChain() {
        List<HistoryEvent> history = run(MACHINE, "{'go':true,'xs':[1,2,3]}").history();
        Map<Long, HistoryEvent> byId = history.stream().collect(Collectors.toMap(HistoryEvent::id, e -> e));
        for (HistoryEvent event : history) {
            if (event.type().endsWith("StateExited")) {
                // walk back along previousEventId to the matching Entered event of the same state
                Deque<String> open = new ArrayDeque<>();
                HistoryEvent cursor = byId.get(event.previousEventId());
                while (cursor != null
                        && !(cursor.type().endsWith("StateEntered")
                                && cursor.stateName().equals(event.stateName())
                                && open.isEmpty())) {
                    if (cursor.type().endsWith("StateExited")) {
                        open.push(cursor.stateName());
                    } else if (cursor.type().endsWith("StateEntered") && !open.isEmpty()) {
                        open.pop();
                    }
                    cursor = byId.get(cursor.previousEventId());
                }
                assertThat(cursor).as("entered event for %s", event).isNotNull();
                assertThat(cursor.type().replace("Entered", "Exited")).isEqualTo(event.type());
            }
        }
        long entered =
                history.stream().filter(e -> e.type().endsWith("StateEntered")).count();
        long exited =
                history.stream().filter(e -> e.type().endsWith("StateExited")).count();
        assertThat(exited).isEqualTo(entered);
    }

    @Test
    void branchEventsChainFromTheirParallelOrIterationStart() {
        List<HistoryEvent> history = run(MACHINE, "{'go':true,'xs':[1,2]}").history();
        HistoryEvent parallelStarted = first(history, "ParallelStateStarted");
        HistoryEvent waitEntered = first(history, "WaitStateEntered");
        HistoryEvent mapEntered = first(history, "MapStateEntered");
        assertThat(waitEntered.previousEventId()).isEqualTo(parallelStarted.id());
        assertThat(mapEntered.previousEventId()).isEqualTo(parallelStarted.id());
        HistoryEvent mapStarted = first(history, "MapStateStarted");
        List<HistoryEvent> iterations = history.stream()
                .filter(e -> e.type().equals("MapIterationStarted"))
                .toList();
        assertThat(iterations).allSatisfy(e -> assertThat(e.previousEventId()).isEqualTo(mapStarted.id()));
        assertThat(iterations.get(1).details().get("index").asInt()).isEqualTo(1);
        assertThat(iterations.get(1).details().get("name").asText()).isEqualTo("Each");
    }

    @Test
    void toJsonHasTheGetExecutionHistoryShape() {
        ExecutionResult result = run(MACHINE, "{'go':false}");
        ObjectNode json = result.historyJson();
        JsonNode events = json.get("events");
        JsonNode started = events.get(0);
        assertThat(started.get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(started.get("id").asLong()).isEqualTo(1);
        assertThat(started.get("previousEventId").asLong()).isZero();
        assertThat(started.get("timestamp").asText()).isEqualTo("2024-01-01T00:00:00.000Z");
        assertThat(started.at("/executionStartedEventDetails/input").asText()).isEqualTo("{\"go\":false}");
        assertThat(started.at("/executionStartedEventDetails/inputDetails/truncated")
                        .asBoolean())
                .isFalse();
        assertThat(started.at("/executionStartedEventDetails/roleArn").asText()).startsWith("arn:aws:iam::");
        JsonNode entered = events.get(1);
        assertThat(entered.at("/stateEnteredEventDetails/name").asText()).isEqualTo("Start");
        JsonNode exited = events.get(2);
        assertThat(exited.at("/stateExitedEventDetails/output").asText()).isEqualTo("{\"go\":false}");
        JsonNode failed = events.get(events.size() - 1);
        assertThat(failed.get("type").asText()).isEqualTo("ExecutionFailed");
        assertThat(failed.at("/executionFailedEventDetails/error").asText()).isEqualTo("Stopped");
        assertThat(failed.at("/executionFailedEventDetails").has("cause")).isFalse();
        assertThat(events.get(events.size() - 2).get("type").asText()).isEqualTo("FailStateEntered");
    }

    @Test
    void aCaughtErrorExitsTheStateBeforeTheCatcherIsEntered() {
        ExecutionResult result = run(
                "{'StartAt':'P','States':{'P':{'Type':'Parallel','Branches':["
                        + "{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'E','Cause':'C'}}}],"
                        + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'H'}],'End':true},'H':{'Type':'Pass','End':true}}}",
                "{}");
        List<String> types = result.history().stream().map(HistoryEvent::type).toList();
        assertThat(types)
                .containsExactly(
                        "ExecutionStarted",
                        "ParallelStateEntered",
                        "ParallelStateStarted",
                        "FailStateEntered",
                        "ParallelStateFailed",
                        "ParallelStateExited",
                        "PassStateEntered",
                        "PassStateExited",
                        "ExecutionSucceeded");
    }

    @Test
    void timestampsFollowTheVirtualClock() {
        List<HistoryEvent> history = run(
                        "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':3600,'End':true}}}", "{}")
                .history();
        assertThat(history.get(1).timestamp()).isEqualTo(Machines.START);
        assertThat(history.get(2).timestamp()).isEqualTo(Machines.START.plusSeconds(3600));
    }

    private static HistoryEvent first(List<HistoryEvent> history, String type) {
        return history.stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }

    private static final String SPIN = "{'StartAt':'Spin','States':{"
            + "'Spin':{'Type':'Pass','Next':'Again'},"
            + "'Again':{'Type':'Choice','Choices':[{'Variable':'$.stop','BooleanEquals':true,'Next':'Done'}],"
            + "'Default':'Spin'},"
            + "'Done':{'Type':'Succeed'}}}";

    @Test
    void aLoopingExecutionFailsAtTheHardQuotaOf25000HistoryEvents() {
        // given a machine that loops for ever; when it runs; then it fails as Step Functions fails it, quickly
        ExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(SPIN, "{'stop':false}"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("25,000 history events");
        assertThat(result.history()).hasSize(25_000);
        HistoryEvent last = result.history().get(24_999);
        assertThat(last.id()).isEqualTo(25_000L);
        assertThat(last.type()).isEqualTo("ExecutionFailed");
        assertThat(result.history().subList(0, 24_999))
                .noneMatch(e -> e.type().startsWith("Execution") && !e.type().equals("ExecutionStarted"));
    }

    @Test
    void theHistoryQuotaCannotBeCaught() {
        String caught = "{'StartAt':'Guard','States':{'Guard':{'Type':'Parallel','Branches':[" + SPIN + "],"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Handled'}],'End':true},"
                + "'Handled':{'Type':'Succeed'}}}";

        ExecutionResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(caught, "{'stop':false}"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.history()).hasSize(25_000);
        assertThat(result.history()).noneMatch(e -> e.type().equals("SucceedStateEntered"));
    }
}
