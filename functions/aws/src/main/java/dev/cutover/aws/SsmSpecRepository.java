package dev.cutover.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;

/**
 * Specs from SSM Parameter Store (String or SecureString parameters), for the hooks and the deployment workflow
 * alike. A reference is a parameter name (or ARN), optionally pinned to a version with SSM's own
 * {@code name:version} selector; loading returns the version read and a reference pinned to it.
 *
 * <p>Caching: a pinned version never changes, so this container keeps each one it has parsed, and a version read
 * through its unpinned name is not parsed again. With a non-zero {@code latestTtl} (the hooks' wiring, see
 * {@link #DEFAULT_TTL}) a warm container also reuses the latest version of a name for that long without calling
 * SSM, so an edited spec is in use within one TTL; with {@link Duration#ZERO} (the workflow's) every unpinned load
 * asks SSM.
 *
 * <p>A stack's functions may read only the stack's spec parameter (IAM): given that name, any other is refused
 * with a message saying so rather than an AccessDenied from SSM.
 */
public final class SsmSpecRepository implements SpecRepository {

    /** How long the hooks reuse the latest version of their spec parameter. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    /** {@code name:version}: the version is digits after the last colon (a parameter name has no colon). */
    private static final Pattern PINNED = Pattern.compile("(.+):(\\d+)");

    private static final Logger LOG = LoggerFactory.getLogger(SsmSpecRepository.class);

    private final SsmClient ssm;
    private final Optional<String> allowedParameter;
    private final Clock clock;
    private final Duration latestTtl;
    private final BiFunction<String, String, CutoverSpec> parser;
    private final Map<String, VersionedSpec> pinned = new ConcurrentHashMap<>();
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    /**
     * A repository that asks SSM on every unpinned load.
     *
     * @param allowedParameter the only parameter this stack may read (its {@code CUTOVER_SPEC_PARAMETER}); empty
     *                         allows any
     */
    public SsmSpecRepository(SsmClient ssm, Optional<String> allowedParameter) {
        this(ssm, allowedParameter, Clock.systemUTC(), Duration.ZERO);
    }

    /** @param latestTtl how long the latest version of a name is reused without asking SSM; zero: not at all */
    public SsmSpecRepository(SsmClient ssm, Optional<String> allowedParameter, Clock clock, Duration latestTtl) {
        this(ssm, allowedParameter, clock, latestTtl, SpecParser::parse);
    }

    SsmSpecRepository(
            SsmClient ssm,
            Optional<String> allowedParameter,
            Clock clock,
            Duration latestTtl,
            BiFunction<String, String, CutoverSpec> parser) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.allowedParameter = Objects.requireNonNull(allowedParameter, "allowedParameter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.latestTtl = Objects.requireNonNull(latestTtl, "latestTtl");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public VersionedSpec load(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new SpecException("ssm:" + reference, "(document)", "no spec parameter named");
        }
        VersionedSpec cached = pinned.get(reference);
        if (cached != null) {
            return cached;
        }
        Matcher m = PINNED.matcher(reference);
        boolean isPinned = m.matches();
        String name = isPinned ? m.group(1) : reference;
        if (allowedParameter.isPresent() && !allowedParameter.get().equals(name)) {
            throw new SpecException(
                    "ssm:" + name,
                    "(document)",
                    "this stack reads only its own spec parameter "
                            + allowedParameter.get() + " (CUTOVER_SPEC_PARAMETER); deploy " + name
                            + " with the stack built for it");
        }
        Instant now = clock.instant();
        Latest recent = isPinned ? null : latest.get(name);
        if (recent != null && now.isBefore(recent.fetchedAt().plus(latestTtl))) {
            return recent.spec();
        }
        Parameter parameter = fetch(reference, name);
        VersionedSpec loaded = parameter.version() == null
                ? parse(parameter, reference, reference, "unknown")
                : pinned.computeIfAbsent(
                        name + ":" + parameter.version(),
                        p -> parse(parameter, p, name, parameter.version().toString()));
        if (!isPinned && !latestTtl.isZero()) {
            latest.put(name, new Latest(loaded, now));
        }
        return loaded;
    }

    /**
     * Parses a fetched document; one that fails is not cached, so the next load tries again and reports it again.
     * The source named in errors is what the caller knows: the name when it caches the latest version (the hooks),
     * the pinned reference otherwise (the workflow, which records the version).
     */
    private VersionedSpec parse(Parameter parameter, String pinnedReference, String name, String version) {
        String source = "ssm:" + (latestTtl.isZero() ? pinnedReference : name);
        CutoverSpec spec = parser.apply(parameter.value(), source);
        LOG.info("loaded Cutover spec ssm:{}", pinnedReference);
        return new VersionedSpec(spec, version, pinnedReference);
    }

    private Parameter fetch(String reference, String name) {
        try {
            return ssm.getParameter(r -> r.name(reference).withDecryption(true)).parameter();
        } catch (ParameterNotFoundException e) {
            throw new SpecException("ssm:" + name, "(document)", "parameter not found");
        } catch (ParameterVersionNotFoundException e) {
            throw new SpecException("ssm:" + reference, "(document)", "parameter version not found");
        } catch (SdkException e) {
            throw AwsErrors.fault("SSM GetParameter failed for the Cutover spec parameter " + reference, e);
        }
    }

    private record Latest(VersionedSpec spec, Instant fetchedAt) {}
}
