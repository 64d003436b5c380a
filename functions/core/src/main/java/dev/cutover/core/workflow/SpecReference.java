package dev.cutover.core.workflow;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a deployment's spec is: a parameter (SSM Parameter Store on AWS; pinned to one version once
 * ValidateAndLock has read it) or the document itself, given inline in the execution input.
 */
public sealed interface SpecReference {

    /** For messages: {@code parameter /cutover/orders/spec:7} or {@code the inline spec}. */
    String describe();

    /**
     * @param name a parameter name, optionally with a {@code :version} selector
     */
    record Parameter(String name) implements SpecReference {

        public Parameter {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "parameter " + name;
        }
    }

    /**
     * @param document the spec object as given in the execution input (copied: trees are mutable)
     */
    record Inline(JsonNode document) implements SpecReference {

        public Inline {
            Objects.requireNonNull(document, "document");
            document = document.deepCopy();
        }

        @Override
        public JsonNode document() {
            return document.deepCopy();
        }

        @Override
        public String describe() {
            return "the inline spec";
        }
    }
}
