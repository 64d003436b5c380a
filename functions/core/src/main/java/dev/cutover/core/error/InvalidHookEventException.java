package dev.cutover.core.error;

import java.util.List;
import java.util.Optional;

import dev.cutover.core.port.model.HookExecution;

/**
 * A lifecycle hook event that cannot be acted on. The message names every field at fault and what was found in
 * it. When the two ids are usable despite the problem, {@link #reportable()} holds them so the handler can still
 * tell CodeDeploy Failed; otherwise nobody can be told and the handler throws, so the asynchronous invocation
 * lands in the function's on-failure destination.
 */
public final class InvalidHookEventException extends CutoverException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;
    private final transient HookExecution reportable;

    public InvalidHookEventException(String what, List<String> problems, Optional<HookExecution> reportable) {
        super("invalid " + what + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.reportable = reportable.orElse(null);
    }

    /** One entry per problem, each naming its field. */
    public List<String> problems() {
        return problems;
    }

    /** The ids to report Failed for, when they are usable. */
    public Optional<HookExecution> reportable() {
        return Optional.ofNullable(reportable);
    }
}
