package dev.cutover.core.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.field.FieldPath;
import dev.cutover.core.field.Utf8Text;

/**
 * Reads a Cutover spec from YAML or JSON text and checks every rule of the format; the published JSON Schema
 * ({@code cutover-spec.schema.json}) describes the same format for editors. YAML and JSON spellings of one spec
 * give equal records.
 *
 * <p>A document that breaks any rule is refused with a {@link SpecException} listing every error with its field
 * path, not just the first. Numbers in JSON-path {@code equals} become {@link Long} when whole, else
 * {@link Double}.
 */
public final class SpecParser {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build());
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "health:" with nothing after it is an empty value, not the text ""
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            // YAML 1.2, as editors read it: yes, no, on and off are words, only true and false are booleans
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build());

    /** How the YAML parser names what it found: one of its event classes, printed with its fields. */
    private static final Pattern YAML_EVENT =
            Pattern.compile("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event\\([^>]*\\)>");

    private SpecParser() {}

    /**
     * @param text   the document, YAML or JSON
     * @param source where it came from, for error messages (a file path or an SSM parameter name)
     * @throws SpecException naming every field at fault
     */
    public static CutoverSpec parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        JsonNode root = tree(text, source);
        if (!root.isObject()) {
            throw new SpecException(
                    source,
                    SpecPaths.DOCUMENT,
                    Values.typeError("an object with version, service, routing and shifting at the top level", root));
        }
        return new SpecReader().read(root, source);
    }

    /** Reads and parses a file; a missing or unreadable file is a {@link SpecException} naming it. */
    public static CutoverSpec parse(Path file) {
        String source = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            int invalid = Utf8Text.invalidOffset(bytes);
            if (invalid >= 0) {
                throw new SpecException(
                        source,
                        SpecPaths.DOCUMENT,
                        "cannot read the spec file: it is not UTF-8 text (the first invalid byte is at byte offset "
                                + invalid + ")");
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(source, SpecPaths.DOCUMENT, "cannot read the spec file: it does not exist");
        } catch (AccessDeniedException e) {
            throw new SpecException(source, SpecPaths.DOCUMENT, "cannot read the spec file: permission denied");
        } catch (IOException e) {
            throw new SpecException(source, SpecPaths.DOCUMENT, "cannot read the spec file: " + e);
        }
        return parse(text, source);
    }

    /**
     * The document as a tree (of any shape), or a {@link SpecException} for text that is not exactly one YAML or
     * JSON document.
     */
    static JsonNode tree(String text, String source) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        // JSON is valid YAML, but the JSON parser reports JSON mistakes at the right place and in JSON terms
        boolean json = body.stripLeading().startsWith("{");
        ObjectMapper mapper = json ? JSON : YAML;
        JsonNode root;
        try (JsonParser parser = mapper.createParser(body)) {
            if (!json) {
                refuseAliases(body, source);
            }
            root = mapper.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new SpecException(
                        source,
                        SpecPaths.DOCUMENT,
                        json
                                ? "unexpected text after the end of the JSON object" + at(parser.currentTokenLocation())
                                : "holds more than one YAML document (the second starts"
                                        + at(parser.currentTokenLocation()) + "); a spec is one document");
            }
        } catch (JsonProcessingException e) {
            throw new SpecException(
                    source,
                    SpecPaths.DOCUMENT,
                    (json ? "JSON" : "YAML") + " syntax error" + at(e.getLocation()) + ": "
                            + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SpecException(source, SpecPaths.DOCUMENT, "cannot read the document: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SpecException(
                    source,
                    SpecPaths.DOCUMENT,
                    "the document is empty; a spec is an object with"
                            + " at least version, service, routing and shifting");
        }
        return root;
    }

    /**
     * Refuses a YAML alias ({@code *name}) wherever it stands. Jackson does not expand aliases: it reads one as the
     * text of its anchor's name, so {@code alarms: [*p99]} would watch an alarm named "p99" and pass. Expanding them
     * instead would open the document to alias bombs ("billion laughs"); a spec is short enough to write out. The
     * scan stops at the first alias, so nothing is ever expanded. Anchors alone ({@code &name}) change nothing.
     */
    private static void refuseAliases(String body, String source) throws IOException {
        try (JsonParser parser = YAML.createParser(body)) {
            while (parser.nextToken() != null) {
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    String path = pathOf(parser.getParsingContext());
                    throw new SpecException(
                            source,
                            path.isEmpty() ? SpecPaths.DOCUMENT : path,
                            "is the YAML alias *" + parser.getText()
                                    + "; Cutover does not expand YAML anchors and aliases (it would read the alias"
                                    + " as the anchor's name): write the value out in full");
                }
            }
        }
    }

    /** The field path of the token a parser stands on, as errors name fields: {@code health.alarms[1]}. */
    private static String pathOf(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = pathOf(context.getParent());
        if (context.inArray()) {
            return FieldPath.index(parent, Math.max(0, context.getCurrentIndex()));
        }
        String name = context.getCurrentName();
        return name == null ? parent : FieldPath.field(parent, name);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable document";
        }
        String line = message.strip();
        int end = line.indexOf('\n');
        return withoutParserTypes(end < 0 ? line : line.substring(0, end).strip());
    }

    /**
     * The YAML parser names what it found as one of its own classes ({@code got this instead:
     * <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, ...)>}); a user is told what it is in words.
     */
    private static String withoutParserTypes(String message) {
        return YAML_EVENT.matcher(message).replaceAll(m -> switch (m.group(1)) {
            case "SequenceStart" -> "a list";
            case "MappingStart" -> "a mapping";
            case "Scalar" -> "a plain value";
            case "Alias" -> "an alias";
            default -> "YAML " + m.group(1);
        });
    }
}
