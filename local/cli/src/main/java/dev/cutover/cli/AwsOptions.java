package dev.cutover.cli;

import java.net.URI;

import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Where the operator commands find Cutover: AWS's options as the AWS CLI takes them, and the stack's state machine
 * and functions. A picocli mixin shared by deploy, status, history, abort, approve and deny.
 */
final class AwsOptions {

    /** The state machine's name under {@code cutover serve}. */
    static final String LOCAL_STATE_MACHINE = "cutover-deployment";

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "The AWS region (default: the profile's, " + "AWS_REGION, or us-east-1 with --endpoint-url).")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "A named profile of the AWS config files.")
    String profile;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description = "Call this endpoint instead of AWS's, for Step Functions and Lambda alike, e.g. "
                    + "`cutover serve`'s http://127.0.0.1:PORT.")
    URI endpointUrl;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            defaultValue = "cutover",
            description = "The CloudFormation stack of the service (default cutover): its functions are found by "
                    + "CloudFormation's generated names, <stack>-<Logical>Function-<suffix>.")
    String stack = "cutover";

    @Option(
            names = "--function-prefix",
            paramLabel = "PREFIX",
            description = "Name the functions PREFIX + their logical name (Query, Abort) instead of looking up the "
                    + "stack's; with --endpoint-url the default is no prefix, the names `cutover serve` gives them.")
    String functionPrefix;

    @Option(
            names = "--state-machine-arn",
            paramLabel = "ARN",
            description = "The deployment workflow (the stack's output DeploymentStateMachineArn); default: the one "
                    + "state machine named " + LOCAL_STATE_MACHINE + " or DeploymentStateMachine-*.")
    String stateMachineArn;

    /** The clients, made once per command run; the caller closes them. */
    OperatorApi connect() {
        return new OperatorApi(this);
    }

    Region resolveRegion() {
        if (region != null && !region.isBlank()) {
            return Region.of(region.trim());
        }
        try {
            if (profile != null) {
                Region fromProfile = new AwsProfileRegionProvider(null, profile).getRegion();
                if (fromProfile != null) {
                    return fromProfile;
                }
            }
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            if (endpointUrl != null) {
                return Region.US_EAST_1;
            }
            throw new UsageException("no AWS region: pass --region, set AWS_REGION, or give the profile one");
        }
    }

    AwsCredentialsProvider credentials() {
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile);
        }
        boolean noEnvironmentKeys = System.getenv("AWS_ACCESS_KEY_ID") == null
                && System.getenv("AWS_PROFILE") == null
                && System.getProperty("aws.accessKeyId") == null;
        if (endpointUrl != null && noEnvironmentKeys && isLoopback(endpointUrl)) {
            // `cutover serve` checks no signature; the SDK still signs, so it needs some key
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("cutover-local", "cutover-local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }

    /** A usage problem found after picocli parsed the line: reported like picocli's, exit 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
