package dev.cutover.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.HealthGates;
import dev.cutover.core.spec.Notifications;
import dev.cutover.core.spec.RollbackPolicy;
import dev.cutover.core.spec.Routing;
import dev.cutover.core.spec.Shifting;
import dev.cutover.core.spec.SmokeTests;
import dev.cutover.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link SsmSpecRepository} as the hooks use it: the latest version of their parameter, reused within a TTL (these
 * were the tests of the separate hook adapter, SsmSpecSource, before the two SSM adapters became one).
 */
class SsmSpecRepositoryLatestTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final String NAME = "/cutover/orders/spec";

    static final String SPEC_YAML = """
            version: 1
            service: orders
            routing:
              productionListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/fedcba9876543210
              testListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/0a1b2c3d4e5f6a7b
              targetGroupArns: [arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/0123456789abcdef, arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210]
              productionUrl: https://orders.example.com
              testUrl: https://orders.example.com:8443
            shifting:
              stages:
                - { percent: 10, bakeSeconds: 60 }
                - { percent: 100, bakeSeconds: 0 }
            """;

    private AwsClients clients;
    private CountingSsmClient ssm;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        clients = MOTO.clients();
        ssm = new CountingSsmClient(clients.ssm());
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void parsesTheSpecStoredAsASecureString() {
        put(SPEC_YAML, ParameterType.SECURE_STRING, false);
        SsmSpecRepository source =
                new SsmSpecRepository(clients.ssm(), Optional.of(NAME), clock, SsmSpecRepository.DEFAULT_TTL);

        CutoverSpec spec;
        try {
            spec = latest(source);
        } catch (UnsupportedOperationException notYet) {
            // SpecParser is written on another branch; once merged this test runs in full
            Assumptions.abort("SpecParser is still the stub on this branch: " + notYet.getMessage());
            return;
        }

        assertThat(spec.version()).isEqualTo(1);
        assertThat(spec.service()).isEqualTo("orders");
        assertThat(spec.routing().targetGroupArns())
                .last()
                .isEqualTo(
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210");
        assertThat(spec.routing().testUrl()).isEqualTo(URI.create("https://orders.example.com:8443"));
        assertThat(spec.shifting().stages())
                .containsExactly(
                        new Shifting.Stage(10, Duration.ofSeconds(60)), new Shifting.Stage(100, Duration.ZERO));
    }

    @Test
    void handsTheParserTheDecryptedTextAndTheSsmSource() {
        put(SPEC_YAML, ParameterType.SECURE_STRING, false);
        List<String> sources = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        SsmSpecRepository source =
                new SsmSpecRepository(ssm, Optional.of(NAME), clock, Duration.ofSeconds(60), (text, from) -> {
                    texts.add(text);
                    sources.add(from);
                    return specFor(text);
                });

        latest(source);

        assertThat(texts).containsExactly(SPEC_YAML);
        assertThat(sources).containsExactly("ssm:" + NAME);
    }

    @Test
    void aMissingParameterIsASpecErrorNamingIt() {
        SsmSpecRepository source =
                new SsmSpecRepository(clients.ssm(), Optional.empty(), clock, SsmSpecRepository.DEFAULT_TTL);

        SpecException e = catchThrowableOfType(SpecException.class, () -> source.load("/cutover/nobody/spec"));

        assertThat(e.source()).isEqualTo("ssm:/cutover/nobody/spec");
        assertThat(e.errors()).containsExactly(new FieldError("(document)", "parameter not found"));
    }

    @Test
    void otherSsmFailuresAreDependencyErrors() throws IOException {
        try (RecordingHttpStub stub = RecordingHttpStub.start();
                AwsClients stubbed = AwsClients.forEndpoint(
                        stub.endpoint(), MotoServerExtension.REGION, MotoServerExtension.CREDENTIALS)) {
            stub.respond(RecordingHttpStub.Response.awsError(
                    400, "AccessDeniedException", "not authorized to perform ssm:GetParameter"));
            SsmSpecRepository source =
                    new SsmSpecRepository(stubbed.ssm(), Optional.of(NAME), clock, SsmSpecRepository.DEFAULT_TTL);

            DependencyException e = catchThrowableOfType(DependencyException.class, () -> latest(source));

            assertThat(e.getMessage()).contains("SSM GetParameter", NAME, "AccessDeniedException");
            assertThat(e.isTransient()).isFalse();
            assertThat(stub.requests()).hasSize(1);
        }
    }

    @Test
    void warmLoadsReuseTheSpecUntilTheTtlThenPickUpANewVersion() {
        put(SPEC_YAML, ParameterType.STRING, false);
        AtomicInteger parses = new AtomicInteger();
        BiFunction<String, String, CutoverSpec> parser = (text, from) -> {
            parses.incrementAndGet();
            return specFor(text);
        };
        SsmSpecRepository source = new SsmSpecRepository(ssm, Optional.of(NAME), clock, Duration.ofSeconds(60), parser);

        CutoverSpec first = latest(source);
        assertThat(first.service()).isEqualTo("orders");
        assertThat(ssm.fetches()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(59));
        assertThat(latest(source)).isSameAs(first);
        assertThat(ssm.fetches()).as("within the TTL SSM is not asked").isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        assertThat(latest(source)).isSameAs(first);
        assertThat(ssm.fetches()).as("after the TTL SSM is asked again").isEqualTo(2);
        assertThat(parses.get()).as("an unchanged version is not parsed again").isEqualTo(1);

        put(SPEC_YAML.replace("service: orders", "service: orders-v2"), ParameterType.STRING, true);
        assertThat(latest(source)).as("the new version waits for the TTL").isSameAs(first);
        assertThat(ssm.fetches()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(60));
        CutoverSpec second = latest(source);
        assertThat(second.service()).isEqualTo("orders-v2");
        assertThat(ssm.fetches()).isEqualTo(3);
        assertThat(parses.get()).isEqualTo(2);
    }

    @Test
    void aDocumentThatFailsToParseIsNotCached() {
        put("service: [", ParameterType.STRING, false);
        AtomicInteger parses = new AtomicInteger();
        SsmSpecRepository source =
                new SsmSpecRepository(ssm, Optional.of(NAME), clock, Duration.ofSeconds(60), (text, from) -> {
                    parses.incrementAndGet();
                    throw new SpecException(from, "service", "broken");
                });

        catchThrowableOfType(SpecException.class, () -> latest(source));
        SpecException again = catchThrowableOfType(SpecException.class, () -> latest(source));

        assertThat(again.source()).isEqualTo("ssm:" + NAME);
        assertThat(parses.get()).isEqualTo(2);
    }

    /** What a hook does: load the latest version of its parameter. */
    private static CutoverSpec latest(SsmSpecRepository repository) {
        return repository.load(NAME).spec();
    }

    private void put(String value, ParameterType type, boolean overwrite) {
        clients.ssm().putParameter(r -> r.name(NAME).value(value).type(type).overwrite(overwrite));
    }

    /** A spec that only carries the service name read from the text: enough to tell versions apart. */
    private static CutoverSpec specFor(String text) {
        Matcher m = Pattern.compile("(?m)^service: (\\S+)$").matcher(text);
        String service = m.find() ? m.group(1) : "?";
        Routing routing = Routing.resolved(
                "listener",
                Optional.empty(),
                "test-listener",
                "blue",
                "green",
                URI.create("https://prod.example.com"),
                URI.create("https://test.example.com"),
                1,
                Duration.ZERO);
        Shifting shifting = new Shifting(
                Shifting.Mode.STAGED,
                List.of(new Shifting.Stage(100, Duration.ZERO)),
                Shifting.DEFAULT_HOOK_WINDOW,
                Shifting.DEFAULT_SAFETY_MARGIN);
        return new CutoverSpec(
                1,
                service,
                routing,
                shifting,
                new HealthGates(List.of(), List.of()),
                SmokeTests.none(),
                Optional.empty(),
                Optional.empty(),
                Notifications.none(),
                RollbackPolicy.immediate());
    }

    /** Counts GetParameter calls that reach SSM. */
    private static final class CountingSsmClient implements SsmClient {
        private final SsmClient delegate;
        private final AtomicInteger fetches = new AtomicInteger();

        CountingSsmClient(SsmClient delegate) {
            this.delegate = delegate;
        }

        int fetches() {
            return fetches.get();
        }

        @Override
        public GetParameterResponse getParameter(GetParameterRequest request) {
            fetches.incrementAndGet();
            return delegate.getParameter(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
            // the factory owns the delegate
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
