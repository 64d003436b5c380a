package dev.cutover.core.workflow.task;

import java.time.Duration;
import java.util.Optional;

import dev.cutover.core.port.model.Weights;
import dev.cutover.core.workflow.DeploymentPlan;
import dev.cutover.core.workflow.PlannedStage;
import dev.cutover.core.workflow.ShiftOutcome;
import dev.cutover.testing.WorkflowFixture;

import static dev.cutover.testing.WorkflowFixture.CODEDEPLOY_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the task tests share: the workflow's tasks over {@link WorkflowFixture}, and the Map state's walk through the
 * stages.
 */
abstract class WorkflowTaskTest {

    static final Duration BUDGET = Duration.ofMinutes(14);

    final WorkflowFixture fx = new WorkflowFixture();
    WorkflowTaskSet tasks = fx.tasks();

    /** The team's topic {@link #specNamingTheTeamsTopic} names. */
    static final String TEAM_TOPIC = "arn:aws:sns:us-east-1:123456789012:orders-team";

    /** The spec from now on names {@link #TEAM_TOPIC} for its people ({@code notifications.topicArn}). */
    void specNamingTheTeamsTopic() {
        fx.specs.put(
                WorkflowFixture.PARAMETER,
                WorkflowFixture.specJson(null)
                        .replaceFirst("\\{", "{\"notifications\": {\"topicArn\": \"" + TEAM_TOPIC + "\"},"));
    }

    DeploymentPlan planFromHook() {
        return tasks.validateAndLock().run(WorkflowFixture.codeDeployInput(), WorkflowFixture.execution(CODEDEPLOY_ID));
    }

    /** Shifts stages 0..last, as the Map state would. */
    void shiftThrough(DeploymentPlan plan, int last) {
        for (int i = 0; i <= last; i++) {
            tasks.shiftTraffic().run(plan, plan.stages().get(i));
            fx.clock.advance(Duration.ofSeconds(plan.stages().get(i).bakeSeconds()));
        }
    }

    /** Shifts, bakes with healthy traffic and judges stages 0..last, as the Map state would. */
    void passThrough(DeploymentPlan plan, int last) {
        for (int i = 0; i <= last; i++) {
            PlannedStage stage = plan.stages().get(i);
            ShiftOutcome shifted = tasks.shiftTraffic().run(plan, stage);
            fx.serve(200, 0, 200);
            fx.clock.advance(Duration.ofSeconds(stage.bakeSeconds()));
            tasks.judgeHealth().run(plan, stage, Optional.of(shifted));
        }
    }

    static void assertSumsTo100(Weights w) {
        assertThat(w.blue() + w.green()).isEqualTo(100);
    }
}
