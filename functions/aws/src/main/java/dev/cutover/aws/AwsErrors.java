package dev.cutover.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;

/** How the adapters describe an SDK failure in a {@code DependencyException}. */
final class AwsErrors {

    private AwsErrors() {}

    /**
     * The AWS error code, HTTP status and AWS's message, e.g. {@code ThrottlingException (HTTP 400): Rate
     * exceeded}; for a failure before any answer (connect refused, timeout) the client-side reason.
     */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details != null && details.errorCode() != null ? details.errorCode() : "unknown error code";
            String message = details != null && details.errorMessage() != null ? ": " + details.errorMessage() : "";
            return code + " (HTTP " + service.statusCode() + ")" + message;
        }
        return "no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }

    /**
     * The core's exception for a failed call: {@link TransientDependencyException} for throttling, 5xx and network
     * failures (Step Functions retries that type by name), {@link DependencyException} for the rest.
     *
     * @param what the call and what it was about, e.g. {@code DynamoDB PutItem LOCK#orders in table t failed};
     *             the AWS error code, HTTP status and message follow it
     */
    static DependencyException fault(String what, SdkException e) {
        String message = what + ": " + describe(e);
        return isTransient(e) ? new TransientDependencyException(message, e) : new DependencyException(message, e);
    }

    /** Throttling, server-side faults and network failures may pass if tried again later; the rest will not. */
    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }
}
