package dev.cutover.aws.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates the Cutover table as the SAM template declares it: partition key {@code pk} (string), on demand. */
public final class CutoverTable {

    public static final String NAME = "cutover-deployments";

    private CutoverTable() {}

    public static void create(DynamoDbClient dynamo) {
        dynamo.createTable(r -> r.tableName(NAME)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }
}
