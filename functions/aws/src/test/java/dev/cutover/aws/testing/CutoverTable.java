package dev.cutover.aws.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import dev.cutover.aws.DynamoDbDeploymentLedger;

/**
 * Creates the Cutover table as the SAM template declares it: partition key {@code pk} (string), on demand, and the
 * sparse history index on (service, startedAt).
 */
public final class CutoverTable {

    public static final String NAME = "cutover-deployments";

    private CutoverTable() {}

    public static void create(DynamoDbClient dynamo) {
        dynamo.createTable(r -> r.tableName(NAME)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("service").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("startedAt").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName(DynamoDbDeploymentLedger.HISTORY_INDEX)
                        .keySchema(
                                k -> k.attributeName("service").keyType(KeyType.HASH),
                                k -> k.attributeName("startedAt").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    }
}
