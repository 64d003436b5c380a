package dev.cutover.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What the operator commands share: the AWS options, {@code --output}, and one mapping of failures to exit codes
 * (usage 2; not found, refused or unreachable 4), each with a one-line reason on standard error.
 */
abstract class OperatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOption output;

    /** The command itself, over connected clients; returns the exit code. */
    abstract int run(OperatorApi api);

    /** Checks that need no AWS call, before connecting; returns an exit code to stop with, or -1 to go on. */
    int precheck() {
        return -1;
    }

    @Override
    public final Integer call() {
        try {
            int early = precheck();
            if (early >= 0) {
                return early;
            }
            try (OperatorApi api = aws.connect()) {
                return run(api);
            }
        } catch (AwsOptions.UsageException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        } catch (OperatorApi.NotFoundException e) {
            return fail(ExitCode.NOT_FOUND_OR_REFUSED, e.getMessage());
        } catch (OperatorApi.FunctionFailedException e) {
            return fail(ExitCode.NOT_FOUND_OR_REFUSED, e.getMessage());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            return fail(ExitCode.NOT_FOUND_OR_REFUSED, "AWS refused: " + code + message);
        } catch (SdkException e) {
            return fail(ExitCode.NOT_FOUND_OR_REFUSED, "cannot reach AWS: " + e.getMessage());
        }
    }

    /** Prints {@code message} as {@code cutover <command>: message} on standard error; returns {@code code}. */
    int fail(int code, String message) {
        err().println("cutover " + spec.name() + ": " + message);
        return code;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Writes {@code value} as indented JSON on standard output. */
    void printJson(Object value) {
        try {
            out().println(OperatorApi.JSON
                    .writer(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + e.getMessage(), e);
        }
    }
}
