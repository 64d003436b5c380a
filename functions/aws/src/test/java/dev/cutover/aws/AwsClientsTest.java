package dev.cutover.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import dev.cutover.core.error.FunctionMisconfiguredException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsClientsTest {

    @Test
    void aMissingRegionNamesAwsRegion() {
        assertThatThrownBy(() -> AwsClients.fromEnvironment(name -> null))
                .isInstanceOf(FunctionMisconfiguredException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void aBlankRegionNamesAwsRegion() {
        assertThatThrownBy(() -> AwsClients.fromEnvironment(Map.of("AWS_REGION", " ")::get))
                .isInstanceOf(FunctionMisconfiguredException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void takesTheRegionFromAwsRegion() {
        try (AwsClients clients = AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")::get)) {
            assertThat(clients.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(clients.ssm().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void buildsEachClientOnceAndSharesIt() throws Exception {
        try (AwsClients clients = local()) {
            List<SsmClient> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return seen.add(clients.ssm());
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(seen).hasSize(8).allSatisfy(c -> assertThat(c).isSameAs(seen.get(0)));
            assertThat(clients.codeDeploy()).isSameAs(clients.codeDeploy());
            assertThat(clients.elbv2()).isSameAs(clients.elbv2());
            assertThat(clients.cloudWatch()).isSameAs(clients.cloudWatch());
            assertThat(clients.secretsManager()).isSameAs(clients.secretsManager());
        }
    }

    @Test
    void everyClientUsesTheEndpointAndTheStandardRetryStrategyWithFiveAttempts() {
        try (AwsClients clients = local()) {
            assertThat(clients.retryStrategy().maxAttempts()).isEqualTo(5);
            for (var config : List.of(
                    clients.codeDeploy().serviceClientConfiguration(),
                    clients.elbv2().serviceClientConfiguration(),
                    clients.cloudWatch().serviceClientConfiguration(),
                    clients.ssm().serviceClientConfiguration(),
                    clients.secretsManager().serviceClientConfiguration())) {
                assertThat(config.endpointOverride()).contains(URI.create("http://127.0.0.1:9"));
                assertThat(config.region()).isEqualTo(Region.US_EAST_1);
                assertThat(config.overrideConfiguration().retryStrategy())
                        .hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(5));
            }
        }
    }

    @Test
    void refusesFewerThanOneAttempt() {
        assertThatThrownBy(() -> AwsClients.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
    }

    private static AwsClients local() {
        return AwsClients.forEndpoint(
                URI.create("http://127.0.0.1:9"),
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }
}
