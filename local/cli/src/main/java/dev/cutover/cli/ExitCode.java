package dev.cutover.cli;

import java.util.Locale;

/**
 * The operator commands' exit codes, so that a CI job can gate on them: the same number for the same outcome
 * whichever command reports it.
 */
final class ExitCode {

    /** Promoted, or the command did what it was asked (a deployment in progress is "ok" for status). */
    static final int OK = 0;

    /** Rolled back or failed. */
    static final int FAILED = 1;

    /** Usage error or invalid input (an invalid spec names the file and field); picocli's usage errors too. */
    static final int USAGE = 2;

    /** Aborted (by {@code cutover abort}). */
    static final int ABORTED = 3;

    /** Not found, or refused: no such deployment, nothing waits for approval, AWS refused or is unreachable. */
    static final int NOT_FOUND_OR_REFUSED = 4;

    private ExitCode() {}

    /** The code a ledger status stands for: IN_PROGRESS and PROMOTED 0, ROLLED_BACK and FAILED 1, ABORTED 3. */
    static int ofStatus(String status) {
        return switch (status == null ? "" : status.toUpperCase(Locale.ROOT)) {
            case "IN_PROGRESS", "PROMOTED" -> OK;
            case "ABORTED" -> ABORTED;
            default -> FAILED;
        };
    }

    /** The code of a finished execution when the ledger has no record of it (it failed before opening one). */
    static int ofExecutionStatus(String status) {
        return switch (status) {
            case "SUCCEEDED" -> OK;
            case "ABORTED" -> ABORTED;
            default -> FAILED;
        };
    }
}
