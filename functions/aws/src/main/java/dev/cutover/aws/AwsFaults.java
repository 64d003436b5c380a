package dev.cutover.aws;

import dev.cutover.port.DependencyException;
import dev.cutover.port.TransientDependencyException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure into the core's exception: {@link TransientDependencyException} for throttling, 5xx and
 * network failures (Step Functions retries that type by name), {@link DependencyException} for the rest.
 */
final class AwsFaults {

    private AwsFaults() {
    }

    /**
     * @param what the call and the resource it was about, e.g. {@code DynamoDB PutItem LOCK#orders in table
     *             cutover-deployments}; the AWS error code and message follow it
     */
    static DependencyException fault(String what, SdkException e) {
        String message = what + " failed: " + AwsErrors.describe(e);
        return AwsErrors.isTransient(e) ? new TransientDependencyException(message, e)
                : new DependencyException(message, e);
    }
}
