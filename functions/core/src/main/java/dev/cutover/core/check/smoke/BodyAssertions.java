package dev.cutover.core.check.smoke;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import dev.cutover.core.spec.SmokeTests.JsonPathAssertion;

/**
 * Checks a response body against a smoke test's {@code bodyContains} substrings and JSON-path assertions.
 *
 * <p>JSON values compare as JSON: numbers by value (200 equals 200.0), strings exactly, booleans, and arrays and
 * objects element by element. An indefinite path ({@code $..id}, {@code $.items[*]}) that matches exactly one
 * value is compared as that value; matching nothing counts as "not found".
 */
final class BodyAssertions {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .build();
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
    private static final int VALUE_CHARS = 100;

    private BodyAssertions() {}

    /** Every failed assertion as a readable phrase; empty when all pass. */
    static List<String> failures(CappedBody body, List<String> bodyContains, List<JsonPathAssertion> jsonPaths) {
        List<String> failures = new ArrayList<>();
        String truncatedNote = body.truncated() ? " (the body was over the read limit; only its start was read)" : "";
        for (String expected : bodyContains) {
            if (!body.text().contains(expected)) {
                failures.add("body does not contain " + Redaction.excerpt(expected) + truncatedNote);
            }
        }
        if (jsonPaths.isEmpty()) {
            return failures;
        }
        Object document;
        try {
            document = MAPPER.readValue(body.text(), Object.class);
        } catch (JsonProcessingException e) {
            String paths = jsonPaths.stream().map(JsonPathAssertion::path).collect(Collectors.joining(", "));
            failures.add("body is not JSON, so " + paths + " cannot be checked (" + firstLine(e.getOriginalMessage())
                    + ")" + truncatedNote);
            return failures;
        }
        for (JsonPathAssertion assertion : jsonPaths) {
            String problem = check(document, assertion);
            if (problem != null) {
                failures.add(problem);
            }
        }
        return failures;
    }

    private static String check(Object document, JsonPathAssertion assertion) {
        String path = assertion.path();
        JsonPath compiled;
        try {
            compiled = JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            return path + ": not a valid JSON path (" + firstLine(e.getMessage()) + ")";
        }
        Object actual;
        try {
            actual = JsonPath.using(JSON_PATH).parse(document).read(compiled);
        } catch (PathNotFoundException e) {
            return path + ": not found";
        } catch (JsonPathException e) {
            return path + ": cannot be read (" + firstLine(e.getMessage()) + ")";
        }
        if (!compiled.isDefinite() && actual instanceof List<?> matches) {
            if (matches.isEmpty()) {
                return path + ": not found";
            }
            if (matches.size() == 1) {
                actual = matches.get(0);
            }
        }
        if (assertion.equals().isEmpty()) {
            return null;
        }
        Object expected = assertion.equals().get();
        return jsonEquals(expected, actual)
                ? null
                : path + ": expected " + render(expected) + ", got " + render(actual);
    }

    static boolean jsonEquals(Object expected, Object actual) {
        try {
            JsonNode e = MAPPER.valueToTree(expected);
            JsonNode a = MAPPER.valueToTree(actual);
            return e.equals(NUMBERS_BY_VALUE, a);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }

    /** A value as JSON text (strings quoted), cut to a readable length. */
    static String render(Object value) {
        String json;
        try {
            json = MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            json = String.valueOf(value);
        }
        return json.length() > VALUE_CHARS ? json.substring(0, VALUE_CHARS) + "..." : json;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
