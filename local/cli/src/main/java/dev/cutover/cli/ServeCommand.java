package dev.cutover.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.cutover.core.error.DemoException;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.demo.DemoSpec;
import dev.cutover.runtime.serve.ServeWorld;

/**
 * {@code cutover serve}: the local runtime kept up behind AWS's own APIs on 127.0.0.1, so the AWS CLI and SDKs
 * drive it with {@code --endpoint-url}. Stays up until interrupted (Ctrl-C), then stops everything it started.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Keep the local runtime up and serve the Step Functions API and Lambda's Invoke on 127.0.0.1, in AWS's"
                    + " own protocols, so `aws stepfunctions ... --endpoint-url` and the AWS SDKs work unchanged.",
            "",
            "The world is the demo's: embedded PostgreSQL, blue (v1) taking production traffic, green (v2) installed"
                    + " behind the test listener, the router, local alarms and a load generator. The deployment"
                    + " workflow (statemachine/deployment.asl.json) is registered as cutover-deployment; an execution"
                    + " of it deploys the demo's spec, stored where the handlers read it. Any credentials do; the"
                    + " region in ARNs is us-east-1.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped (Ctrl-C)",
            "1:the local runtime failed to start (the reason, naming the component, on standard error)",
            "2:invalid usage"
        })
public final class ServeCommand implements Callable<Integer> {

    /** The default port: fixed, so a shell session's commands keep working across restarts. */
    static final int DEFAULT_PORT = 4583;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_PORT,
            description = "The API's port on 127.0.0.1; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--rps",
            paramLabel = "N",
            defaultValue = "100",
            description = "Requests per second on the production listener, so the health gates have traffic to"
                    + " judge (default: ${DEFAULT-VALUE}).")
    int rps;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "16",
            description = "Most requests outstanding at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--bake",
            paramLabel = "SECONDS",
            split = ",",
            defaultValue = "6,6,4",
            description = "Bake time of the spec's 10%%, 50%% and 100%% stages (default: ${DEFAULT-VALUE}).")
    List<Integer> bakes;

    @Mixin
    DashboardOptions dashboard = new DashboardOptions();

    @Option(names = "--verbose", description = "Also print the handlers' and libraries' logs on standard error.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServeWorld.Options options;
        try {
            options = new ServeWorld.Options(
                    port,
                    rps,
                    concurrency,
                    bakes.stream().map(Duration::ofSeconds).toList(),
                    line -> {
                        synchronized (out) {
                            out.println(LocalTime.now().format(TIME) + "  " + line);
                            out.flush();
                        }
                    });
        } catch (IllegalArgumentException e) {
            err.println("cutover serve: " + e.getMessage());
            return 2;
        }
        ServeWorld world;
        try {
            world = ServeWorld.start(options);
        } catch (DemoException e) {
            err.println("cutover serve: " + e.getMessage());
            return 1;
        }
        DashboardServer page;
        try {
            page = dashboard.start(world.feed(), world::controls, out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            world.close();
            err.println("cutover serve: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread cleanup = new Thread(
                () -> {
                    closeQuietly(page);
                    world.close();
                    stopped.countDown();
                },
                "serve-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        synchronized (out) {
            out.print(banner(world));
            out.flush();
        }
        boolean interrupted = false;
        try {
            // until Ctrl-C: the shutdown hook closes the world; an interrupt (a test, an embedding) does the same
            stopped.await();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        // closed with the interrupt flag clear, so stopping PostgreSQL and the servers can wait for them
        closeQuietly(page);
        world.close();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it closes the world
        }
        out.println("cutover serve: stopped (PostgreSQL, the apps, the router and the API are down)");
        out.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void closeQuietly(DashboardServer page) {
        if (page != null) {
            page.close();
        }
    }

    /** What a user needs to start: the endpoint, the ARN, where the spec is, and a command to copy. */
    static String banner(ServeWorld world) {
        String n = System.lineSeparator();
        return "cutover serve: the local runtime behind AWS's APIs" + n
                + "  endpoint       " + world.endpoint() + "  (Step Functions; Lambda Invoke for "
                + String.join(", ", LocalFunctions.NAMES) + ")" + n
                + "  state machine  " + world.stateMachineArn() + n
                + "  spec           " + world.specParameter() + ": the demo's spec (classpath:" + DemoSpec.TEMPLATE
                + ") with this world's listeners" + n
                + "  production     " + world.productionUri() + " (blue, v1, under load)   test listener "
                + world.testUri() + " (green, v2)" + n
                + n
                + "Deploy green with the AWS CLI (any credentials; region us-east-1):" + n
                + "  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1" + n
                + "  " + world.exampleCommand() + n
                + "  aws stepfunctions describe-execution --endpoint-url " + world.endpoint()
                + " --execution-arn " + world.stateMachineArn().replace(":stateMachine:", ":execution:")
                + ":orders-deploy-1" + n
                + n
                + "Ctrl-C stops everything." + n;
    }
}
