package dev.cutover.aws;

import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.cutover.aws.testing.CutoverTable;
import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.core.port.DeploymentLock;
import dev.cutover.testing.DeploymentLockContract;

/** The DynamoDB lock held to the same contract as the in-memory and PostgreSQL ones, on moto. */
class DynamoDbDeploymentLockContractTest extends DeploymentLockContract {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private AwsClients clients;

    @Override
    protected DeploymentLock newLock(Clock clock) {
        clients = MOTO.clients();
        CutoverTable.create(clients.dynamoDb());
        return new DynamoDbDeploymentLock(clients.dynamoDb(), CutoverTable.NAME, clock);
    }

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    static final String MOTO_RACES =
            "moto 5.2.1 does not serialize concurrent conditional writes to one item (DynamoDB does: a conditional write is atomic per item); this race runs against the PostgreSQL and in-memory implementations";

    @Override
    @Test
    @Disabled(MOTO_RACES)
    protected void exactlyOneOfManyConcurrentDeploymentsWinsAndTheOthersAreToldWho() {}

    @Override
    @Test
    @Disabled(MOTO_RACES)
    protected void exactlyOneOfManyConcurrentDeploymentsTakesOverAnExpiredLease() {}
}
