package dev.cutover.core.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.port.SpecRepository;
import dev.cutover.core.port.SpecRepository.VersionedSpec;
import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.spec.SpecParser;

/**
 * Resolves where a deployment's spec is ({@link SpecReference}) to the spec and its version: a parameter through
 * the {@link SpecRepository} port, an inline document by parsing it here. Every task loads its spec through this,
 * once per invocation, so an inline spec is bounded, parsed and hashed the same way everywhere.
 */
public final class SpecResolver {

    /**
     * An inline spec travels in the execution input and again in the plan of every state (Step Functions' limit is
     * 256 KB per state), so it is kept well under a quarter of that; larger specs belong in SSM.
     */
    public static final int MAX_INLINE_SPEC_BYTES = 64 * 1024;

    /** Source name of an inline spec in error messages; its field paths are prefixed {@code spec.}. */
    public static final String INLINE_SOURCE = "input.spec";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SpecRepository specs;

    public SpecResolver(SpecRepository specs) {
        this.specs = Objects.requireNonNull(specs, "specs");
    }

    /**
     * The spec a plan names (its pinned parameter version, or its inline document), its routing resolved to the
     * plan's target group roles: the one place later tasks learn which group is blue in this deployment.
     *
     * @throws InvalidWorkflowInputException when the plan's roles are not the spec's two target groups
     */
    public CutoverSpec specOf(DeploymentPlan plan) {
        CutoverSpec spec = resolve(plan.spec()).spec();
        if (!spec.routing().fits(plan.roles())) {
            throw new InvalidWorkflowInputException(
                    "deployment plan",
                    "targetGroups",
                    "names " + plan.roles() + ", but the spec's routing.targetGroupArns are "
                            + spec.routing().targetGroupArns());
        }
        return spec.withRouting(spec.routing().withRoles(plan.roles()));
    }

    /**
     * Loads a spec reference: a parameter through the repository; an inline document by parsing it, with errors at
     * {@code spec.}-prefixed paths and the source {@value #INLINE_SOURCE}, versioned by the start of its SHA-256.
     *
     * @throws SpecException                 when the spec is missing or invalid
     * @throws InvalidWorkflowInputException when an inline spec is larger than {@value #MAX_INLINE_SPEC_BYTES} bytes
     */
    /**
     * The topic the plan's spec names for its people ({@code notifications.topicArn}); none when it names none or the
     * spec cannot be read (logged: the stack's topic still hears, so a notification is never lost for it).
     */
    public Optional<String> topicOf(DeploymentPlan plan) {
        try {
            return specOf(plan).notifications().topicArn();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(SpecResolver.class)
                    .warn(
                            "deployment {}: the spec cannot be read for its topic: {}",
                            plan.deploymentId(),
                            e.toString());
            return Optional.empty();
        }
    }

    public VersionedSpec resolve(SpecReference reference) {
        if (reference instanceof SpecReference.Parameter p) {
            return specs.load(p.name());
        }
        String text = toJson((SpecReference.Inline) reference);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INLINE_SPEC_BYTES) {
            throw new InvalidWorkflowInputException(
                    "workflow execution input",
                    "spec",
                    "is " + bytes + " bytes as "
                            + "JSON; an inline spec may have at most " + MAX_INLINE_SPEC_BYTES
                            + " because every state carries "
                            + "it (Step Functions allows 256 KB): put it in SSM and pass specParameter");
        }
        CutoverSpec spec;
        try {
            spec = SpecParser.parse(text, INLINE_SOURCE);
        } catch (SpecException e) {
            throw new SpecException(
                    INLINE_SOURCE,
                    e.errors().stream()
                            .map(err -> new FieldError(inlinePath(err.path()), err.reason()))
                            .toList());
        }
        return new VersionedSpec(spec, "sha256:" + sha256(text).substring(0, 16), INLINE_SOURCE);
    }

    private static String toJson(SpecReference.Inline inline) {
        try {
            return JSON.writeValueAsString(inline.document());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static String inlinePath(String path) {
        if (path == null || path.isEmpty() || path.equals("(document)")) {
            return "spec";
        }
        return path.startsWith("[") ? "spec" + path : "spec." + path;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
