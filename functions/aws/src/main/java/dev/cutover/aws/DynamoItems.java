package dev.cutover.aws;

import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import dev.cutover.core.error.DependencyException;

/** Reads typed attributes from DynamoDB items, naming the item and attribute when one is missing or malformed. */
final class DynamoItems {

    private DynamoItems() {}

    static String string(Map<String, AttributeValue> item, String name, String where) {
        return optionalString(item, name, where)
                .orElseThrow(() -> malformed(where, name, "a string attribute", "nothing"));
    }

    static Optional<String> optionalString(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value.s() == null) {
            throw malformed(where, name, "a string attribute", value.toString());
        }
        return Optional.of(value.s());
    }

    static long number(Map<String, AttributeValue> item, String name, String where) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw malformed(where, name, "a number attribute", value == null ? "nothing" : value.toString());
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            throw malformed(where, name, "a whole number", value.n());
        }
    }

    static DependencyException malformed(String where, String name, String expected, String found) {
        return new DependencyException(where + ": expected " + expected + " " + name + ", found " + found
                + "; was the item written by something other than Cutover?");
    }
}
