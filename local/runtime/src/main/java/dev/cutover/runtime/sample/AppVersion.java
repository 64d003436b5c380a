package dev.cutover.runtime.sample;

import java.util.Locale;

/**
 * The sample service's two releases. v2 adds a nullable {@code note} to orders: a backward-compatible change, so v1
 * keeps working against a database v2 has migrated, and both can serve side by side during a shift.
 */
public enum AppVersion {
    /** Orders have an item and a quantity. */
    V1,
    /** Orders also have an optional note. */
    V2;

    /** {@code v1} or {@code v2}, as the service reports it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this release reads and writes the {@code note} column. */
    public boolean hasNote() {
        return this == V2;
    }

    /**
     * The version {@code label} names ({@code v1} or {@code v2}, any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static AppVersion parse(String label) {
        for (AppVersion version : values()) {
            if (version.label().equalsIgnoreCase(label)) {
                return version;
            }
        }
        throw new IllegalArgumentException("sample app version must be v1 or v2, got '" + label + "'");
    }
}
