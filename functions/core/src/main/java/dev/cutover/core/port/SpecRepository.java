package dev.cutover.core.port;

import java.util.Objects;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.SpecException;
import dev.cutover.core.spec.CutoverSpec;

/**
 * Specs by reference, for the hooks (which load their configured parameter on every run) and the deployment
 * workflow: every task after ValidateAndLock must read exactly the spec
 * ValidateAndLock validated, even if the document is edited mid-deployment. A reference is a parameter name (SSM
 * Parameter Store on AWS), optionally pinned to one version with the {@code name:version} selector SSM itself
 * understands; loading returns a reference pinned to the version read, which later loads repeat.
 */
@FunctionalInterface
public interface SpecRepository {

    /**
     * Loads, parses and validates the spec a reference names.
     *
     * @param reference a parameter name such as {@code /cutover/orders/spec}, or one pinned to a version,
     *                  {@code /cutover/orders/spec:7}
     * @return the spec with the version read and a reference pinned to it
     * @throws SpecException       when the document is missing or invalid (names the source and every field at fault)
     * @throws DependencyException when the store cannot be reached
     */
    VersionedSpec load(String reference);

    /**
     * A spec as read at one version.
     *
     * @param spec            the parsed, validated spec
     * @param version         the version read, e.g. {@code 7} (the ledger records it)
     * @param pinnedReference a reference that loads this same version again, e.g. {@code /cutover/orders/spec:7}
     */
    record VersionedSpec(CutoverSpec spec, String version, String pinnedReference) {

        public VersionedSpec {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(pinnedReference, "pinnedReference");
        }
    }
}
