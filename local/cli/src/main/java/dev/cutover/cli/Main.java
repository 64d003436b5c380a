package dev.cutover.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

import dev.cutover.runtime.demo.LocalLogging;

/**
 * The {@code cutover} command line. Exit codes: 0 success, 1 the execution did not succeed, 2 bad usage or bad
 * input (an invalid definition, input or mock config), with the reason on standard error.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line on the process's standard streams; returns the exit code. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // before any logger exists: the handlers log through Log4j, configured for a terminal, not for Lambda
        LocalLogging.configure(java.util.Arrays.asList(args).contains("--verbose") ? "info" : "off");
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine commandLine = new CommandLine(new CutoverCommand());
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }
}
