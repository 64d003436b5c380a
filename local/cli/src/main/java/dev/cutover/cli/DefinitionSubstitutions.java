package dev.cutover.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** {@code --substitution KEY=VALUE}: the {@code ${KEY}} replacements the {@code states} commands apply. */
final class DefinitionSubstitutions {

    @Option(
            names = "--substitution",
            paramLabel = "KEY=VALUE",
            description =
                    "Replace $${KEY} in the definition with VALUE (repeatable), as SAM's DefinitionSubstitutions.")
    Map<String, String> values = new LinkedHashMap<>();
}
