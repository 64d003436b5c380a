package dev.cutover.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.port.SpecSource;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.SpecParser;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * A service's spec from an SSM parameter (String or SecureString). A warm Lambda container reuses the parsed
 * spec for {@link #DEFAULT_TTL} without calling SSM; after that it fetches the parameter again and parses it only
 * when its version changed, so an edited spec is in use within one TTL.
 */
public final class SsmSpecSource implements SpecSource {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private static final long UNKNOWN_VERSION = -1;

    private static final Logger LOG = LoggerFactory.getLogger(SsmSpecSource.class);

    private final SsmClient ssm;
    private final String parameterName;
    private final String source;
    private final Clock clock;
    private final Duration ttl;
    private final BiFunction<String, String, CutoverSpec> parser;

    private Cached cached;

    /** @param parameterName the parameter's name or ARN (handlers pass {@code CUTOVER_SPEC_PARAMETER}) */
    public SsmSpecSource(SsmClient ssm, String parameterName) {
        this(ssm, parameterName, Clock.systemUTC(), DEFAULT_TTL);
    }

    public SsmSpecSource(SsmClient ssm, String parameterName, Clock clock, Duration ttl) {
        this(ssm, parameterName, clock, ttl, SpecParser::parse);
    }

    SsmSpecSource(SsmClient ssm, String parameterName, Clock clock, Duration ttl,
            BiFunction<String, String, CutoverSpec> parser) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        if (parameterName == null || parameterName.isBlank()) {
            throw new IllegalArgumentException("the SSM parameter name of the Cutover spec is empty");
        }
        this.parameterName = parameterName;
        this.source = "ssm:" + parameterName;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public synchronized CutoverSpec load() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
            return cached.spec();
        }
        Parameter parameter = fetch();
        long version = parameter.version() == null ? UNKNOWN_VERSION : parameter.version();
        if (cached != null && version != UNKNOWN_VERSION && cached.version() == version) {
            cached = new Cached(cached.spec(), version, now);
            return cached.spec();
        }
        // a document that fails to parse is not cached: the next load tries again and reports it again
        CutoverSpec spec = parser.apply(parameter.value(), source);
        LOG.info("loaded Cutover spec {} version {}", source, version);
        cached = new Cached(spec, version, now);
        return spec;
    }

    private Parameter fetch() {
        try {
            return ssm.getParameter(r -> r.name(parameterName).withDecryption(true)).parameter();
        } catch (ParameterNotFoundException e) {
            throw new SpecException(source, "(document)", "parameter not found");
        } catch (SdkException e) {
            throw AwsErrors.fault("SSM GetParameter failed for the Cutover spec parameter " + parameterName, e);
        }
    }

    private record Cached(CutoverSpec spec, long version, Instant fetchedAt) {
    }
}
