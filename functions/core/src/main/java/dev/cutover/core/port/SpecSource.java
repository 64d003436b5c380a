package dev.cutover.core.port;

import dev.cutover.core.spec.CutoverSpec;
import dev.cutover.core.error.SpecException;

/** Where a service's spec comes from: SSM Parameter Store on AWS, a file locally. */
public interface SpecSource {

    /**
     * @return the parsed, validated spec
     * @throws SpecException when the document is missing or invalid (names the source and every field at fault)
     */
    CutoverSpec load();
}
