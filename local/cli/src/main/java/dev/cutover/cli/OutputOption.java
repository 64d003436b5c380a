package dev.cutover.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}: text for people, JSON (one document on standard output) for machines. */
final class OutputOption {

    enum Format {
        text,
        json
    }

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text (default) or json: the result on standard output; progress always goes to "
                    + "standard error.")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
