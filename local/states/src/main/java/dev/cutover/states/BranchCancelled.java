package dev.cutover.states;

/** Unwinds a Parallel branch or Map iteration whose sibling failed: the whole state fails with that error. */
final class BranchCancelled extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final BranchCancelled INSTANCE = new BranchCancelled();

    private BranchCancelled() {
        super("branch cancelled", null, false, false);
    }
}
