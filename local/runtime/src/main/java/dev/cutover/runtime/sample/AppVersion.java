package dev.cutover.runtime.sample;

/**
 * A release of the sample service, numbered from 1. From v2 on orders have a nullable {@code note}: a
 * backward-compatible change, so v1 keeps working against a database v2 has migrated, and both can serve side by side
 * during a shift. Later releases (v3, v4, ... from {@code cutover demo --deployments N}) keep v2's schema and differ in
 * their number, which each response carries, so every request can be told apart by the release that served it.
 *
 * @param number 1 or more
 */
public record AppVersion(int number) {

    /** Orders have an item and a quantity. */
    public static final AppVersion V1 = new AppVersion(1);

    /** Orders also have an optional note. */
    public static final AppVersion V2 = new AppVersion(2);

    public AppVersion {
        if (number < 1) {
            throw new IllegalArgumentException("sample app versions are numbered from 1, got " + number);
        }
    }

    /** {@code v1}, {@code v2}, ...: as the service reports it. */
    public String label() {
        return "v" + number;
    }

    /** Whether this release reads and writes the {@code note} column (v2 and later). */
    public boolean hasNote() {
        return number >= 2;
    }

    /** The release after this one. */
    public AppVersion next() {
        return new AppVersion(number + 1);
    }

    /**
     * The version {@code label} names ({@code v1}, {@code v2}, ..., any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static AppVersion parse(String label) {
        if (label != null && label.length() > 1 && Character.toLowerCase(label.charAt(0)) == 'v') {
            try {
                return new AppVersion(Integer.parseInt(label.substring(1)));
            } catch (IllegalArgumentException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException(
                "sample app version must be v1, v2, ... (v and a number from 1), got '" + label + "'");
    }

    @Override
    public String toString() {
        return label();
    }
}
