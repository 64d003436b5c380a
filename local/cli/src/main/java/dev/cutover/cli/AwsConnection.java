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
 * How a command reaches AWS, with the AWS CLI's options: region, profile and endpoint. A picocli mixin of its own
 * for {@code cutover plan --check-gates}; {@link AwsOptions} adds where the stack's workflow and functions are.
 */
class AwsConnection {

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
            description = "Call this endpoint instead of AWS's, for every service the command calls, e.g. "
                    + "`cutover serve`'s http://127.0.0.1:PORT.")
    URI endpointUrl;

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
            throw new AwsOptions.UsageException(
                    "no AWS region: pass --region, set AWS_REGION, or give the profile one");
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

    /** Where the calls go, for messages: the endpoint, or AWS's in the region. */
    String describeEndpoint() {
        return endpointUrl != null ? endpointUrl.toString() : "AWS in " + resolveRegion();
    }
}
