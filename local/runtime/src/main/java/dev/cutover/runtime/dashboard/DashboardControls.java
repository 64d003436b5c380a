package dev.cutover.runtime.dashboard;

/**
 * What the dashboard's buttons do: the only ways the page changes anything, each behind the run's token
 * ({@link DashboardServer#token()}). Each answers a line for the page, or throws {@link IllegalStateException}
 * when there is nothing to act on (the page shows the message, the answer is HTTP 409).
 */
public interface DashboardControls {

    /** Stops the running deployment and rolls it back (CodeDeploy's StopDeployment with auto-rollback). */
    String abort();

    /** Lets a stage waiting for approval go on. No stage waits for approval yet: a placeholder. */
    default String approve() {
        throw new IllegalStateException("no stage is waiting for approval");
    }

    /** Refuses a stage waiting for approval, which rolls the deployment back. A placeholder, as {@link #approve}. */
    default String deny() {
        throw new IllegalStateException("no stage is waiting for approval");
    }

    /** A read-only dashboard: every button answers that there is nothing to act on. */
    DashboardControls NONE = () -> {
        throw new IllegalStateException("no deployment is running");
    };
}
