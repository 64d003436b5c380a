package dev.cutover.tests.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parses repository JSON files (the ASL, the sample events) into Jackson trees. */
public final class JsonFiles {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFiles() {}

    /** Parses a file under the repository root; a syntax error fails naming the file, line and column. */
    public static JsonNode read(String relative) {
        return parse(RepoFiles.read(relative), relative);
    }

    public static JsonNode parse(String text, String source) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    source + " is not valid JSON: " + e.getOriginalMessage() + " at " + e.getLocation(), e);
        }
    }

    /** Pretty-printed, for writing a modified copy of a file. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
