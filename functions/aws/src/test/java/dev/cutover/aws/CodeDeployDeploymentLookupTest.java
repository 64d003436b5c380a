package dev.cutover.aws;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.model.DeploymentOrigin;

import static dev.cutover.aws.testing.RecordingHttpStub.Response.awsError;
import static dev.cutover.aws.testing.RecordingHttpStub.Response.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GetDeployment at the wire: the application and deployment group CodeDeploy recorded. */
class CodeDeployDeploymentLookupTest {

    private RecordingHttpStub stub;
    private AwsClients clients;
    private CodeDeployDeploymentLookup lookup;

    @BeforeEach
    void start() throws IOException {
        stub = RecordingHttpStub.start();
        clients = stub.clients();
        lookup = new CodeDeployDeploymentLookup(clients.codeDeploy());
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
    }

    @Test
    void readsTheApplicationAndDeploymentGroupOfTheDeployment() {
        stub.respond(json(
                200,
                "{\"deploymentInfo\":{\"deploymentId\":\"d-ABCDEF123\",\"applicationName\":\"payments\","
                        + "\"deploymentGroupName\":\"payments-dg\",\"status\":\"InProgress\"}}"));

        DeploymentOrigin origin = lookup.origin("d-ABCDEF123");

        assertThat(origin).isEqualTo(new DeploymentOrigin("d-ABCDEF123", "payments", "payments-dg"));
        assertThat(stub.requests()).singleElement().satisfies(r -> {
            assertThat(r.header("X-Amz-Target")).isEqualTo("CodeDeploy_20141006.GetDeployment");
            assertThat(r.body()).contains("\"deploymentId\":\"d-ABCDEF123\"");
        });
    }

    @Test
    void aRefusalNamesTheDeploymentAndAwsErrorCode() {
        stub.respond(awsError(400, "AccessDeniedException", "not authorized to perform codedeploy:GetDeployment"));

        DependencyException e = catchThrowableOfType(() -> lookup.origin("d-ABCDEF123"), DependencyException.class);

        assertThat(e).hasMessageContaining("d-ABCDEF123").hasMessageContaining("AccessDenied");
    }

    @Test
    void anAnswerWithoutTheGroupIsAnError() {
        stub.respond(json(200, "{\"deploymentInfo\":{\"deploymentId\":\"d-ABCDEF123\"}}"));

        assertThat(catchThrowableOfType(() -> lookup.origin("d-ABCDEF123"), DependencyException.class))
                .hasMessageContaining("no application or deployment group");
    }
}
