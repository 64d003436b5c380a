package dev.cutover.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.port.WorkflowExecutions;

import static org.assertj.core.api.Assertions.assertThat;

/** The alarm path reads an execution's input to find the CodeDeploy hook it answers for. */
class SfnWorkflowExecutionsInputTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String INPUT = "{\"service\":\"orders\",\"specParameter\":\"/cutover/orders/spec\"}";

    private AwsClients clients;
    private String machineArn;
    private SfnWorkflowExecutions executions;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        machineArn = clients.sfn()
                .createStateMachine(r -> r.name("cutover-deployment")
                        .roleArn("arn:aws:iam::123456789012:role/cutover-workflow")
                        .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .stateMachineArn();
        executions = new SfnWorkflowExecutions(clients.sfn(), machineArn);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void readsTheInputAnExecutionWasStartedWith() {
        String arn = executions.start("d-ABCDEF123", INPUT);

        assertThat(executions.inputOf(arn)).contains(INPUT);
    }

    @Test
    void anExecutionThatDoesNotExistHasNoInput() {
        assertThat(executions.inputOf(WorkflowExecutions.executionArnFor(machineArn, "d-NOTTHERE1")))
                .isEmpty();
    }
}
