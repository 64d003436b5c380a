package dev.cutover.runtime.api;

import java.util.Objects;

/**
 * An error answered in AWS's own shape: HTTP {@link #status()} (400 unless said otherwise) with the body
 * {@code {"__type": "<type>", "message": "..."}} for the JSON 1.0 protocol of Step Functions, and the
 * {@code X-Amzn-ErrorType} header Lambda's REST-JSON protocol uses. The SDKs and the CLI read the type from either
 * and raise their exception of that name ({@code ExecutionDoesNotExistException} in SDK v2,
 * {@code ExecutionDoesNotExist} in botocore). The message is for people: never a stack trace.
 */
public final class AwsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    public AwsError(String type, String message) {
        this(type, 400, message);
    }

    public AwsError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.status = status;
    }

    /** The error's name, e.g. {@code ExecutionDoesNotExist}. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    static AwsError validation(String message) {
        return new AwsError("ValidationException", message);
    }

    /** A member that must be present is not (AWS's wording for a null required member). */
    static AwsError missing(String member) {
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
