package dev.cutover.core.spec;

/** Where spec errors that concern no single field are reported; field paths come from {@code FieldPath}. */
public final class SpecPaths {

    /** The path of an error about the document as a whole. */
    public static final String DOCUMENT = "(document)";

    private SpecPaths() {}
}
