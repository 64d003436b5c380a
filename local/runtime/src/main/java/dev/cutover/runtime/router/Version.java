package dev.cutover.runtime.router;

import java.util.Locale;

/** The two upstreams a {@link LocalRouter} splits traffic between. */
public enum Version {
    /** The live version. */
    BLUE,
    /** The new version. */
    GREEN;

    /** The value of the {@value LocalRouter#VERSION_HEADER} response header: {@code blue} or {@code green}. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The other upstream. */
    public Version other() {
        return this == BLUE ? GREEN : BLUE;
    }

    /**
     * The version a {@value LocalRouter#VERSION_HEADER} value names.
     *
     * @throws IllegalArgumentException when it is neither {@code blue} nor {@code green}
     */
    public static Version fromHeader(String value) {
        for (Version version : values()) {
            if (version.header().equalsIgnoreCase(value)) {
                return version;
            }
        }
        throw new IllegalArgumentException("version must be blue or green, got '" + value + "'");
    }
}
