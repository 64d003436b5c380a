package dev.cutover.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import dev.cutover.core.error.FunctionMisconfiguredException;

/**
 * The one place SDK clients are made. Each client is built on first use and then reused for the life of the
 * container (Lambda keeps it warm between invocations); all of them share one {@link UrlConnectionHttpClient},
 * the region, the credentials provider and the standard retry strategy (exponential backoff with jitter for
 * throttling, 5xx and I/O errors).
 *
 * <p>Handlers use {@link #fromEnvironment()}; tests and local runs point every client at one endpoint with
 * {@link #forEndpoint(URI, Region, AwsCredentialsProvider)} or {@link #builder()}.
 *
 * <p>Adding a service is one method: {@code public XClient x() { return client(XClient.class, XClient::builder); }}.
 */
public final class AwsClients implements AutoCloseable {

    /** The environment variable Lambda sets to the function's region. */
    public static final String REGION_VARIABLE = "AWS_REGION";

    /** Attempts per call, the first included, before an error reaches the caller. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(15);

    /** A CodeDeploy call's total time bound, retries included ({@link #codeDeploy()}). */
    public static final Duration CODEDEPLOY_CALL_TIMEOUT = CodeDeployHookStatusReporter.MAX_REPORT_TIME;

    /** A CodeDeploy call's time bound per attempt. */
    public static final Duration CODEDEPLOY_ATTEMPT_TIMEOUT = CodeDeployHookStatusReporter.MAX_ATTEMPT_TIME;

    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    private static volatile AwsClients shared;

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final boolean ownsCredentials;
    private final Optional<URI> endpointOverride;
    private final RetryStrategy retryStrategy;
    private final SdkHttpClient httpClient;
    private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();

    private AwsClients(Builder b) {
        this.region = Objects.requireNonNull(b.region, "region");
        this.ownsCredentials = b.credentials == null;
        this.credentials =
                ownsCredentials ? DefaultCredentialsProvider.builder().build() : b.credentials;
        this.endpointOverride = Optional.ofNullable(b.endpointOverride);
        this.retryStrategy = b.retryStrategy();
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(b.connectTimeout)
                .socketTimeout(b.socketTimeout)
                .build();
    }

    /**
     * The container-wide factory, made on first call from the Lambda environment ({@value #REGION_VARIABLE},
     * default credentials chain). Safe to call from any thread.
     *
     * @throws FunctionMisconfiguredException when {@value #REGION_VARIABLE} is not set
     */
    public static AwsClients fromEnvironment() {
        AwsClients result = shared;
        if (result == null) {
            synchronized (AwsClients.class) {
                result = shared;
                if (result == null) {
                    result = fromEnvironment(System::getenv);
                    shared = result;
                }
            }
        }
        return result;
    }

    /** A new factory configured from the given environment lookup; for tests that must not touch the process env. */
    static AwsClients fromEnvironment(Function<String, String> env) {
        String region = env.apply(REGION_VARIABLE);
        if (region == null || region.isBlank()) {
            throw new FunctionMisconfiguredException("environment variable " + REGION_VARIABLE
                    + " is not set: Cutover needs the AWS region its clients call (Lambda sets " + REGION_VARIABLE
                    + "; elsewhere export it, e.g. " + REGION_VARIABLE + "=us-east-1)");
        }
        return builder().region(Region.of(region.trim())).build();
    }

