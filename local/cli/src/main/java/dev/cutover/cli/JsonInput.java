package dev.cutover.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cutover.core.field.Utf8Text;

/**
 * JSON the user hands the command line (hook events, payloads, workflow inputs), read strictly: a key given twice
 * is refused, as in specs, rather than letting the last one silently win; text that is not UTF-8 is named with the
 * offset where it goes wrong.
 */
final class JsonInput {

    static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Input that cannot be used; the message starts with what it is (a file or an option). */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private JsonInput() {}

    /**
     * A file's text.
     *
     * @param what how messages name it, e.g. {@code the event events/x.json}
     */
    static String read(Path file, String what) throws Invalid {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Invalid(what + " cannot be read: no such file");
        } catch (IOException e) {
            throw new Invalid(what + " cannot be read: " + e.getMessage());
        }
        int invalid = Utf8Text.invalidOffset(bytes);
        if (invalid >= 0) {
            throw new Invalid(what + " " + Utf8Text.problem(invalid));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One JSON document, of any shape. */
    static JsonNode parse(String text, String what) throws Invalid {
        try {
            JsonNode node = STRICT.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new Invalid(what + " is empty; expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            boolean duplicate = message.startsWith("Duplicate field");
            throw new Invalid(what
                    + (duplicate ? " has a duplicate key: " : " is not valid JSON: ")
                    + message.lines().findFirst().orElse(message)
                    + at(e.getLocation())
                    + (duplicate ? "; keys are refused when given twice rather than letting one silently win" : ""));
        }
    }

    /** One JSON object: null, a list or a scalar is named for what it is. */
    static JsonNode object(String text, String what) throws Invalid {
        JsonNode node = parse(text, what);
        if (!node.isObject()) {
            throw new Invalid(what + " holds " + describe(node) + "; expected a JSON object {...}");
        }
        return node;
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isTextual()
                ? "a string"
                : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "a value";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
