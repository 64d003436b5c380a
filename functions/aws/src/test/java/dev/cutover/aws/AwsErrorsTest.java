package dev.cutover.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.TransientDependencyException;

import static org.assertj.core.api.Assertions.assertThat;

/** Step Functions retries by error name, so the exception TYPE an adapter throws is part of the contract. */
class AwsErrorsTest {

    static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage("from AWS")
                        .build())
                .build();
    }

    @Test
    void throttlingIsTransientAndNamesTheCodeAndStatus() {
        DependencyException e = AwsErrors.fault("SNS Publish to t failed", serviceError(400, "ThrottlingException"));

        assertThat(e).isInstanceOf(TransientDependencyException.class);
        assertThat(e).hasMessage("SNS Publish to t failed: ThrottlingException (HTTP 400): from AWS");
    }

    @Test
    void serverFaultsAndNetworkFailuresAreTransient() {
        assertThat(AwsErrors.fault("x", serviceError(503, "ServiceUnavailable")))
                .isInstanceOf(TransientDependencyException.class);
        assertThat(AwsErrors.fault("x", SdkClientException.create("connect refused")))
                .isInstanceOf(TransientDependencyException.class)
                .hasMessageContaining("no answer")
                .hasMessageContaining("connect refused");
    }

    @Test
    void clientErrorsAreNotRetried() {
        DependencyException e = AwsErrors.fault("x", serviceError(400, "ValidationException"));

        assertThat(e).isNotInstanceOf(TransientDependencyException.class);
        assertThat(e.isTransient()).isFalse();
    }
}
