package dev.cutover.tests.statemachine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Navigation over an Amazon States Language definition parsed with Jackson: states at every nesting level (Map
 * item processors, Parallel branches), placeholders, error names.
 */
final class Asl {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private Asl() {}

    /** A state with where it sits: {@code Stages/ShiftTraffic} for a state inside the Stages map. */
    record NamedState(String path, String name, JsonNode state) {

        String type() {
            return state.path("Type").asText();
        }
    }

    /** Every state, depth first, top level before the states nested in it. */
    static List<NamedState> allStates(JsonNode definition) {
        List<NamedState> found = new ArrayList<>();
        collect(definition.path("States"), "", found);
        return found;
    }

    private static void collect(JsonNode states, String prefix, List<NamedState> found) {
        states.properties().forEach(e -> {
            String path = prefix + e.getKey();
            found.add(new NamedState(path, e.getKey(), e.getValue()));
            JsonNode processor = e.getValue().has("ItemProcessor")
                    ? e.getValue().path("ItemProcessor")
                    : e.getValue().path("Iterator");
            collect(processor.path("States"), path + "/", found);
            int i = 0;
            for (JsonNode branch : e.getValue().path("Branches")) {
                collect(branch.path("States"), path + "[" + i++ + "]/", found);
            }
        });
    }

    /** Top-level states by name, in file order. */
    static Map<String, JsonNode> topLevel(JsonNode definition) {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        definition.path("States").properties().forEach(e -> states.put(e.getKey(), e.getValue()));
        return states;
    }

    /** The {@code ${Name}} placeholders used anywhere in the text. */
    static Set<String> placeholders(String aslText) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(aslText);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Every name in every Retry and Catch ErrorEquals, with the state it appears in. */
    static Map<String, Set<String>> errorNames(JsonNode definition) {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        for (NamedState s : allStates(definition)) {
            for (String field : List.of("Retry", "Catch")) {
                for (JsonNode rule : s.state().path(field)) {
                    for (JsonNode name : rule.path("ErrorEquals")) {
                        names.computeIfAbsent(name.asText(), k -> new LinkedHashSet<>())
                                .add(s.path());
                    }
                }
            }
        }
        return names;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