    /** A new factory whose clients all call {@code endpoint} (moto, a wire stub, a local emulator). */
    public static AwsClients forEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * CodeDeploy calls are bounded in all, retries included: {@link #CODEDEPLOY_CALL_TIMEOUT} per call and
     * {@link #CODEDEPLOY_ATTEMPT_TIMEOUT} per attempt, instead of up to {@value #DEFAULT_MAX_ATTEMPTS} attempts of
     * a {@link #DEFAULT_SOCKET_TIMEOUT} socket timeout each. The hook status report bounds itself tighter still, by
     * the invocation's remaining time ({@link CodeDeployHookStatusReporter}).
     */
    public CodeDeployClient codeDeploy() {
        return client(
                CodeDeployClient.class,
                CodeDeployClient::builder,
                o -> o.apiCallTimeout(CODEDEPLOY_CALL_TIMEOUT).apiCallAttemptTimeout(CODEDEPLOY_ATTEMPT_TIMEOUT));
    }

    public EcsClient ecs() {
        return client(EcsClient.class, EcsClient::builder);
    }

    public ElasticLoadBalancingV2Client elbv2() {
        return client(ElasticLoadBalancingV2Client.class, ElasticLoadBalancingV2Client::builder);
    }

    /**
     * Route 53 is a global service: its client signs for {@link Region#AWS_GLOBAL} whatever the function's region
     * (https://docs.aws.amazon.com/general/latest/gr/r53.html).
     */
    public Route53Client route53() {
        return client(Route53Client.class, Route53Client::builder, Region.AWS_GLOBAL, o -> {});
    }

    public CloudWatchClient cloudWatch() {
        return client(CloudWatchClient.class, CloudWatchClient::builder);
    }

    public SsmClient ssm() {
        return client(SsmClient.class, SsmClient::builder);
    }

    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.class, SecretsManagerClient::builder);
    }

    public SfnClient sfn() {
        return client(SfnClient.class, SfnClient::builder);
    }

    public SnsClient sns() {
        return client(SnsClient.class, SnsClient::builder);
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class, DynamoDbClient::builder);
    }

    public Region region() {
        return region;
    }

    /** The retry strategy every client uses. */
    public RetryStrategy retryStrategy() {
        return retryStrategy;
    }

    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            Class<C> type, Supplier<B> newBuilder) {
        return client(type, newBuilder, o -> {});
    }

    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            Class<C> type, Supplier<B> newBuilder, Consumer<ClientOverrideConfiguration.Builder> settings) {
        return client(type, newBuilder, region, settings);
    }

    private <C extends SdkClient, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(
            Class<C> type,
            Supplier<B> newBuilder,
            Region region,
            Consumer<ClientOverrideConfiguration.Builder> settings) {
        // computeIfAbsent runs the build at most once per type, even when handlers share the factory across threads
        return type.cast(clients.computeIfAbsent(type, t -> {
            B builder = newBuilder
                    .get()
                    .region(region)
                    .credentialsProvider(credentials)
                    .httpClient(httpClient)
                    .overrideConfiguration(o -> settings.accept(o.retryStrategy(retryStrategy)));
            endpointOverride.ifPresent(builder::endpointOverride);
            C client = builder.build();
            LOG.debug(
                    "created {} for {}{}",
                    type.getSimpleName(),
                    region,
                    endpointOverride.map(e -> " at " + e).orElse(""));
            return client;
        }));
    }

    /**
     * Closes the clients made so far, the shared HTTP client and the default credentials provider if this factory
     * made it. The container-wide factory is never closed.
     */
    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
        httpClient.close();
        if (ownsCredentials && credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the default credentials provider failed", e);
            }
        }
    }

    /** Settings for a factory; every one has a production default except the region. */
    public static final class Builder {

        private Region region;
        private AwsCredentialsProvider credentials;
        private URI endpointOverride;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private BackoffStrategy backoff;
        private BackoffStrategy throttlingBackoff;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;

        private Builder() {}

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** Defaults to the SDK's default chain (in Lambda: the function role's credentials from the env). */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        /** Attempts per call, the first included; 1 disables retries. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Exponential backoff with full jitter between {@code baseDelay} and {@code maxDelay}, for throttling and
         * other retryable errors alike. Without it the SDK's standard delays apply (longer for throttling).
         */
        public Builder backoff(Duration baseDelay, Duration maxDelay) {
            this.backoff = BackoffStrategy.exponentialDelay(baseDelay, maxDelay);
            this.throttlingBackoff = this.backoff;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout");
            return this;
        }

        public AwsClients build() {
            if (region == null) {
                throw new IllegalStateException(
                        "AwsClients needs a region (from " + REGION_VARIABLE + " in Lambda, or Builder.region)");
            }
            return new AwsClients(this);
        }

        private RetryStrategy retryStrategy() {
            // AWS's standard strategy already knows the AWS throttling error codes and the retryable 5xx/IO errors
            StandardRetryStrategy.Builder strategy =
                    AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts);
            if (backoff != null) {
                strategy.backoffStrategy(backoff).throttlingBackoffStrategy(throttlingBackoff);
            }
            return strategy.build();
        }
    }
}
