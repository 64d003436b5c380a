package dev.cutover.runtime.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.cutover.runtime.sample.Variant;

/** What goes wrong with green in a demo run, and what the system should decide. */
public enum Scenario {
    /** Green is fine: promoted to 100%. */
    HEALTHY("healthy", Variant.healthy(), false, true),
    /** Green answers 500 to one order request in ten: the 5xx alarm (or gate) rolls back. */
    FAULTY_5XX("faulty-5xx", Variant.faulty5xx(Variant.DEFAULT_FAIL_EVERY), false, false),
    /** Green adds 400 ms to every order request: the p99 latency alarm (or gate) rolls back. */
    SLOW("slow", Variant.slow(Variant.DEFAULT_DELAY), false, false),
    /** Green's /health says DOWN: the test-listener smoke test fails, no production traffic reaches green. */
    SMOKE_FAIL("smoke-fail", Variant.smokeFail(), false, false),
    /** Green ships a destructive "expand" migration: BeforeInstall's guard refuses it, green never starts. */
    BAD_MIGRATION("bad-migration", Variant.healthy(), true, false),
    /**
     * Blue works 20 ms per order request, green 23 ms (15% slower), both far under the 250 ms p99 gate: the
     * threshold judge promotes it, the statistical judge ({@code --judge statistical}) sees it and rolls back.
     */
    SUBTLE_REGRESSION(
            "subtle-regression",
            Variant.steady(Duration.ofMillis(23)),
            Variant.steady(Variant.DEFAULT_WORK),
            false,
            false);

    private final String label;
    private final Variant variant;
    private final Variant blueVariant;
    private final boolean badMigration;
    private final boolean promotes;

    Scenario(String label, Variant variant, boolean badMigration, boolean promotes) {
        this(label, variant, Variant.healthy(), badMigration, promotes);
    }

    Scenario(String label, Variant variant, Variant blueVariant, boolean badMigration, boolean promotes) {
        this.label = label;
        this.variant = variant;
        this.blueVariant = blueVariant;
        this.badMigration = badMigration;
        this.promotes = promotes;
    }

    /** The name on the command line, e.g. {@code faulty-5xx}. */
    public String label() {
        return label;
    }

    /** How green's app misbehaves. */
    public Variant variant() {
        return variant;
    }

    /** How blue's app (the live version, v1) behaves: healthy, or with some work per request to compare with. */
    public Variant blueVariant() {
        return blueVariant;
    }

    /** Whether green's migrations include the destructive V3. */
    public boolean badMigration() {
        return badMigration;
    }

    /**
     * Whether a correct system promotes green in this scenario ({@code subtle-regression}: no, though the threshold
     * judge does; the scenario shows what it misses).
     */
    public boolean promotes() {
        return promotes;
    }

    /** @throws IllegalArgumentException naming the scenarios */
    public static Scenario parse(String label) {
        for (Scenario s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "'; the scenarios are " + labels());
    }

    /** {@code healthy, faulty-5xx, ...}. */
    public static String labels() {
        return Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
