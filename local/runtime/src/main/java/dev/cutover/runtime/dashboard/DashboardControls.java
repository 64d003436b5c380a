package dev.cutover.runtime.dashboard;

/**
 * What the dashboard's buttons do: the only ways the page changes anything, each behind the run's token
 * ({@link DashboardServer#token()}). Each answers a line for the page, or throws {@link IllegalStateException}
 * when there is nothing to act on (the page shows the message, the answer is HTTP 409).
 */
public interface DashboardControls {

    /** Stops the running deployment and rolls it back (CodeDeploy's StopDeployment with auto-rollback). */
    String abort();

    /** Lets the stage waiting for approval go on (as {@code cutover approve}). */
    default String approve() {
        throw new IllegalStateException("no stage is waiting for approval");
    }

    /** Refuses the stage waiting for approval, which rolls the deployment back (as {@code cutover deny}). */
    default String deny() {
        throw new IllegalStateException("no stage is waiting for approval");
    }

    /** Abort, Approve and Deny from three functions. */
    static DashboardControls of(
            java.util.function.Supplier<String> abort,
            java.util.function.Supplier<String> approve,
            java.util.function.Supplier<String> deny) {
        return new DashboardControls() {
            @Override
            public String abort() {
                return abort.get();
            }

            @Override
            public String approve() {
                return approve.get();
            }

            @Override
            public String deny() {
                return deny.get();
            }
        };
    }

    /** A read-only dashboard: every button answers that there is nothing to act on. */
    DashboardControls NONE = () -> {
        throw new IllegalStateException("no deployment is running");
    };
}
