package dev.cutover.tests.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import dev.cutover.cli.Main;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;

/** Runs a demo for an end-to-end test, leaving what it printed in the surefire output for whoever reads a failure. */
final class DemoRuns {

    /** What {@code cutover ...} returned and printed. */
    record Cli(int code, String out, String err) {}

    private DemoRuns() {}

    /** The demo {@code configure} makes of {@code options} (with its progress captured), run to its end. */
    static DemoSummary run(DemoOptions options, Function<DemoOptions, Demo> configure) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        DemoSummary summary = configure
                .apply(options.withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8)))
                .run();
        System.out.println(progress.toString(StandardCharsets.UTF_8));
        System.out.println(summary.render());
        return summary;
    }

    /** {@code cutover args...} in this JVM. */
    static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, utf8(out), utf8(err));
        Cli result = new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println(result.out());
        return result;
    }

    private static PrintStream utf8(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
