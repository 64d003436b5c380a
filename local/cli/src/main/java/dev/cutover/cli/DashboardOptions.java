package dev.cutover.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

import picocli.CommandLine.Option;

import dev.cutover.runtime.dashboard.DashboardControls;
import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.dashboard.DeploymentFeed;

/** {@code --dashboard} and {@code --dashboard-port}, as {@code demo}, {@code serve} and {@code deploy} take them. */
final class DashboardOptions {

    @Option(
            names = "--dashboard",
            description = "Serve a live dashboard on 127.0.0.1 and print its address and the token its Abort, Approve"
                    + " and Deny buttons need.")
    boolean dashboard;

    @Option(
            names = "--dashboard-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "The dashboard's port on 127.0.0.1; 0 for a free one (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(
            names = "--dashboard-linger",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long the dashboard stays up after the deployment ends, to look at the end (default:"
                    + " ${DEFAULT-VALUE}).")
    int dashboardLinger;

    /**
     * Starts the dashboard over {@code feed} when {@code --dashboard} was given, and prints its address and token
     * on {@code out} (even when the rest is quiet: they are the point of the option).
     *
     * @return the server, or null without {@code --dashboard}
     * @throws IllegalArgumentException for a port out of range; {@link IllegalStateException} when it is taken
     */
    DashboardServer start(DeploymentFeed feed, Supplier<DashboardControls> controls, PrintWriter out) {
        if (!dashboard) {
            return null;
        }
        if (dashboardLinger < 0 || dashboardLinger > 3600) {
            throw new IllegalArgumentException("--dashboard-linger must be 0..3600, got " + dashboardLinger);
        }
        DashboardServer server = DashboardServer.start(feed, dashboardPort, controls);
        out.println("dashboard: " + server.uri() + "  (token for its buttons: " + server.token() + ")");
        out.flush();
        return server;
    }

    /** Keeps the dashboard up for {@code --dashboard-linger} seconds (to look at the end); null: nothing to do. */
    void linger(DashboardServer server, PrintWriter out) {
        if (server == null || dashboardLinger == 0) {
            return;
        }
        out.println("dashboard stays up for " + dashboardLinger + " s at " + server.uri() + " (Ctrl-C to end)");
        out.flush();
        try {
            Thread.sleep(dashboardLinger * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
