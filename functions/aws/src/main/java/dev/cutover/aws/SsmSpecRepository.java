package dev.cutover.aws;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.SpecParser;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * The deployment workflow's specs from SSM Parameter Store. A reference is a parameter name (or ARN), optionally
 * pinned to a version with SSM's own {@code name:version} selector; loading returns the version read and a
 * reference pinned to it. A pinned version never changes, so this container keeps each one it has parsed.
 *
 * <p>A stack's functions may read only the stack's spec parameter (IAM): given that name, any other is refused
 * with a message saying so rather than an AccessDenied from SSM.
 */
public final class SsmSpecRepository implements SpecRepository {

    /** {@code name:version}: the version is digits after the last colon (a parameter name has no colon). */
    private static final Pattern PINNED = Pattern.compile("(.+):(\\d+)");

    private static final Logger LOG = LoggerFactory.getLogger(SsmSpecRepository.class);

    private final SsmClient ssm;
    private final Optional<String> allowedParameter;
    private final Map<String, VersionedSpec> pinned = new ConcurrentHashMap<>();

    /**
     * @param allowedParameter the only parameter this stack may read (its {@code CUTOVER_SPEC_PARAMETER}); empty
     *                         allows any
     */
    public SsmSpecRepository(SsmClient ssm, Optional<String> allowedParameter) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
        this.allowedParameter = Objects.requireNonNull(allowedParameter, "allowedParameter");
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
        String name = m.matches() ? m.group(1) : reference;
        if (allowedParameter.isPresent() && !allowedParameter.get().equals(name)) {
            throw new SpecException("ssm:" + name, "(document)", "this stack reads only its own spec parameter "
                    + allowedParameter.get() + " (CUTOVER_SPEC_PARAMETER); deploy " + name
                    + " with the stack built for it");
        }
        Parameter parameter = fetch(reference, name);
        String version = parameter.version() == null ? "unknown" : parameter.version().toString();
        String pinnedReference = parameter.version() == null ? reference : name + ":" + version;
        CutoverSpec spec = SpecParser.parse(parameter.value(), "ssm:" + pinnedReference);
        VersionedSpec loaded = new VersionedSpec(spec, version, pinnedReference);
        if (parameter.version() != null) {
            pinned.put(pinnedReference, loaded);
        }
        LOG.info("loaded Cutover spec ssm:{}", pinnedReference);
        return loaded;
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
}
