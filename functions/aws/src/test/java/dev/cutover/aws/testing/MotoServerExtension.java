package dev.cutover.aws.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import dev.cutover.aws.AwsClients;

/**
 * Runs one moto server ({@code python -m moto.server}) for the whole test JVM, on 127.0.0.1 and a free port, and
 * resets its state before each test. Register it with
 * {@code @RegisterExtension static final MotoServerExtension MOTO = new MotoServerExtension();}.
 *
 * <p>Without python or moto the tests are skipped, or fail when {@code CI=true} (CI must run them). The server's
 * output goes to {@code target/moto-server.log}.
 */
public final class MotoServerExtension implements BeforeEachCallback {

    public static final Region REGION = Region.US_EAST_1;
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final String INSTALL_HINT = "install Python 3 and moto with its server extras, e.g. "
            + "`pip install 'moto[server]==5.2.1'`, so that `python3 -m moto.server` runs";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Server server;
    private static String unavailable;
    private static RuntimeException startFailure;

    /** Starts moto on first use; a skip or failure lands on each test, where reports show it. */
    @Override
    public void beforeEach(ExtensionContext context) {
        ensureStarted();
        reset();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:45678}. */
    public URI endpoint() {
        ensureStarted();
        return server.endpoint();
    }

    /** A new client factory pointed at moto, with fake credentials and region us-east-1; close it after use. */
    public AwsClients clients() {
        return AwsClients.forEndpoint(endpoint(), REGION, CREDENTIALS);
    }

    /** Forgets every resource moto holds. */
    public void reset() {
        URI uri = endpoint().resolve("/moto-api/reset");
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "moto reset answered HTTP " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting moto", e);
        }
    }

    private static synchronized void ensureStarted() {
        if (server == null && unavailable == null && startFailure == null) {
            try {
                server = Server.start();
            } catch (MotoUnavailable e) {
                unavailable = e.getMessage();
            } catch (RuntimeException e) {
                // remembered so the next test class fails at once instead of waiting for another startup timeout
                startFailure = e;
            }
        }
        if (startFailure != null) {
            throw new IllegalStateException("moto server failed to start: " + startFailure.getMessage(), startFailure);
        }
        if (unavailable != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("moto is required on CI but " + unavailable + "; " + INSTALL_HINT);
            }
            Assumptions.abort("skipped: " + unavailable + "; " + INSTALL_HINT);
        }
    }

    /** python or moto is not there (as opposed to a bug in a test). */
    private static final class MotoUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        MotoUnavailable(String message) {
            super(message);
        }
    }

    private record Server(Process process, URI endpoint) {

        static Server start() throws MotoUnavailable {
            Path python = findPython().orElseThrow(() -> new MotoUnavailable("neither python3 nor python is on PATH"));
            Path log = logFile();
            // a free port can be taken by someone else between our probe and moto's bind: try a few
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                Process process = launch(python, port, log);
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                if (awaitReady(process, endpoint)) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "moto-server-stop"));
                    return new Server(process, endpoint);
                }
                stop(process);
                String output = readLog(log);
                if (output.contains("No module named")) {
                    throw new MotoUnavailable("moto is not installed for " + python + " (see " + log + ")");
                }
                if (!output.contains("Address already in use") || attempt == 3) {
                    throw new IllegalStateException(
                            "moto server did not start on port " + port + "; its output (" + log + "):\n" + output);
                }
            }
        }

        private static Optional<Path> findPython() {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String name : List.of("python3", "python")) {
                for (String dir : path.split(File.pathSeparator)) {
                    if (dir.isEmpty()) {
                        continue;
                    }
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        }

        private static Path logFile() {
            Path target = Path.of(System.getProperty("basedir", "."), "target");
            try {
                Files.createDirectories(target);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + target, e);
            }
            return target.resolve("moto-server.log");
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port on 127.0.0.1", e);
            }
        }

        private static Process launch(Path python, int port, Path log) throws MotoUnavailable {
            ProcessBuilder builder = new ProcessBuilder(
                            python.toString(), "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            try {
                return builder.start();
            } catch (IOException e) {
                throw new MotoUnavailable("cannot run " + python + ": " + e.getMessage());
            }
        }

        private static boolean awaitReady(Process process, URI endpoint) {
            Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
            HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    return false;
                }
                try {
                    if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return true;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        private static void stop(Process process) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private static String readLog(Path log) {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }
    }
}
