package dev.cutover.hook;

import dev.cutover.check.CheckResult;
import dev.cutover.check.Deadline;
import dev.cutover.spec.CutoverSpec;
import java.util.List;

/**
 * What BeforeAllowTraffic does once its own checks (data sync) have all passed. This is the seam where staged
 * shifting plugs in: starting the Step Functions workflow that walks the stages and reports the hook itself. Until
 * that lands, {@link #NONE} adds nothing and the hook reports as usual.
 */
@FunctionalInterface
public interface BeforeAllowTrafficExtension {

    /** Adds no checks. */
    BeforeAllowTrafficExtension NONE = (spec, deadline) -> List.of();

    /**
     * Called only when every earlier BeforeAllowTraffic check passed.
     *
     * @return results to add to the hook's verdict (empty when there is nothing to add)
     */
    List<CheckResult> afterChecksPassed(CutoverSpec spec, Deadline deadline);
}
