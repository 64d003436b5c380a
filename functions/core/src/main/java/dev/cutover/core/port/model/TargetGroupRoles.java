package dev.cutover.core.port.model;

/**
 * Which of a service's two target groups plays which role in one deployment. The roles alternate: CodeDeploy's ECS
 * blue/green puts the replacement task set of one deployment behind the group that was not live, so the green of
 * one deployment is the blue of the next. They are resolved once per deployment (ValidateAndLock, or a hook) and
 * recorded in the plan and the ledger; nothing may assume them from the spec.
 *
 * @param blue  the group that serves production when the deployment starts: the original task set
 * @param green the group of the version being deployed: the replacement task set
 */
public record TargetGroupRoles(String blue, String green) {

    public TargetGroupRoles {
        LockLease.requireText(blue, "blue");
        LockLease.requireText(green, "green");
        if (blue.equals(green)) {
            throw new IllegalArgumentException("blue and green are two target groups, both were " + blue);
        }
    }

    /** The roles of the next deployment after this one promoted: green became live. */
    public TargetGroupRoles swapped() {
        return new TargetGroupRoles(green, blue);
    }

    /** Whether these roles are an assignment of exactly {@code a} and {@code b}. */
    public boolean assigns(String a, String b) {
        return (blue.equals(a) && green.equals(b)) || (blue.equals(b) && green.equals(a));
    }

    @Override
    public String toString() {
        return "blue " + blue + ", green " + green;
    }
}
