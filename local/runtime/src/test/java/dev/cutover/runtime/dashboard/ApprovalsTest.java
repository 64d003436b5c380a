package dev.cutover.runtime.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Approve and Deny answer the ledger's pending approval with its task token, as cutover approve|deny do. */
class ApprovalsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> sent = new ArrayList<>();

    private final Approvals.TaskCallbacks callbacks = new Approvals.TaskCallbacks() {
        @Override
        public void succeed(String taskToken, JsonNode output) {
            sent.add("success " + taskToken + " " + output);
        }

        @Override
        public void fail(String taskToken, String error, String cause) {
            sent.add("failure " + taskToken + " " + error + " " + cause);
        }
    };

    private static Optional<JsonNode> record(String json) throws Exception {
        return Optional.of(new ObjectMapper().readTree(json.replace('\'', '"')));
    }

    private static final String WAITING = "{'deploymentId':'orders-7','status':'IN_PROGRESS','pendingApproval':"
            + "{'taskToken':'tok-7','stageIndex':1,'percent':50,'expiresAt':'2026-12-07T11:00:00Z'}}";

    @Test
    void approveSendsTheTaskTokenWithWhoAndWhen() throws Exception {
        Optional<JsonNode> waiting = record(WAITING);

        String answer = new Approvals(() -> waiting, callbacks, CLOCK).approve();

        assertThat(answer).isEqualTo("approved stage 2 (50%) of orders-7");
        assertThat(sent)
                .containsExactly("success tok-7 {\"approvedBy\":\"dashboard\",\"at\":\"2026-12-07T10:00:00Z\"}");
    }

    @Test
    void denyFailsTheTaskWithTheErrorTheWorkflowRollsBackOn() throws Exception {
        Optional<JsonNode> waiting = record(WAITING);

        new Approvals(() -> waiting, callbacks, CLOCK).deny();

        assertThat(sent)
                .containsExactly("failure tok-7 dev.cutover.core.error.ApprovalDeniedException denied by dashboard");
    }

    @Test
    void nothingWaitingOrNothingRunningIsRefusedAndSendsNothing() throws Exception {
        Optional<JsonNode> promoted = record("{'deploymentId':'orders-7','status':'PROMOTED'}");

        assertThatThrownBy(() -> new Approvals(() -> promoted, callbacks, CLOCK).approve())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("nothing waits for approval in orders-7 (status PROMOTED)");
        assertThatThrownBy(() -> new Approvals(Optional::empty, callbacks, CLOCK).deny())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no deployment is running");
        assertThat(sent).isEmpty();
    }

    @Test
    void aTokenNoTaskWaitsForAnyMoreIsAConflictNotACrash() throws Exception {
        Optional<JsonNode> waiting = record(WAITING);
        Approvals.TaskCallbacks gone = new Approvals.TaskCallbacks() {
            @Override
            public void succeed(String taskToken, JsonNode output) {
                throw new IllegalArgumentException("no task waits for " + taskToken);
            }

            @Override
            public void fail(String taskToken, String error, String cause) {
                throw new IllegalArgumentException("no task waits for " + taskToken);
            }
        };

        assertThatThrownBy(() -> new Approvals(() -> waiting, gone, CLOCK).approve())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stage 2 (50%) of orders-7 was answered or expired meanwhile");
    }
}
